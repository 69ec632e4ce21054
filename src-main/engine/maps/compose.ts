/**
 * Compose a map sheet: layout + run + thematic layer → a {@link Scene} (primitives in mm).
 * The map body is drawn in the run's analysis CRS (projected, metres) at 1:denominator,
 * north-up on the grid; the graticule is CGCS2000 longitude/latitude (EPSG:4490) projected
 * through proj4, so its lines are as curved as the projection makes them.
 */
import type { Feature, FeatureCollection, Position } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import { transformer } from '../crs/registry';
import { featureExtent } from '../io/vectorMeta';
import { gridExtent } from '../grid/gridSpec';
import { polygonRings, pointInRing } from '../grid/rasterizePolygons';
import { hexToRgb } from '../../../src-shared/schemes';
import { encodePalettePng } from '../export/png';
import type { Extent } from '../../../src-shared/layer';
import { paperSize, type Box, type SheetLayout } from './layout';
import { featureCode, featureName, type SheetRun } from './sheetData';
import type { Thematic } from './thematic';
import { formatDegrees, formatScale, graticuleStep, niceScaleDenominator, scaleBar } from './cartometry';
import { MAX_SHEET_PIXELS, MM_PER_PT, textWidthMm, wrapText, type Prim, type Scene } from './scene';

const INK = '#1A1A1A';
const GREY = '#555555';
const RIVER = '#3D85C6';
/** Share of the map frame a fitted extent may fill (the rest is margin for labels). */
const FIT_FILL = 0.92;

/** Where the map frame's ground extent sits on the paper. */
export interface MapFrame {
  box: Box;
  denominator: number;
  /** Ground centre of the frame, analysis CRS. */
  cx: number;
  cy: number;
  /** Ground → paper (mm). */
  toPaper(x: number, y: number): [number, number];
  /** Paper (mm) → ground. */
  toGround(px: number, py: number): [number, number];
  /** Ground extent the frame shows. */
  extent: Extent;
}

/** The features of `fc` whose XZQDM (or CODE/DM) equals `code`. */
function unitFeatures(fc: FeatureCollection | undefined, code: string): Feature[] {
  return fc?.features.filter((f) => featureCode(f) === code) ?? [];
}

/** The frame of the map body: fixed scale centred on the area, or the round scale that fits it. */
export function mapFrame(layout: SheetLayout, run: SheetRun): MapFrame {
  const box = layout.elements.map;
  let ext: Extent | null = null;
  if (layout.focusUnit) {
    const feats = unitFeatures(run.townships, layout.focusUnit);
    if (!feats.length) throw new RiskAtlasError('E_ARG_INVALID', `layout focusUnit: no township with code ${layout.focusUnit}`);
    ext = featureExtent({ type: 'FeatureCollection', features: feats });
  }
  ext ??= (run.county && featureExtent(run.county)) || gridExtent(run.grid);
  const cx = (ext[0] + ext[2]) / 2;
  const cy = (ext[1] + ext[3]) / 2;
  const denominator =
    layout.scale.mode === 'fixed'
      ? layout.scale.denominator
      : niceScaleDenominator(Math.max((ext[2] - ext[0]) / ((box.w * FIT_FILL) / 1000), (ext[3] - ext[1]) / ((box.h * FIT_FILL) / 1000)));
  const k = 1000 / denominator; // mm of paper per metre of ground
  const mx = box.x + box.w / 2;
  const my = box.y + box.h / 2;
  return {
    box,
    denominator,
    cx,
    cy,
    toPaper: (x, y) => [mx + (x - cx) * k, my - (y - cy) * k],
    toGround: (px, py) => [cx + (px - mx) / k, cy - (py - my) / k],
    extent: [cx - box.w / 2 / k, cy - box.h / 2 / k, cx + box.w / 2 / k, cy + box.h / 2 / k],
  };
}

/** Pixel size of a box at `dpi`. */
function pixels(b: Box, dpi: number): [number, number] {
  return [Math.max(1, Math.round((b.w / 25.4) * dpi)), Math.max(1, Math.round((b.h / 25.4) * dpi))];
}

/**
 * The thematic raster resampled (nearest, at pixel centres) to the map frame at the sheet's
 * dpi, as an opaque palette PNG: index 0 is the paper white (nodata), 1…n the classes.
 */
