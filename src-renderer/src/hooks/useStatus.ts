/**
 * The shell's two ways of telling the user something: the error bar (one error at a time,
 * from any thrown value) and the notice in the status bar (what was last done).
 */
import { useCallback, useState } from 'react';
import { asApiError, type ApiError } from '../api/client';
import type { Fail } from '../lib/action';

export interface Status {
  /** The error shown in the error bar, or null. */
  error: ApiError | null;
  /** The status bar's notice ('' for none). */
  notice: string;
  /** Show an error (any thrown value) in the error bar, replacing the one shown. */
  fail: Fail;
  /** Show a short notice in the status bar. */
  notify(text: string): void;
  /** Close the error bar. */
  dismiss(): void;
}

export function useStatus(): Status {
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const fail = useCallback((err: unknown) => setError(asApiError(err)), []);
  const notify = useCallback((text: string) => setNotice(text), []);
  const dismiss = useCallback(() => setError(null), []);
  return { error, notice, fail, notify, dismiss };
}
