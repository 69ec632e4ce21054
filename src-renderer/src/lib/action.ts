/**
 * How a user's action against the engine fails: the thrown value goes once to the shell's
 * one error channel (`fail`, the error bar) and never escapes as an unhandled rejection; a
 * busy flag, when given, is up for exactly as long as the action runs. Kept free of React so
 * it is tested without a DOM; `hooks/useAction.ts` gives it to components.
 */

/** Reports a failure (any thrown value); the shell's `fail` shows it in the error bar. */
export type Fail = (err: unknown) => void;

/**
 * Run `body`. Resolves to its value, or to undefined when it threw (the thrown value went to
 * `fail`); never rejects. `busy`, when given, is told true before `body` starts and false
 * once it has settled, either way.
 */
export async function runAction<T>(body: () => Promise<T>, fail: Fail, busy?: (on: boolean) => void): Promise<T | undefined> {
  busy?.(true);
  try {
    return await body();
  } catch (err) {
    fail(err);
    return undefined;
  } finally {
    busy?.(false);
  }
}