export function thematicImage(frame: MapFrame, run: SheetRun, th: Thematic, dpi: number): { png: Uint8Array; pxW: number; pxH: number } {
  const [pxW, pxH] = pixels(frame.box, dpi);
  if (pxW * pxH > MAX_SHEET_PIXELS) {
    throw new RiskAtlasError('E_ARG_INVALID', `the map image would be ${pxW} × ${pxH} pixels at ${dpi} dpi (at most ${MAX_SHEET_PIXELS / 2 ** 20} M): lower the layout's dpi`, { params: { width: pxW, height: pxH } });
  }
  const g = run.grid;
  const idx = new Uint8Array(pxW * pxH);
  const mmPerPx = frame.box.w / pxW;
  const mmPerPy = frame.box.h / pxH;
  for (let r = 0; r < pxH; r++) {
    const [, y] = frame.toGround(frame.box.x, frame.box.y + (r + 0.5) * mmPerPy);
    const row = Math.floor((g.originY - y) / g.cellSize);
    if (row < 0 || row >= g.height) continue;
    for (let c = 0; c < pxW; c++) {
      const [x] = frame.toGround(frame.box.x + (c + 0.5) * mmPerPx, 0);
      const col = Math.floor((x - g.originX) / g.cellSize);
      if (col < 0 || col >= g.width) continue;
      const v = th.cells[row * g.width + col]!;
      if (v <= th.classes.length) idx[r * pxW + c] = v;
    }
  }
  const palette: [number, number, number, number][] = [[255, 255, 255, 255], ...th.classes.map((c) => [...hexToRgb(c.color), 255] as [number, number, number, number])];
  return { png: encodePalettePng(pxW, pxH, idx, palette), pxW, pxH };
}

function text(x: number, y: number, s: string, size: number, opts: Partial<Omit<Extract<Prim, { t: 'text' }>, 't' | 'x' | 'y' | 'text' | 'size'>> = {}): Prim {
  return { t: 'text', x, y, text: s, size, color: INK, align: 'left', ...opts };
}

function rect(b: { x: number; y: number; w: number; h: number }, style: { fill?: string; stroke?: string; width?: number }): Prim {
  return { t: 'path', rings: [[[b.x, b.y], [b.x + b.w, b.y], [b.x + b.w, b.y + b.h], [b.x, b.y + b.h]]], closed: true, ...style };
}

/** Rings of polygon features and lines of line features, mapped to paper. */
function paperRings(features: Feature[], f: (x: number, y: number) => [number, number], kind: 'polygon' | 'line'): [number, number][][] {
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

/** A label point inside a polygon feature: the centroid of its largest ring if inside, else the best interior scan-line midpoint. */
export function labelPoint(feat: Feature): [number, number] | null {
  const rings = polygonRings(feat.geometry);
  if (!rings.length) return null;
  let outer = rings[0]!;
  let best = -1;
  for (const r of rings) {
    let a = 0;
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j]![0]! - r[i]![0]!) * (r[j]![1]! + r[i]![1]!);
    if (Math.abs(a) > best) {
      best = Math.abs(a);
      outer = r;
    }
  }
  let a = 0, sx = 0, sy = 0;
  for (let i = 0, j = outer.length - 1; i < outer.length; j = i++) {
    const [x0, y0] = outer[j]! as [number, number];
    const [x1, y1] = outer[i]! as [number, number];
    const cr = x0 * y1 - x1 * y0;
    a += cr;
    sx += (x0 + x1) * cr;
    sy += (y0 + y1) * cr;
  }
  const c: [number, number] = [sx / (3 * a), sy / (3 * a)];
  if (pointInRing(c[0], c[1], outer)) return c;
  // Concave ring: the midpoint of the widest inside span on the horizontal line through the centroid.
  const xs: number[] = [];
  for (let i = 0, j = outer.length - 1; i < outer.length; j = i++) {
    const [x0, y0] = outer[j]! as [number, number];
    const [x1, y1] = outer[i]! as [number, number];
    if ((y0 > c[1]) !== (y1 > c[1])) xs.push(x0 + ((c[1] - y0) / (y1 - y0)) * (x1 - x0));
  }
  xs.sort((p, q) => p - q);
  let span: [number, number] | null = null;
  for (let i = 0; i + 1 < xs.length; i += 2) if (!span || xs[i + 1]! - xs[i]! > span[1] - span[0]) span = [xs[i]!, xs[i + 1]!];
  return span ? [(span[0] + span[1]) / 2, c[1]] : c;
}

