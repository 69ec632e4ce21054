/**
 * The sheet's furniture outside the map body: title and subtitle, legend, scale, north arrow,
 * locator, 南海诸岛 inset and credits. Each is drawn inside its layout box and fits its text
 * there — shrinking it to the smallest legible size, wrapping it over as many lines as the box
 * holds — and tells the {@link Placement} what it covers, so graticule and map labels keep
 * clear of it. A text that cannot fit even then is reported as an overflow, never cut.
 */
import type { FeatureCollection, Feature, Position } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import { featureExtent } from '../io/vectorMeta';
import { gridExtent } from '../grid/gridSpec';
import { polygonRings } from '../grid/rasterizePolygons';
import type { Extent } from '../../../src-shared/layer';
import type { Box, SheetLayout } from './layout';
import { featureCode, type SheetRun } from './sheetData';
import type { Thematic } from './thematic';
import { formatScale, scaleBar } from './cartometry';
import { circle } from './mapLabels';
import type { Placement } from './placement';
import { MM_PER_PT, textBox, textWidthMm, wrapText, type Prim, type Rect, type TextPrim } from './scene';

export const INK = '#1A1A1A';
export const GREY = '#555555';
export const RIVER = '#3D85C6';
/** Smallest text size a sheet prints, pt (below it a box is too small and is reported). */
export const MIN_TEXT_PT = 4.5;
/** Line height as a multiple of the em. */
const LEADING = 1.3;

type TextOpts = Partial<Omit<TextPrim, 't' | 'x' | 'y' | 'text' | 'size'>>;

export function text(x: number, y: number, s: string, size: number, opts: TextOpts = {}): TextPrim {
  return { t: 'text', x, y, text: s, size, color: INK, align: 'left', ...opts };
}

export function rect(b: Rect, style: { fill?: string; stroke?: string; width?: number }): Prim {
  return { t: 'path', rings: [[[b.x, b.y], [b.x + b.w, b.y], [b.x + b.w, b.y + b.h], [b.x, b.y + b.h]]], closed: true, ...style };
}

/** Rings of polygon features and lines of line features, mapped to paper. */
export function paperRings(features: Feature[], f: (x: number, y: number) => [number, number], kind: 'polygon' | 'line'): [number, number][][] {
  const out: [number, number][][] = [];
  const add = (ring: Position[]): void => {
    out.push(ring.map((p) => f(p[0]!, p[1]!)));
  };
  for (const feat of features) {
    const g = feat.geometry;
    if (!g) continue;
    if (kind === 'polygon') polygonRings(g).forEach(add);
    else if (g.type === 'LineString') add(g.coordinates);
    else if (g.type === 'MultiLineString') g.coordinates.forEach(add);
    else if (g.type === 'Polygon' || g.type === 'MultiPolygon') polygonRings(g).forEach(add);
  }
  return out;
}

/** The features of `fc` whose XZQDM (or CODE/DM) equals `code`. */
export function unitFeatures(fc: FeatureCollection | undefined, code: string): Feature[] {
  return fc?.features.filter((f) => featureCode(f) === code) ?? [];
}

/** The largest size ≤ `size` (pt) at which `s` is at most `maxMm` wide. */
function fitWidth(s: string, size: number, maxMm: number, bold = false): number {
  const w = textWidthMm(s, size, bold);
  return w > maxMm ? (size * maxMm) / w : size;
}

