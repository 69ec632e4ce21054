/**
 * The one way components run an action against the engine (see `lib/action.ts`): failures
 * are reported through `fail`, the action's result or undefined comes back, and a busy
 * setter may be passed per call (a boolean flag, or which of several buttons is working).
 */
import { useCallback, useRef } from 'react';
import { runAction, type Fail } from '../lib/action';

/** Runs `body`; resolves to its value, or undefined after reporting what it threw. Never rejects. */
export type Act = <T>(body: () => Promise<T>, busy?: (on: boolean) => void) => Promise<T | undefined>;

/**
 * An {@link Act} reporting to `fail`. It keeps one identity for the component's life (the
 * latest `fail` is read at each failure), so it can sit in effect and callback dependencies.
 */
export function useAction(fail: Fail): Act {
  const failRef = useRef(fail);
  failRef.current = fail;
  return useCallback<Act>((body, busy) => runAction(body, (err) => failRef.current(err), busy), []);
}