function graticule(layout: SheetLayout, frame: MapFrame, epsg: number, prims: Prim[], labels: Prim[]): void {
  const { box } = frame;
  const toLonLat = transformer(epsg, 4490);
  const fromLonLat = transformer(4490, epsg);
  // Lon/lat range of the frame, from points along its border.
  let lon0 = Infinity, lon1 = -Infinity, lat0 = Infinity, lat1 = -Infinity;
  for (let i = 0; i <= 20; i++) {
    for (const [px, py] of [[box.x + (box.w * i) / 20, box.y], [box.x + (box.w * i) / 20, box.y + box.h], [box.x, box.y + (box.h * i) / 20], [box.x + box.w, box.y + (box.h * i) / 20]] as const) {
      const [lon, lat] = toLonLat(...frame.toGround(px, py));
      lon0 = Math.min(lon0, lon); lon1 = Math.max(lon1, lon); lat0 = Math.min(lat0, lat); lat1 = Math.max(lat1, lat);
    }
  }
  const step = layout.graticule.intervalDeg ?? graticuleStep(Math.min(lon1 - lon0, lat1 - lat0));
  const size = 7 * Math.min(box.w, box.h) / 250 + 4;
  const lines: [number, number][][] = [];
  const eps = 1e-9;
  const edgeLabel = (pts: [number, number][], axis: 'lon' | 'lat', value: number): void => {
    const label = formatDegrees(value, axis);
    for (let i = 1; i < pts.length; i++) {
      const [x0, y0] = pts[i - 1]!;
      const [x1, y1] = pts[i]!;
      if (axis === 'lon') {
        for (const [edge, dy] of [[box.y + box.h, size * MM_PER_PT + 1], [box.y, -1.2]] as const) {
          if ((y0 - edge) * (y1 - edge) <= 0 && y0 !== y1) {
            const x = x0 + ((edge - y0) / (y1 - y0)) * (x1 - x0);
            if (x > box.x + 2 && x < box.x + box.w - 2) labels.push(text(x, edge + dy, label, size, { align: 'center', color: GREY }));
          }
        }
      } else {
        // Inside the frame, above the line: outside it they would run into the margin or the side column.
        for (const [edge, dx, align] of [[box.x, 1, 'left'], [box.x + box.w, -1, 'right']] as const) {
          if ((x0 - edge) * (x1 - edge) <= 0 && x0 !== x1) {
            const y = y0 + ((edge - x0) / (x1 - x0)) * (y1 - y0);
            if (y > box.y + 4 && y < box.y + box.h - 1) labels.push(text(edge + dx, y - 0.8, label, size, { align, color: GREY, halo: true }));
          }
        }
      }
    }
  };
  const N = 60;
  const dl = (lat1 - lat0) * 0.05 + step;
  const dn = (lon1 - lon0) * 0.05 + step;
  for (let lon = Math.ceil(lon0 / step - eps) * step; lon <= lon1 + eps; lon += step) {
    const pts = Array.from({ length: N + 1 }, (_, i) => frame.toPaper(...fromLonLat(lon, lat0 - dl + ((lat1 - lat0 + 2 * dl) * i) / N)));
    lines.push(pts);
    edgeLabel(pts, 'lon', lon);
  }
  for (let lat = Math.ceil(lat0 / step - eps) * step; lat <= lat1 + eps; lat += step) {
    const pts = Array.from({ length: N + 1 }, (_, i) => frame.toPaper(...fromLonLat(lon0 - dn + ((lon1 - lon0 + 2 * dn) * i) / N, lat)));
    lines.push(pts);
    edgeLabel(pts, 'lat', lat);
  }
  prims.push({ t: 'path', rings: lines, closed: false, stroke: '#8C8C8C', width: 0.15 });
}

