/**
 * Compose a map sheet: layout + run + thematic layer → a {@link Scene} (primitives in mm).
 * The map body is drawn in the run's analysis CRS (projected, metres) at 1:denominator,
 * north-up on the grid; the graticule is CGCS2000 longitude/latitude (EPSG:4490) projected
 * through proj4, so its lines are as curved as the projection makes them.
 */
import type { FeatureCollection } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import { transformer } from '../crs/registry';
import { featureExtent } from '../io/vectorMeta';
import { gridExtent } from '../grid/gridSpec';
import { hexToRgb } from '../../../src-shared/schemes';
import { encodePalettePng } from '../export/png';
import type { Extent } from '../../../src-shared/layer';
import { paperSize, type Box, type SheetLayout } from './layout';
import type { SheetRun } from './sheetData';
import type { Thematic } from './thematic';
import { formatDegrees, graticuleStep, niceScaleDenominator } from './cartometry';
import { MAX_SHEET_PIXELS, MM_PER_PT, type Prim, type Rect, type Scene } from './scene';
import { Placement } from './placement';
import { mapBodyLabels, seatSymbols } from './mapLabels';
import { credits, GREY, INK, legend, locator, northArrow, paperRings, rect, RIVER, scaleElement, southChinaSea, text, titleBlock, unitFeatures } from './elements';

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

/**
 * The graticule: CGCS2000 meridians and parallels projected onto the frame, and their labels —
 * longitudes outside the frame above and below it, latitudes inside it along the left and
 * right edges — each placed only where it covers nothing already there (title, north arrow,
 * an element dragged onto the map), else dropped.
 */
function graticule(layout: SheetLayout, frame: MapFrame, epsg: number, placement: Placement, paper: Rect): { lines: Prim; labels: Prim[] } {
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
  const size = (7 * Math.min(box.w, box.h)) / 250 + 4;
  const lines: [number, number][][] = [];
  const labels: Prim[] = [];
  const inside: Rect = { x: box.x + 0.3, y: box.y + 0.3, w: box.w - 0.6, h: box.h - 0.6 };
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
            if (x > box.x + 2 && x < box.x + box.w - 2) {
              const p = placement.placeText('graticule', [text(x, edge + dy, label, size, { align: 'center', color: GREY })], paper);
              if (p) labels.push(p);
            }
          }
        }
      } else {
        // Inside the frame, above the line (outside it they would run into the margin or the side column).
        for (const [edge, dx, align] of [[box.x, 1, 'left'], [box.x + box.w, -1, 'right']] as const) {
          if ((x0 - edge) * (x1 - edge) <= 0 && x0 !== x1) {
            const y = y0 + ((edge - x0) / (x1 - x0)) * (y1 - y0);
            const p = placement.placeText('graticule', [text(edge + dx, y - 0.8, label, size, { align, color: GREY, halo: true })], inside);
            if (p) labels.push(p);
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
  return { lines: { t: 'path', rings: lines, closed: false, stroke: '#8C8C8C', width: 0.15 }, labels };
}

/** Optional vector layers the layout names by path, already read into the grid CRS. */
export interface ExtraLayers {
  locator?: FeatureCollection;
  southChinaSea?: FeatureCollection;
}

/**
 * Compose the sheet. The furniture (title, legend, scale, north arrow, locator, 南海诸岛 inset,
 * credits) is laid out first and claims its boxes; then the graticule labels and the names of
 * the map body are placed by priority where they cover nothing (see placement.ts). Drawing
 * order: thematic raster, graticule, township boundaries, rivers, county boundary, seats,
 * names (all clipped to the map frame), then the frame, graticule labels and the furniture —
 * so an element dragged onto the map covers it with its opaque box.
 */
export function composeSheet(layout: SheetLayout, run: SheetRun, th: Thematic, extra: ExtraLayers = {}): Scene {
  const [pw, ph] = paperSize(layout);
  const frame = mapFrame(layout, run);
  const { box } = frame;
  const el = layout.elements;
  const to = frame.toPaper;
  const placement = new Placement();

  const furniture: Prim[] = [];
  if (el.title.visible) furniture.push(...titleBlock(layout, placement));
  if (el.northArrow.visible) furniture.push(...northArrow(layout, placement));
  if (el.legend.visible) furniture.push(...legend(layout, run, th, placement));
  if (el.scaleBar.visible) furniture.push(...scaleElement(layout, frame.denominator, placement));
  if (el.locator.visible) furniture.push(...locator(layout, run, frame.extent, placement, extra.locator));
  if (el.southChinaSea.visible) furniture.push(...southChinaSea(layout, placement, extra.southChinaSea));
  if (el.credits.visible) furniture.push(...credits(layout, placement));

  const seats = seatSymbols(layout, run, to, box, placement);
  const grat = layout.graticule.visible ? graticule(layout, frame, run.grid.epsg, placement, { x: 0, y: 0, w: pw, h: ph }) : null;
  const names = mapBodyLabels(layout, run, to, box, placement);

  const prims: Prim[] = [{ t: 'clip', x: box.x, y: box.y, w: box.w, h: box.h }];
  const img = thematicImage(frame, run, th, layout.dpi);
  prims.push({ t: 'image', x: box.x, y: box.y, w: box.w, h: box.h, ...img });
  if (grat) prims.push(grat.lines);
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
  prims.push(...seats, ...names, { t: 'unclip' });
  prims.push(rect(box, { stroke: INK, width: 0.5 }));
  if (grat) prims.push(...grat.labels);
  prims.push(...furniture);
  return { widthMm: pw, heightMm: ph, prims, placement: placement.report() };
}