/** Title and subtitle, centred in the title box, each shrunk to fit its width; their ink is occupied. */
export function titleBlock(layout: SheetLayout, placement: Placement): Prim[] {
  const b = layout.elements.title;
  const { title, subtitle } = layout.texts;
  const out: TextPrim[] = [];
  const cx = b.x + b.w / 2;
  if (!subtitle) {
    const size = fitWidth(title, (b.h * 0.62) / MM_PER_PT, b.w * 0.95, true);
    out.push(text(cx, b.y + b.h * 0.72, title, size, { align: 'center', bold: true }));
  } else {
    // Title on the upper 60 %, subtitle on the rest: both within the box, never below it.
    const size = fitWidth(title, (b.h * 0.5) / MM_PER_PT, b.w * 0.95, true);
    const em = size * MM_PER_PT;
    out.push(text(cx, b.y + b.h * 0.06 + em * 0.88, title, size, { align: 'center', bold: true }));
    const room = b.h - (b.h * 0.06 + em * 1.13);
    const sub = fitWidth(subtitle, Math.min(size * 0.45, (room * 0.9) / MM_PER_PT / 1.13), b.w * 0.95);
    out.push(text(cx, b.y + b.h - room * 0.12 - sub * MM_PER_PT * 0.25, subtitle, sub, { align: 'center', color: GREY }));
    if (sub < MIN_TEXT_PT) placement.overflows('title');
  }
  for (const t of out) placement.occupy(textBox(t), 'title');
  return out;
}

/** One legend row: swatch, class name and (for graded maps) its value range. */
interface LegendLayout {
  u: number;
  fs: number;
  rowH: number;
  headingLines: string[];
  noteLines: string[];
  height: number;
  width: number;
}

function legendLayoutAt(u: number, layout: SheetLayout, th: Thematic, symbols: number, b: Box): LegendLayout {
  const pad = 3 * u;
  const fs = 9 * u;
  const em = fs * MM_PER_PT;
  const sw = 10 * u;
  const inner = b.w - 2 * pad;
  const headingLines = wrapText(th.heading, fs, inner, true);
  const noteLines = th.note ? wrapText(th.note, fs * 0.85, inner) : [];
  const rowH = Math.max(5.5 * u + 1.2 * u, em * LEADING);
  const rangeW = Math.max(0, ...th.classes.map((c) => (c.range ? textWidthMm(c.range, fs * 0.85) : 0)));
  const nameW = Math.max(0, ...th.classes.map((c) => textWidthMm(c.name, fs)), ...['县界', '乡镇界', '河流', '驻地'].map((s) => textWidthMm(s, fs)));
  const titleEm = 12 * u * MM_PER_PT;
  const height = pad + titleEm * 1.13 + 3 * u + headingLines.length * em * LEADING + 1.5 * u + th.classes.length * rowH + noteLines.length * fs * 0.85 * MM_PER_PT * LEADING + 1.5 * u + symbols * symbolRow(u, em) + pad;
  const width = 2 * pad + sw + 2 * u + nameW + (rangeW ? 3 * u + rangeW : 0);
  return { u, fs, rowH, headingLines, noteLines, height, width: Math.max(width, textWidthMm(layout.texts.legendTitle, 12 * u, true) + 2 * pad) };
}

/** Height of a legend row of a line or point symbol, mm. */
const symbolRow = (u: number, em: number): number => Math.max(4.5 * u, em * LEADING);