function legend(layout: SheetLayout, run: SheetRun, th: Thematic, prims: Prim[]): void {
  const b = layout.elements.legend;
  const u = Math.min(b.w / 62, 1.6);
  const pad = 3 * u;
  const sw = 10 * u;
  const sh = 5.5 * u;
  const fs = 9 * u;
  prims.push(text(b.x + b.w / 2, b.y + pad + 12 * u * MM_PER_PT, layout.texts.legendTitle, 12 * u, { align: 'center', bold: true }));
  let y = b.y + pad + 12 * u * MM_PER_PT + 3 * u;
  prims.push(text(b.x + pad, y + fs * MM_PER_PT, th.heading, fs, { bold: true }));
  y += fs * MM_PER_PT + 2 * u;
  // Rows shrink when many classes share a short box, but never below a legible 2 mm.
  const row = Math.max(2, Math.min(sh + 1.8 * u, (b.y + b.h - y - 22 * u) / Math.max(th.classes.length, 1)));
  for (const c of th.classes) {
    prims.push(rect({ x: b.x + pad, y, w: sw, h: Math.min(sh, row - 0.8) }, { fill: c.color, stroke: INK, width: 0.15 }));
    const ty = y + Math.min(sh, row - 0.8) / 2 + (fs * MM_PER_PT) / 3;
    prims.push(text(b.x + pad + sw + 2 * u, ty, c.name, fs));
    if (c.range) prims.push(text(b.x + b.w - pad, ty, c.range, fs * 0.85, { align: 'right', color: GREY }));
    y += row;
  }
  // Line and point symbols of the map body.
  y += 1.5 * u;
  const sym = (label: string, draw: (x: number, yy: number) => Prim): void => {
    if (y + sh > b.y + b.h) return;
    prims.push(draw(b.x + pad, y + sh / 2));
    prims.push(text(b.x + pad + sw + 2 * u, y + sh / 2 + (fs * MM_PER_PT) / 3, label, fs));
    y += sh + 1.2 * u;
  };
  const line = (style: { stroke: string; width: number; dash?: [number, number] }) => (x: number, yy: number): Prim => ({ t: 'path', rings: [[[x, yy], [x + sw, yy]]], closed: false, ...style });
  if (run.county) sym('县界', line({ stroke: INK, width: 0.6 }));
  if (run.townships && layout.show.townships) sym('乡镇界', line({ stroke: GREY, width: 0.3, dash: [1.5, 0.7] }));
  if (run.rivers && layout.show.rivers) sym('河流', line({ stroke: RIVER, width: 0.45 }));
  if (run.seats && layout.show.seats) sym('驻地', (x, yy) => ({ t: 'path', rings: [circle(x + sw / 2, yy, 1.1 * u)], closed: true, fill: '#FFFFFF', stroke: INK, width: 0.3 }));
  prims.push(rect(b, { stroke: INK, width: 0.25 }));
}

function circle(cx: number, cy: number, r: number): [number, number][] {
  return Array.from({ length: 24 }, (_, i) => [cx + r * Math.cos((i * Math.PI) / 12), cy + r * Math.sin((i * Math.PI) / 12)] as [number, number]);
}

function scaleElement(layout: SheetLayout, frame: MapFrame, prims: Prim[]): void {
  const b = layout.elements.scaleBar;
  const u = Math.min(b.h / 14, b.w / 62, 1.6);
  const fs = 9 * u;
  prims.push(text(b.x + b.w / 2, b.y + fs * MM_PER_PT + 1, `比例尺  ${formatScale(frame.denominator)}`, fs * 1.1, { align: 'center' }));
  const bar = scaleBar(frame.denominator, b.w * 0.8);
  const total = bar.segmentMm * bar.segments;
  const x0 = b.x + (b.w - total) / 2;
  const y0 = b.y + fs * MM_PER_PT * 2.4 + 1.5;
  const hh = 1.6 * u;
  for (let i = 0; i < bar.segments; i++) prims.push(rect({ x: x0 + i * bar.segmentMm, y: y0, w: bar.segmentMm, h: hh }, { fill: i % 2 ? '#FFFFFF' : INK, stroke: INK, width: 0.2 }));
  const unit = bar.unit === 'km' ? 1000 : 1;
  for (let i = 0; i <= bar.segments; i++) {
    const v = (i * bar.segmentM) / unit;
    prims.push(text(x0 + i * bar.segmentMm, y0 + hh + fs * MM_PER_PT + 0.8, `${Number(v.toFixed(3))}`, fs * 0.85, { align: 'center' }));
  }
  prims.push(text(x0 + total + 2, y0 + hh, bar.unit === 'km' ? '千米' : '米', fs * 0.85));
}

function northArrow(layout: SheetLayout, prims: Prim[]): void {
  const b = layout.elements.northArrow;
  const cx = b.x + b.w / 2;
  const top = b.y + b.h * 0.3;
  const bottom = b.y + b.h;
  const half = b.w * 0.28;
  const mid = bottom - (bottom - top) * 0.3;
  prims.push({ t: 'path', rings: [[[cx, top], [cx - half, bottom], [cx, mid]]], closed: true, fill: INK, stroke: INK, width: 0.2 });
  prims.push({ t: 'path', rings: [[[cx, top], [cx + half, bottom], [cx, mid]]], closed: true, fill: '#FFFFFF', stroke: INK, width: 0.2 });
  prims.push(text(cx, b.y + b.h * 0.25, '北', (b.h * 0.24) / MM_PER_PT, { align: 'center', bold: true }));
}

