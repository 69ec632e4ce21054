/** Moving a sheet element's box on the paper (mm, origin top-left). */
import type { SheetLayout } from '../../../src-main/api/contract';

export type ElementName = keyof SheetLayout['elements'];

/**
 * A copy of `layout` with element `name` moved to (x, y) mm, kept on the paper
 * (`paperW` × `paperH` mm) so the engine's layout check never refuses it. Rounded to 0.1 mm.
 */
export function moveBox(layout: SheetLayout, name: ElementName, x: number, y: number, paperW: number, paperH: number): SheetLayout {
  const b = layout.elements[name];
  const nx = Math.round(Math.min(Math.max(0, x), Math.max(0, paperW - b.w)) * 10) / 10;
  const ny = Math.round(Math.min(Math.max(0, y), Math.max(0, paperH - b.h)) * 10) / 10;
  return { ...layout, elements: { ...layout.elements, [name]: { ...b, x: nx, y: ny } } };
}