/** The legend: an opaque framed box with the classes, their ranges and the symbols of the map body. */
export function legend(layout: SheetLayout, run: SheetRun, th: Thematic, placement: Placement): Prim[] {
  const b = layout.elements.legend;
  const symbols: [string, (x: number, y: number, sw: number, u: number) => Prim][] = [];
  const line = (style: { stroke: string; width: number; dash?: [number, number] }) => (x: number, y: number, sw: number): Prim => ({ t: 'path', rings: [[[x, y], [x + sw, y]]], closed: false, ...style });
  if (run.county) symbols.push(['县界', line({ stroke: INK, width: 0.6 })]);
  if (run.townships && layout.show.townships) symbols.push(['乡镇界', line({ stroke: GREY, width: 0.3, dash: [1.5, 0.7] })]);
  if (run.rivers && layout.show.rivers) symbols.push(['河流', line({ stroke: RIVER, width: 0.45 })]);
  if (run.seats && layout.show.seats) symbols.push(['驻地', (x, y, sw, u) => ({ t: 'path', rings: [circle(x + sw / 2, y, 1.1 * u)], closed: true, fill: '#FFFFFF', stroke: INK, width: 0.3 })]);
  // The largest scale (at most 1.6× the nominal) at which everything fits the box.
  let L = legendLayoutAt(Math.min(b.w / 62, 1.6), layout, th, symbols.length, b);
  while ((L.height > b.h || L.width > b.w) && L.fs > MIN_TEXT_PT) L = legendLayoutAt(L.u * 0.94, layout, th, symbols.length, b);
  if (L.height > b.h + 1e-6 || L.width > b.w + 1e-6) placement.overflows('legend');
  const { u, fs } = L;
  const pad = 3 * u;
  const sw = 10 * u;
  const sh = 5.5 * u;
  const em = fs * MM_PER_PT;
  const prims: Prim[] = [rect(b, { fill: '#FFFFFF', stroke: INK, width: 0.25 })];
  let y = b.y + pad + 12 * u * MM_PER_PT * 0.95;
  prims.push(text(b.x + b.w / 2, y, layout.texts.legendTitle, 12 * u, { align: 'center', bold: true }));
  y += 12 * u * MM_PER_PT * 0.18 + 3 * u;
  for (const h of L.headingLines) {
    y += em * LEADING;
    prims.push(text(b.x + pad, y - em * 0.3, h, fs, { bold: true }));
  }
  y += 1.5 * u;
  for (const c of th.classes) {
    const top = y + (L.rowH - sh) / 2;
    prims.push(rect({ x: b.x + pad, y: top, w: sw, h: sh }, { fill: c.color, stroke: INK, width: 0.15 }));
    const ty = top + sh / 2 + em * 0.32;
    prims.push(text(b.x + pad + sw + 2 * u, ty, c.name, fs));
    if (c.range) prims.push(text(b.x + b.w - pad, ty, c.range, fs * 0.85, { align: 'right', color: GREY }));
    y += L.rowH;
  }
  for (const n of L.noteLines) {
    y += fs * 0.85 * MM_PER_PT * LEADING;
    prims.push(text(b.x + pad, y - fs * 0.85 * MM_PER_PT * 0.3, n, fs * 0.85, { color: GREY }));
  }
  y += 1.5 * u;
  const symRow = symbolRow(u, em);
  for (const [name, draw] of symbols) {
    const mid = y + symRow / 2;
    prims.push(draw(b.x + pad, mid, sw, u));
    prims.push(text(b.x + pad + sw + 2 * u, mid + em * 0.32, name, fs));
    y += symRow;
  }
  placement.occupy(b, 'legend');
  return prims;
}

/** Numeric and bar scale: 比例尺 1:N above a bar of round segments with their lengths and unit. */
export function scaleElement(layout: SheetLayout, denominator: number, placement: Placement): Prim[] {
  const b = layout.elements.scaleBar;
  const u = Math.min(b.h / 14, b.w / 62, 1.6);
  const fs = Math.max(MIN_TEXT_PT, 9 * u);
  const em = fs * MM_PER_PT;
  const prims: Prim[] = [];
  const caption = `比例尺  ${formatScale(denominator)}`;
  prims.push(text(b.x + b.w / 2, b.y + em * 1.1 * 0.88 + 0.5, caption, fitWidth(caption, fs * 1.1, b.w), { align: 'center' }));
  const unitW = textWidthMm('千米', fs * 0.85) + 2;
  const edge = textWidthMm('000', fs * 0.85) / 2 + 1;
  const bar = scaleBar(denominator, Math.max(5, b.w - unitW - 2 * edge));
  const total = bar.segmentMm * bar.segments;
  const x0 = b.x + (b.w - total - unitW) / 2;
  const y0 = b.y + em * 2.2 + 1.5;
  const hh = 1.6 * u;
  for (let i = 0; i < bar.segments; i++) prims.push(rect({ x: x0 + i * bar.segmentMm, y: y0, w: bar.segmentMm, h: hh }, { fill: i % 2 ? '#FFFFFF' : INK, stroke: INK, width: 0.2 }));
  const div = bar.unit === 'km' ? 1000 : 1;
  // Tick values under the bar: all of them, or only the ends and the middle when neighbours would touch.
  const values = Array.from({ length: bar.segments + 1 }, (_, i) => `${Number(((i * bar.segmentM) / div).toFixed(3))}`);
  const widest = Math.max(...values.map((s) => textWidthMm(s, fs * 0.85)));
  const shown = widest + 1 <= bar.segmentMm ? values.map((_, i) => i) : [0, ...(bar.segments % 2 === 0 ? [bar.segments / 2] : []), bar.segments];
  for (const i of shown) prims.push(text(x0 + i * bar.segmentMm, y0 + hh + em * 0.85 + 0.8, values[i]!, fs * 0.85, { align: 'center' }));
  prims.push(text(x0 + total + 2, y0 + hh, bar.unit === 'km' ? '千米' : '米', fs * 0.85));
  placement.occupy(b, 'scaleBar');
  return prims;
}