/** Draw `layers` fitted into box `b` (with margin), returning the ground → paper transform used. */
function fitInto(b: Box, ext: Extent, margin: number): (x: number, y: number) => [number, number] {
  const k = Math.min((b.w - 2 * margin) / (ext[2] - ext[0]), (b.h - 2 * margin) / (ext[3] - ext[1]));
  const cx = (ext[0] + ext[2]) / 2;
  const cy = (ext[1] + ext[3]) / 2;
  return (x, y) => [b.x + b.w / 2 + (x - cx) * k, b.y + b.h / 2 - (y - cy) * k];
}

function locator(layout: SheetLayout, run: SheetRun, frame: MapFrame, prims: Prim[], extra?: FeatureCollection): void {
  const b = layout.elements.locator;
  const u = Math.min(b.w / 62, 1.6);
  const fs = 9 * u;
  prims.push(rect(b, { fill: '#FFFFFF', stroke: INK, width: 0.25 }));
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
  const e = frame.extent;
  const [ax, ay] = f(e[0], e[3]);
  const [bx, by] = f(e[2], e[1]);
  const [cx0, cy0] = f(ext[0], ext[3]);
  const [cx1, cy1] = f(ext[2], ext[1]);
  if (ax > cx0 + 0.5 || ay > cy0 + 0.5 || bx < cx1 - 0.5 || by < cy1 - 0.5) prims.push({ t: 'clip', ...inner }, rect({ x: ax, y: ay, w: bx - ax, h: by - ay }, { stroke: '#C00000', width: 0.35 }), { t: 'unclip' });
}

function southChinaSea(layout: SheetLayout, prims: Prim[], layer: FeatureCollection | undefined): void {
  const b = layout.elements.southChinaSea;
  if (!layer) throw new RiskAtlasError('E_ARG_INVALID', 'layout elements.southChinaSea is shown but southChinaSeaLayer names no file: RiskAtlas bundles no national boundary data; give the 南海诸岛 layer of your standard basemap');
  const ext = featureExtent(layer);
  prims.push(rect(b, { fill: '#FFFFFF', stroke: INK, width: 0.3 }));
  if (ext) {
    const f = fitInto(b, ext, 2);
    prims.push({ t: 'clip', ...b }, { t: 'path', rings: paperRings(layer.features, f, 'polygon'), closed: true, fill: '#F2F2F2', stroke: GREY, width: 0.2, evenOdd: true }, { t: 'unclip' });
  }
  const u = Math.min(b.w / 30, 1.6);
  prims.push(text(b.x + b.w - 1.5, b.y + b.h - 1.5, '南海诸岛', 8 * u, { align: 'right' }));
}

function credits(layout: SheetLayout, prims: Prim[]): void {
  const b = layout.elements.credits;
  const u = Math.min(b.w / 62, 1.6);
  const fs = 8.5 * u;
  const lh = fs * MM_PER_PT * 1.45;
  const t = layout.texts;
  // The CGCS2000 note and 审图号 come before the (possibly long) list of sources, which is
  // the one row cut with an ellipsis when the box is too small.
  const rows = [
    t.compiler && `制图单位：${t.compiler}`,
    t.date && `制图时间：${t.date}`,
    t.crsNote,
    t.reviewNumber && `审图号：${t.reviewNumber}`,
    t.sources && `数据来源：${t.sources}`,
  ].filter(Boolean) as string[];
  const lines = rows.flatMap((r) => wrapText(r, fs, b.w - 2));
  const fit = Math.max(0, Math.floor(b.h / lh));
  if (lines.length > fit && fit > 0) lines.splice(fit - 1, lines.length, `${lines[fit - 1]!.slice(0, -1)}…`);
  lines.forEach((line, i) => prims.push(text(b.x + 1, b.y + lh * (i + 1) - lh * 0.3, line, fs)));
}

/** Optional vector layers the layout names by path, already read into the grid CRS. */
export interface ExtraLayers {
  locator?: FeatureCollection;
  southChinaSea?: FeatureCollection;
}

/**
 * Compose the sheet. Drawing order: thematic raster, graticule, township boundaries, rivers,
 * county boundary, seats, labels (all clipped to the map frame), then the frame, graticule
 * labels, title, legend, scale, north arrow, locator, 南海诸岛 inset and credits.
 */
