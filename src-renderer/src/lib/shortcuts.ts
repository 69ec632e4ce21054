/**
 * Keyboard shortcuts of the workflow shell. Kept as a pure mapping from a key event to an
 * action so the table is tested and listed in the help without a browser.
 */

/** What a shortcut does. `step:<n>` jumps to the n-th workflow step (0-based). */
export type ShortcutAction = 'open' | 'save' | 'compute' | 'undo' | 'redo' | 'cancel' | 'identify' | 'measure' | 'help' | `step:${number}`;

/** The parts of a KeyboardEvent the mapping looks at. */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The shortcut table as the help shows it (Ctrl stands for ⌘ on macOS). */
export const SHORTCUTS: { keys: string; action: ShortcutAction }[] = [
  { keys: 'Ctrl+O', action: 'open' },
  { keys: 'Ctrl+S', action: 'save' },
  { keys: 'F5 / Ctrl+Enter', action: 'compute' },
  { keys: 'Ctrl+Z', action: 'undo' },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', action: 'redo' },
  { keys: 'Esc', action: 'cancel' },
  { keys: 'I', action: 'identify' },
  { keys: 'M', action: 'measure' },
  { keys: 'Alt+1 … Alt+0', action: 'step:0' },
  { keys: 'F1', action: 'help' },
];

/**
 * The action for a key press, or null. `inField` is true when the focus is in a text
 * field: there the single-letter tool keys and undo/redo belong to the field.
 */
export function shortcutFor(e: KeyLike, inField: boolean): ShortcutAction | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (key === 'F5' || (mod && key === 'Enter')) return 'compute';
  if (key === 'F1') return 'help';
  if (key === 'Escape') return 'cancel';
  if (mod && !e.altKey) {
    if (key === 'o') return 'open';
    if (key === 's') return 'save';
    if (inField) return null;
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    return null;
  }
  if (e.altKey && !mod && /^[0-9]$/.test(key)) return `step:${key === '0' ? 9 : Number(key) - 1}`;
  if (inField || e.altKey || e.shiftKey) return null;
  if (key === 'i') return 'identify';
  if (key === 'm') return 'measure';
  return null;
}