/** The north arrow (grid north), a symbol no label may cover. */
export function northArrow(layout: SheetLayout, placement: Placement): Prim[] {
  const b = layout.elements.northArrow;
  const cx = b.x + b.w / 2;
  const top = b.y + b.h * 0.3;
  const bottom = b.y + b.h;
  const half = b.w * 0.28;
  const mid = bottom - (bottom - top) * 0.3;
  placement.occupy(b, 'northArrow');
  return [
    { t: 'path', rings: [[[cx, top], [cx - half, bottom], [cx, mid]]], closed: true, fill: INK, stroke: INK, width: 0.2, symbol: true },
    { t: 'path', rings: [[[cx, top], [cx + half, bottom], [cx, mid]]], closed: true, fill: '#FFFFFF', stroke: INK, width: 0.2, symbol: true },
    text(cx, b.y + b.h * 0.24, '北', Math.min((b.h * 0.22) / MM_PER_PT, (b.w * 0.9) / MM_PER_PT), { align: 'center', bold: true }),
  ];
}

/** Ground → paper transform fitting `ext` into box `b` with `margin` mm. */
function fitInto(b: Rect, ext: Extent, margin: number): (x: number, y: number) => [number, number] {
  const k = Math.min((b.w - 2 * margin) / (ext[2] - ext[0]), (b.h - 2 * margin) / (ext[3] - ext[1]));
  const cx = (ext[0] + ext[2]) / 2;
  const cy = (ext[1] + ext[3]) / 2;
  return (x, y) => [b.x + b.w / 2 + (x - cx) * k, b.y + b.h / 2 - (y - cy) * k];
}

/** 位置示意图: the county (or the user's layer) with the map frame's footprint. */
export function locator(layout: SheetLayout, run: SheetRun, frameExtent: Extent, placement: Placement, extra?: FeatureCollection): Prim[] {
  const b = layout.elements.locator;
  const u = Math.min(b.w / 62, 1.6);
  const fs = fitWidth('位置示意图', Math.max(MIN_TEXT_PT, 9 * u), b.w - 4, true);
  const prims: Prim[] = [rect(b, { fill: '#FFFFFF', stroke: INK, width: 0.25 })];
  prims.push(text(b.x + 2, b.y + fs * MM_PER_PT + 1.5, '位置示意图', fs, { bold: true }));
  const inner: Box = { x: b.x, y: b.y + fs * MM_PER_PT + 2, w: b.w, h: b.h - fs * MM_PER_PT - 2, visible: true };
  const base = extra ?? run.county;
  const ext = (base && featureExtent(base)) || gridExtent(run.grid);
  const f = fitInto(inner, ext, 2.5);
  if (extra) prims.push({ t: 'path', rings: paperRings(extra.features, f, 'polygon'), closed: true, fill: '#F2F2F2', stroke: GREY, width: 0.2, evenOdd: true });
  if (run.townships && !extra) prims.push({ t: 'path', rings: paperRings(run.townships.features, f, 'polygon'), closed: true, fill: '#F2F2F2', stroke: '#9E9E9E', width: 0.15, evenOdd: true });
  if (layout.focusUnit && run.townships) {
    prims.push({ t: 'path', rings: paperRings(unitFeatures(run.townships, layout.focusUnit), f, 'polygon'), closed: true, fill: '#E06666', stroke: '#C00000', width: 0.2, evenOdd: true });
  }
  if (run.county) prims.push({ t: 'path', rings: paperRings(run.county.features, f, 'polygon'), closed: true, ...(extra ? { fill: '#E06666' } : {}), stroke: INK, width: 0.35, evenOdd: true });
  // The map frame's footprint, when it does not cover the whole locator.
  const e = frameExtent;
  const [ax, ay] = f(e[0], e[3]);
  const [bx, by] = f(e[2], e[1]);
  const [cx0, cy0] = f(ext[0], ext[3]);
  const [cx1, cy1] = f(ext[2], ext[1]);
  if (ax > cx0 + 0.5 || ay > cy0 + 0.5 || bx < cx1 - 0.5 || by < cy1 - 0.5) prims.push({ t: 'clip', ...inner }, rect({ x: ax, y: ay, w: bx - ax, h: by - ay }, { stroke: '#C00000', width: 0.35 }), { t: 'unclip' });
  placement.occupy(b, 'locator');
  return prims;
}