export function composeSheet(layout: SheetLayout, run: SheetRun, th: Thematic, extra: ExtraLayers = {}): Scene {
  const [pw, ph] = paperSize(layout);
  const frame = mapFrame(layout, run);
  const { box } = frame;
  const prims: Prim[] = [];
  const labels: Prim[] = [];
  const el = layout.elements;
  const to = frame.toPaper;

  prims.push({ t: 'clip', x: box.x, y: box.y, w: box.w, h: box.h });
  const img = thematicImage(frame, run, th, layout.dpi);
  prims.push({ t: 'image', x: box.x, y: box.y, w: box.w, h: box.h, ...img });
  if (layout.graticule.visible) graticule(layout, frame, run.grid.epsg, prims, labels);
  if (run.townships && layout.show.townships) prims.push({ t: 'path', rings: paperRings(run.townships.features, to, 'polygon'), closed: true, stroke: GREY, width: 0.3, dash: [1.5, 0.7] });
  if (layout.focusUnit && run.townships) {
    // Atlas page: a white veil over everything but the township, then its outline in red.
    const focus = paperRings(unitFeatures(run.townships, layout.focusUnit), to, 'polygon');
    const frameRing: [number, number][] = [[box.x - 1, box.y - 1], [box.x + box.w + 1, box.y - 1], [box.x + box.w + 1, box.y + box.h + 1], [box.x - 1, box.y + box.h + 1]];
    prims.push({ t: 'path', rings: [frameRing, ...focus], closed: true, fill: '#FFFFFF', fillOpacity: 0.55, evenOdd: true });
    prims.push({ t: 'path', rings: focus, closed: true, stroke: '#C00000', width: 0.6 });
  }
  if (run.rivers && layout.show.rivers) prims.push({ t: 'path', rings: paperRings(run.rivers.features, to, 'line'), closed: false, stroke: RIVER, width: 0.45 });
  if (run.county) prims.push({ t: 'path', rings: paperRings(run.county.features, to, 'polygon'), closed: true, stroke: INK, width: 0.6 });
  const u = Math.min(box.w, box.h) / 250;
  if (run.townships && layout.show.townshipNames) {
    for (const f of run.townships.features) {
      const p = labelPoint(f);
      const name = featureName(f);
      if (p && name && Number.isFinite(p[0]) && Number.isFinite(p[1])) {
        const [x, y] = to(p[0], p[1]);
        prims.push(text(x, y, name, 10 * u + 3, { align: 'center', halo: true }));
      }
    }
  }
  if (run.seats && layout.show.seats) {
    for (const f of run.seats.features) {
      const g = f.geometry;
      const pts = g?.type === 'Point' ? [g.coordinates] : g?.type === 'MultiPoint' ? g.coordinates : [];
      for (const q of pts) {
        const [x, y] = to(q[0]!, q[1]!);
        prims.push({ t: 'path', rings: [circle(x, y, 1.2)], closed: true, fill: '#FFFFFF', stroke: INK, width: 0.3 });
        prims.push({ t: 'path', rings: [circle(x, y, 0.45)], closed: true, fill: INK });
        const name = featureName(f);
        if (name) prims.push(text(x + 1.8, y - 1, name, 8 * u + 2.5, { halo: true }));
      }
    }
  }
  prims.push({ t: 'unclip' });
  prims.push(rect(box, { stroke: INK, width: 0.5 }));
  prims.push(...labels);

  if (el.title.visible) {
    const size = Math.min((el.title.h * 0.62) / MM_PER_PT, (el.title.w * 0.95) / Math.max(textWidthMm(layout.texts.title, 1, true), 1e-6));
    prims.push(text(el.title.x + el.title.w / 2, el.title.y + el.title.h * 0.7, layout.texts.title, size, { align: 'center', bold: true }));
    if (layout.texts.subtitle) prims.push(text(el.title.x + el.title.w / 2, el.title.y + el.title.h * 0.98, layout.texts.subtitle, size * 0.4, { align: 'center', color: GREY }));
  }
  if (el.legend.visible) legend(layout, run, th, prims);
  if (el.scaleBar.visible) scaleElement(layout, frame, prims);
  if (el.northArrow.visible) northArrow(layout, prims);
  if (el.locator.visible) locator(layout, run, frame, prims, extra.locator);
  if (el.southChinaSea.visible) southChinaSea(layout, prims, extra.southChinaSea);
  if (el.credits.visible) credits(layout, prims);
  return { widthMm: pw, heightMm: ph, prims };
}
