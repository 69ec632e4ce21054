/**
 * The shell's keyboard shortcuts on the window: the key table is `lib/shortcuts.ts`; here
 * each action it names is given what it does. A recognised key never reaches the page.
 */
import { useEffect, useRef } from 'react';
import { shortcutFor, type ShortcutAction } from '../lib/shortcuts';

/** The shortcut actions other than the step jumps. */
type Command = Exclude<ShortcutAction, `step:${number}`>;

/** What each shortcut does; `step` receives the step's index (0-based). */
export type ShortcutHandlers = Record<Command, () => void> & { step(index: number): void };

/** Listens while the shell is mounted; `handlers` may change at every render (they are read through a ref). */
export function useShortcuts(handlers: ShortcutHandlers): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const el = e.target as HTMLElement | null;
      const inField = !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
      const action = shortcutFor(e, inField);
      if (!action) return;
      e.preventDefault();
      if (action.startsWith('step:')) current.current.step(Number(action.slice(5)));
      else current.current[action as Command]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