/** The 南海诸岛 inset, drawing the user's layer (RiskAtlas bundles no national boundary data). */
export function southChinaSea(layout: SheetLayout, placement: Placement, layer: FeatureCollection | undefined): Prim[] {
  const b = layout.elements.southChinaSea;
  if (!layer) throw new RiskAtlasError('E_ARG_INVALID', 'layout elements.southChinaSea is shown but southChinaSeaLayer names no file: RiskAtlas bundles no national boundary data; give the 南海诸岛 layer of your standard basemap');
  const ext = featureExtent(layer);
  const prims: Prim[] = [rect(b, { fill: '#FFFFFF', stroke: INK, width: 0.3 })];
  if (ext) {
    const f = fitInto(b, ext, 2);
    prims.push({ t: 'clip', ...b }, { t: 'path', rings: paperRings(layer.features, f, 'polygon'), closed: true, fill: '#F2F2F2', stroke: GREY, width: 0.2, evenOdd: true }, { t: 'unclip' });
  }
  const u = Math.min(b.w / 30, 1.6);
  prims.push(text(b.x + b.w - 1.5, b.y + b.h - 1.5, '南海诸岛', fitWidth('南海诸岛', 8 * u, b.w - 3), { align: 'right' }));
  placement.occupy(b, 'southChinaSea');
  return prims;
}

/**
 * 制图单位, 制图时间, the CRS note, 审图号 and 数据来源, wrapped over as many lines as needed at
 * the largest size (≤ the nominal one) at which they all fit the box.
 */
export function credits(layout: SheetLayout, placement: Placement): Prim[] {
  const b = layout.elements.credits;
  const t = layout.texts;
  const rows = [
    t.compiler && `制图单位：${t.compiler}`,
    t.date && `制图时间：${t.date}`,
    t.crsNote,
    t.reviewNumber && `审图号：${t.reviewNumber}`,
    t.sources && `数据来源：${t.sources}`,
  ].filter(Boolean) as string[];
  let fs = 8.5 * Math.min(b.w / 62, 1.6);
  const linesAt = (size: number): string[] => rows.flatMap((r) => wrapText(r, size, b.w - 2));
  let lines = linesAt(fs);
  while (lines.length * fs * MM_PER_PT * 1.45 > b.h && fs > MIN_TEXT_PT) {
    fs = Math.max(MIN_TEXT_PT, fs * 0.94);
    lines = linesAt(fs);
  }
  const lh = fs * MM_PER_PT * 1.45;
  if (lines.length * lh > b.h + 1e-6) placement.overflows('credits');
  placement.occupy(b, 'credits');
  return lines.map((line, i) => text(b.x + 1, b.y + lh * (i + 1) - lh * 0.3, line, fs));
}
