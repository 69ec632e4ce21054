/**
 * An engine answer for a value being edited: asked a moment after the value stops changing,
 * only the newest answer kept (a stale histogram or check is never shown); its error kept
 * beside it rather than thrown, for the builder to show next to the indicator.
 */
import { useEffect, useState } from 'react';

const SETTLE_MS = 300;

export function useDebounced<T>(key: string | null, ask: () => Promise<T>): { value: T | null; error: unknown; busy: boolean } {
  const [state, setState] = useState<{ value: T | null; error: unknown; busy: boolean }>({ value: null, error: null, busy: false });
  useEffect(() => {
    if (key === null) return setState({ value: null, error: null, busy: false });
    let live = true;
    setState((s) => ({ ...s, busy: true }));
    const timer = setTimeout(() => {
      ask()
        .then((value) => live && setState({ value, error: null, busy: false }))
        .catch((error: unknown) => live && setState({ value: null, error, busy: false }));
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` stands for what `ask` reads.
  }, [key]);
  return state;
}
