import { describe, expect, it } from 'vitest';
import { shortcutFor, SHORTCUTS, type KeyLike } from '../../../src-renderer/src/lib/shortcuts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('keyboard shortcuts', () => {
  it('maps the common actions', () => {
    expect(shortcutFor(key('o', { ctrlKey: true }), false)).toBe('open');
    expect(shortcutFor(key('s', { metaKey: true }), false)).toBe('save');
    expect(shortcutFor(key('F5'), false)).toBe('compute');
    expect(shortcutFor(key('Enter', { ctrlKey: true }), false)).toBe('compute');
    expect(shortcutFor(key('z', { ctrlKey: true }), false)).toBe('undo');
    expect(shortcutFor(key('Z', { ctrlKey: true, shiftKey: true }), false)).toBe('redo');
    expect(shortcutFor(key('y', { ctrlKey: true }), false)).toBe('redo');
    expect(shortcutFor(key('Escape'), false)).toBe('cancel');
    expect(shortcutFor(key('i'), false)).toBe('identify');
    expect(shortcutFor(key('m'), false)).toBe('measure');
    expect(shortcutFor(key('F1'), false)).toBe('help');
  });

  it('jumps to steps 1…10 with Alt+1 … Alt+0', () => {
    expect(shortcutFor(key('1', { altKey: true }), false)).toBe('step:0');
    expect(shortcutFor(key('4', { altKey: true }), false)).toBe('step:3');
    expect(shortcutFor(key('0', { altKey: true }), false)).toBe('step:9');
  });

  it('leaves typing, and undo inside a text field, to the field', () => {
    expect(shortcutFor(key('i'), true)).toBeNull();
    expect(shortcutFor(key('m'), true)).toBeNull();
    expect(shortcutFor(key('z', { ctrlKey: true }), true)).toBeNull();
    // Saving and computing still work from a field.
    expect(shortcutFor(key('s', { ctrlKey: true }), true)).toBe('save');
    expect(shortcutFor(key('F5'), true)).toBe('compute');
    expect(shortcutFor(key('a'), false)).toBeNull();
    expect(shortcutFor(key('c', { ctrlKey: true }), false)).toBeNull();
  });

  it('lists every action it handles in the help table', () => {
    const listed = new Set<string>(SHORTCUTS.map((s) => (s.action.startsWith('step:') ? 'step' : s.action)));
    for (const a of ['open', 'save', 'compute', 'undo', 'redo', 'cancel', 'identify', 'measure', 'help', 'step']) expect(listed.has(a), a).toBe(true);
  });
});
