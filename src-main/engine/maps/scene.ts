/**
 * The sheet as a display list: every mark of a map sheet is one primitive placed in
 * millimetres on the paper (origin top-left, y down). The sheet is composed ONCE into a
 * scene (`compose.ts`); the PDF and raster backends only translate primitives, so the same
 * layout gives the same sheet in both. Text is measured here, with the bundled font's own
 * metrics (fontkit, which pdfkit also uses), so line breaks do not depend on the backend.
 */
import { createRequire } from 'node:module';
import { resourcePath } from '../assets';
import type { PlacementReport } from './placementReport';

/** A polyline/polygon path; rings are lists of [x, y] in mm. Widths in mm. */
export interface PathPrim {
  t: 'path';
  rings: [number, number][][];
  closed: boolean;
  fill?: string;
  stroke?: string;
  width?: number;
  /** Dash and gap lengths in mm. */
  dash?: [number, number];
  /** Fill rule for polygons with holes. */
  evenOdd?: boolean;
  /** Fill opacity 0–1 (default 1), e.g. the veil over an atlas page's neighbours. */
  fillOpacity?: number;
  /** A point symbol or sheet ornament (seat, north arrow) that no text may cover. */
  symbol?: boolean;
}

/** One line of text. `size` in points; `x, y` is the anchor in mm (alphabetic baseline). */
export interface TextPrim {
  t: 'text';
  x: number;
  y: number;
  text: string;
  size: number;
  bold?: boolean;
  color: string;
  align: 'left' | 'center' | 'right';
  /** Draw a white outline under the letters (labels over the map). */
  halo?: boolean;
}

/** A box on the paper in mm (origin top-left, y down). */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Share of the em the bundled font's glyphs reach above and below the baseline (Noto Sans SC:
 * hanzi 0.84 / 0.08, Latin descenders such as g 0.25).
 */
const ASCENT = 0.88;
const DESCENT = 0.25;

/**
 * The box a line of text covers on the paper: its advance width and, vertically, from the
 * font's ascent above the baseline to its descent below it, plus the halo's width when it has one.
 */
export function textBox(p: Pick<TextPrim, 'x' | 'y' | 'text' | 'size' | 'bold' | 'align' | 'halo'>): Rect {
  const w = textWidthMm(p.text, p.size, p.bold);
  const em = p.size * MM_PER_PT;
  const pad = p.halo ? em * 0.09 : 0;
  const x = p.align === 'center' ? p.x - w / 2 : p.align === 'right' ? p.x - w : p.x;
  return { x: x - pad, y: p.y - em * ASCENT - pad, w: w + 2 * pad, h: em * (ASCENT + DESCENT) + 2 * pad };
}

/** Whether two boxes overlap (touching edges do not). */
export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** A raster placed in a box (mm); `png` is an opaque palette PNG of `pxW × pxH` pixels. */
export interface ImagePrim {
  t: 'image';
  x: number;
  y: number;
  w: number;
  h: number;
  png: Uint8Array;
  pxW: number;
  pxH: number;
}

/** Start clipping to a rectangle (mm) until the matching `unclip`. */
export interface ClipPrim {
  t: 'clip';
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Prim = PathPrim | TextPrim | ImagePrim | ClipPrim | { t: 'unclip' };

/** A composed sheet: paper size in mm and the primitives in drawing order. */
export interface Scene {
  widthMm: number;
  heightMm: number;
  prims: Prim[];
  placement: PlacementReport;
}

/**
 * Most pixels a sheet raster may have (the page of a PNG/JPG, or the map image inside a PDF):
 * A0 at 300 dpi is 139 M; beyond 2^28 the RGBA canvas alone would need over 1 GiB.
 */
export const MAX_SHEET_PIXELS = 2 ** 28;

/** Millimetres per typographic point. */
export const MM_PER_PT = 25.4 / 72;

/** The bundled fonts (built by scripts/buildFont.ts from Noto Sans SC, SIL OFL 1.1). */
export function fontPath(bold = false): string {
  return resourcePath('fonts', bold ? 'NotoSansSC-Bold.ttf' : 'NotoSansSC-Regular.ttf');
}

interface FontkitFont {
  unitsPerEm: number;
  layout(text: string): { advanceWidth: number };
}
const fonts = new Map<boolean, FontkitFont>();

function font(bold: boolean): FontkitFont {
  let f = fonts.get(bold);
  if (!f) {
    // fontkit is pdfkit's own font engine: measuring with it matches what pdfkit lays out.
    const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(path: string): FontkitFont };
    f = fontkit.openSync(fontPath(bold));
    fonts.set(bold, f);
  }
  return f;
}

/** Width in mm of `text` set at `size` pt in the bundled font. */
export function textWidthMm(text: string, size: number, bold = false): number {
  const f = font(bold);
  return (f.layout(text).advanceWidth / f.unitsPerEm) * size * MM_PER_PT;
}

/**
 * Break `text` into lines no wider than `maxMm` (at `size` pt). Breaks between any two CJK
 * characters and at spaces; never inside a run of Latin letters or digits, and never before closing punctuation (、，。；：）).
 */
export function wrapText(text: string, size: number, maxMm: number, bold = false): string[] {
  const tokens = text.match(/[A-Za-z0-9.:/\-_()]+[、，。；：）]?\s*|\s+|.[、，。；：）]?/gu) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const tok of tokens) {
    const next = line + tok;
    if (line && textWidthMm(next.trimEnd(), size, bold) > maxMm) {
      lines.push(line.trimEnd());
      line = tok.trimStart();
    } else line = next;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}
