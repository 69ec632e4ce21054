/**
 * Class schemes of the census (docs/architecture.md "Classification schemes"). Names and colours are listed from the
 * highest risk to the lowest: grade 1 is the highest risk (高 / Ⅰ级), as in the census
 * tables. The default palette follows the common provincial specs; keep it editable.
 */
import { RiskAtlasError } from './errors';

export interface ClassScheme {
  id: string;
  /** Display name of the scheme. */
  label: string;
  /** Class names, highest risk first. */
  names: string[];
  /** CSS colours, highest risk first. */
  colors: string[];
}

const RED_TO_GREEN_5 = ['#E60000', '#FF8C00', '#FFFF00', '#A3D977', '#38A800'];

export const SCHEMES: Record<string, ClassScheme> = {
  high5: { id: 'high5', label: '高/较高/中/较低/低', names: ['高', '较高', '中', '较低', '低'], colors: RED_TO_GREEN_5 },
  midhigh5: { id: 'midhigh5', label: '高/中高/中/中低/低', names: ['高', '中高', '中', '中低', '低'], colors: RED_TO_GREEN_5 },
  four: { id: 'four', label: '极高/高/中/低', names: ['极高', '高', '中', '低'], colors: ['#E60000', '#FF8C00', '#FFFF00', '#38A800'] },
  roman5: { id: 'roman5', label: 'Ⅰ–Ⅴ', names: ['Ⅰ级', 'Ⅱ级', 'Ⅲ级', 'Ⅳ级', 'Ⅴ级'], colors: RED_TO_GREEN_5 },
};

/** A scheme by id, checked against the number of classes. */
export function schemeFor(id: string, classes: number): ClassScheme {
  const s = SCHEMES[id];
  if (!s) throw new RiskAtlasError('E_MODEL_INVALID', `classification.scheme: unknown scheme "${id}" (known: ${Object.keys(SCHEMES).join(', ')})`);
  if (s.names.length !== classes) {
    throw new RiskAtlasError('E_MODEL_INVALID', `classification: scheme "${id}" has ${s.names.length} classes, the model asks for ${classes}`);
  }
  return s;
}

/** '#RRGGBB' → [r, g, b]. */
export function hexToRgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new RiskAtlasError('E_ARG_INVALID', `not a #RRGGBB colour: ${hex}`);
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
