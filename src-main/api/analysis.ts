/**
 * The quick looks the workflow panels need while the technician edits the model — an
 * indicator's histogram, entropy weights, class breaks on the last run's index, the values
 * of every layer at a clicked point, a page of a layer's attribute table. Each one calls the
 * engine's own functions (the same readers, rasterisers, transforms and break methods a run
 * uses), so a preview never disagrees with the computed result.
 */
import type { Feature, Position } from 'geojson';
import { RiskAtlasError } from '../../src-shared/errors';
import { transformer } from '../engine/crs/registry';
import { openGeoTiff } from '../engine/io/geotiff';
import type { Extent, RasterMeta, VectorLayer } from '../../src-shared/layer';
import { featureExtent } from '../engine/io/vectorMeta';
import type { GridSpec } from '../engine/grid/gridSpec';
import { analysisGrid } from '../engine/pipeline/run';
import { pointInRing, polygonMask, polygonRings } from '../engine/grid/rasterizePolygons';
import { resolveModelPath, type LoadedModel } from '../engine/model/loadModel';
import { modelLayers, rawIndicator, readVectorInGrid } from '../engine/indicators/rawIndicator';
import { applyTransform } from '../engine/indicators/transforms';
import { transformOf } from '../engine/model/document';
import { accumulateEntropy, emptyEntropy, entropyWeights } from '../engine/weights/entropy';
import { classOf, computeBreaks, fixedBreaks, type BreakMethod } from '../engine/classify/breaks';
import type { BreaksPreview, FeaturePage, Histogram, IdentifyHit } from './contract';
import type { DataSource } from './session';

async function studyLayer(m: LoadedModel): Promise<{ features: Feature[]; extent: Extent }> {
  const ref = m.doc.layers[m.doc.grid.studyArea]!;
  const study = await readVectorInGrid(resolveModelPath(m, ref.path), ref, m.doc.grid.epsg);
  const extent = featureExtent(study.features);
  if (!extent) throw new RiskAtlasError('E_MODEL_LAYER', 'the study-area layer has no geometry', { file: ref.path });
  return { features: study.features.features, extent };
}

/** The study area's extent in the model's analysis CRS. */
export async function studyExtent(m: LoadedModel): Promise<Extent> {
  return (await studyLayer(m)).extent;
}

/**
 * The analysis grid of a model as a run lays it out (study-area extent, `cellSize` — default
 * the model's — snapped like the run) and the mask of the cells a run assesses: inside the
 * study area and not on excluded land (`grid.exclude`).
 */
export async function studyGrid(m: LoadedModel, cellSize = m.doc.grid.cellSize): Promise<{ grid: GridSpec; mask: Uint8Array }> {
  const { features, extent } = await studyLayer(m);
  const grid = analysisGrid(m.doc.grid.epsg, extent, cellSize, m.doc.grid.snap);
  const mask = polygonMask(grid, features);
  const exclude = m.doc.grid.exclude;
  if (exclude) {
    // Excluded land is left out of indicator statistics, as in a run.
    const ref = m.doc.layers[exclude.layer]!;
    const excluded = polygonMask(grid, (await readVectorInGrid(resolveModelPath(m, ref.path), ref, m.doc.grid.epsg)).features.features);
    for (let c = 0; c < mask.length; c++) if (excluded[c]) mask[c] = 0;
  }
  return { grid, mask };
}

/**
 * Indicator `id` of the model on the grid: raw values (its units), or normalised by its
 * transform and direction as the run does. Cells outside the study area are NaN.
 */
export async function indicatorOnGrid(m: LoadedModel, id: string, grid: GridSpec, mask: Uint8Array, normalised: boolean): Promise<Float64Array> {
  const spec = m.doc.indicators.find((i) => i.id === id);
  if (!spec) throw new RiskAtlasError('E_MODEL_INVALID', `indicators: no indicator "${id}" in the model`);
  const ref = m.doc.layers[spec.layer]!;
  const raw = await rawIndicator(spec, ref, resolveModelPath(m, ref.path), grid, modelLayers(m));
  for (let c = 0; c < raw.length; c++) if (!mask[c]) raw[c] = NaN;
  return normalised ? applyTransform(raw, transformOf(spec), spec.direction) : raw;
}

/**
 * Equal-width histogram of the valid (non-NaN) values: `bins` bins over [min, max], the last
 * one closed. All values equal → one bin holding them all (edges [v, v]).
 */
export function histogramOf(values: ArrayLike<number>, bins: number): Histogram {
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) throw new RiskAtlasError('E_ALL_NODATA', 'no valid cell inside the study area');
  if (min === max) return { min, max, edges: [min, max], counts: [n], validCells: n };
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    counts[Math.min(bins - 1, Math.floor((v - min) / width))]!++;
  }
  return { min, max, edges, counts, validCells: n };
}

/** Entropy weights of model indicators `ids` (normalised, over the cells where all are valid), as a run computes them. */
export async function entropyOf(m: LoadedModel, ids: string[]): Promise<{ weights: Record<string, number>; entropy: Record<string, number>; cells: number }> {
  if (new Set(ids).size !== ids.length) throw new RiskAtlasError('E_ARG_INVALID', 'an indicator is listed twice');
  const { grid, mask } = await studyGrid(m);
  const columns: Float64Array[] = [];
  for (const id of ids) columns.push(await indicatorOnGrid(m, id, grid, mask, true));
  const sums = accumulateEntropy(emptyEntropy(ids.length), columns);
  if (sums.n === 0) throw new RiskAtlasError('E_ALL_NODATA', 'no cell where all these indicators are valid');
  const e = entropyWeights(sums);
  return { weights: Object.fromEntries(ids.map((id, i) => [id, e.weights[i]!])), entropy: Object.fromEntries(ids.map((id, i) => [id, e.entropy[i]!])), cells: sums.n };
}

/** The valid values of band 1 of a GeoTIFF (nodata and NaN left out). */
export async function rasterValues(path: string): Promise<Float64Array> {
  const src = await openGeoTiff(path);
  try {
    const { width, height, nodata } = src.meta;
    const all = await src.readWindow(0, 0, width, height, 0);
    return all.filter((v) => !Number.isNaN(v) && v !== nodata);
  } finally {
    await src.close();
  }
}

/**
 * Class breaks for `method` on `values` (the index of the last run): `[min, b1, …, max]`,
 * the cells per class (lowest first) and a histogram to draw them on. `fixed` takes the
 * thresholds (k − 1 ascending inner breaks).
 */
export function breaksPreview(values: Float64Array, method: BreakMethod | 'fixed', classes: number, thresholds: number[] | undefined, bins: number): BreaksPreview {
  if (values.length === 0) throw new RiskAtlasError('E_ALL_NODATA', 'the index has no valid cell');
  let breaks: number[];
  if (method === 'fixed') {
    if (!thresholds) throw new RiskAtlasError('E_ARG_INVALID', 'fixed breaks need thresholds');
    if (thresholds.some((t, i) => i > 0 && !(t > thresholds[i - 1]!))) throw new RiskAtlasError('E_ARG_INVALID', 'thresholds must be strictly ascending');
    breaks = fixedBreaks(values, thresholds);
  } else {
    breaks = computeBreaks(method, values, classes);
  }
  const counts = new Array<number>(breaks.length - 1).fill(0);
  for (const v of values) counts[classOf(v, breaks)]!++;
  return { breaks, counts, histogram: histogramOf(values, bins) };
}

/** Distance from (x, y) to segment a–b. */
function segmentDistance(x: number, y: number, a: Position, b: Position): number {
  const [ax, ay] = a as [number, number];
  const [bx, by] = b as [number, number];
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** Lines and points of a geometry, as point lists (a point is a list of one). */
function linework(g: Feature['geometry']): Position[][] {
  if (!g) return [];
  switch (g.type) {
    case 'Point':
      return [[g.coordinates]];
    case 'MultiPoint':
      return g.coordinates.map((c) => [c]);
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
      return g.coordinates;
    case 'GeometryCollection':
      return g.geometries.flatMap(linework);
    default:
      return [];
  }
}

/**
 * True when a feature is hit at (x, y): inside one of its polygons (even–odd over all
 * rings, so holes are out), or within `tolerance` of one of its points or lines.
 */
export function featureHit(f: Feature, x: number, y: number, tolerance: number): boolean {
  const rings = polygonRings(f.geometry);
  if (rings.length) {
    let inside = false;
    for (const r of rings) if (pointInRing(x, y, r)) inside = !inside;
    if (inside) return true;
  }
  for (const line of linework(f.geometry)) {
    if (line.length === 1 && Math.hypot(x - line[0]![0]!, y - line[0]![1]!) <= tolerance) return true;
    for (let i = 1; i < line.length; i++) if (segmentDistance(x, y, line[i - 1]!, line[i]!) <= tolerance) return true;
  }
  return false;
}

/** Vector layers already read in the analysis CRS, per data source (a new source object after any catalogue change). */
const vectorCache = new WeakMap<DataSource, { epsg: number; layer: VectorLayer }>();

/** A vector data source's features in `epsg` (cached per source). */
export async function vectorOf(src: DataSource, epsg: number): Promise<VectorLayer> {
  const hit = vectorCache.get(src);
  if (hit?.epsg === epsg) return hit.layer;
  const ref = src.layerRef ?? { path: src.path, name: src.entry.name, category: 'basemap' as const };
  const layer = await readVectorInGrid(src.path, ref, epsg);
  vectorCache.set(src, { epsg, layer });
  return layer;
}

/** The value of each band of a raster at (x, y) given in `epsg`; null = nodata or outside. */
export async function rasterValuesAt(meta: RasterMeta, epsg: number, x: number, y: number, crsOverride?: number): Promise<(number | null)[]> {
  const rasterEpsg = crsOverride ?? meta.crs?.epsg;
  if (!rasterEpsg) throw new RiskAtlasError('E_CRS_MISSING', 'the raster has no CRS', { file: meta.path });
  const [rx, ry] = rasterEpsg === epsg ? [x, y] : transformer(epsg, rasterEpsg)(x, y);
  const [ox, sx, , oy, , sy] = meta.geoTransform;
  const col = Math.floor((rx - ox) / sx);
  const row = Math.floor((ry - oy) / sy);
  if (!(col >= 0 && row >= 0 && col < meta.width && row < meta.height)) return new Array<null>(meta.bands).fill(null);
  const src = await openGeoTiff(meta.path);
  try {
    const out: (number | null)[] = [];
    for (let b = 0; b < meta.bands; b++) {
      const v = (await src.readWindow(col, row, 1, 1, b))[0]!;
      out.push(Number.isNaN(v) || v === meta.nodata ? null : v);
    }
    return out;
  } finally {
    await src.close();
  }
}

/** What every layer in `sources` has at (x, y) in `epsg`; a layer that cannot be read is skipped (QC reports it). */
export async function identifyAt(sources: DataSource[], epsg: number, x: number, y: number, tolerance: number): Promise<IdentifyHit[]> {
  const hits: IdentifyHit[] = [];
  for (const src of sources) {
    const { entry } = src;
    try {
      if (entry.meta.kind === 'raster') {
        const values = await rasterValuesAt({ ...entry.meta, path: src.path }, epsg, x, y, src.layerRef?.crs);
        if (values.some((v) => v !== null)) hits.push({ layerId: entry.id, name: entry.name, kind: 'raster', values });
      } else {
        const layer = await vectorOf(src, epsg);
        const features = layer.features.features.flatMap((f, fid) => (featureHit(f, x, y, tolerance) ? [{ fid, properties: (f.properties ?? {}) as Record<string, unknown> }] : []));
        if (features.length) hits.push({ layerId: entry.id, name: entry.name, kind: 'vector', features });
      }
    } catch (err) {
      if (!(err instanceof RiskAtlasError)) throw err;
    }
  }
  return hits;
}

/**
 * One page of a vector layer's attribute table: filtered (case-insensitive substring on a
 * field, or on any field), sorted (numbers numerically, text by Chinese collation, empty
 * last), with each row's extent in `epsg` to zoom to. `fid` is the feature's number in the file.
 */
export function featurePage(
  layer: VectorLayer,
  opts: { offset: number; limit: number; sort?: { field: string; desc: boolean }; filter?: { field?: string; text: string } },
): FeaturePage {
  const fields = layer.meta.fields.map((f) => ({ name: f.name, type: f.type }));
  const names = new Set(fields.map((f) => f.name));
  for (const f of [opts.sort?.field, opts.filter?.field]) if (f !== undefined && !names.has(f)) throw new RiskAtlasError('E_ARG_INVALID', `the layer has no field "${f}"`);
  let rows = layer.features.features.map((f, fid) => ({ fid, f, properties: (f.properties ?? {}) as Record<string, unknown> }));
  if (opts.filter) {
    const needle = opts.filter.text.toLowerCase();
    const field = opts.filter.field;
    const has = (v: unknown): boolean => v !== null && v !== undefined && String(v).toLowerCase().includes(needle);
    rows = rows.filter((r) => (field ? has(r.properties[field]) : Object.values(r.properties).some(has)));
  }
  if (opts.sort) {
    const { field, desc } = opts.sort;
    const collator = new Intl.Collator('zh-CN', { numeric: true });
    const empty = (v: unknown): boolean => v === null || v === undefined || v === '';
    rows.sort((a, b) => {
      const va = a.properties[field];
      const vb = b.properties[field];
      if (empty(va) || empty(vb)) return empty(va) === empty(vb) ? a.fid - b.fid : empty(va) ? 1 : -1;
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
      return (desc ? -c : c) || a.fid - b.fid;
    });
  }
  const page = rows.slice(opts.offset, opts.offset + opts.limit);
  return {
    fields,
    total: rows.length,
    rows: page.map((r) => ({ fid: r.fid, properties: r.properties })),
    extents: page.map((r) => featureExtent({ type: 'FeatureCollection', features: [r.f] })),
  };
}

/** The ramp of the index layer's default style (low → high: green, yellow, red). */
const RAMP: [number, number, number][] = [
  [0x38, 0xa8, 0x00],
  [0xff, 0xff, 0x00],
  [0xe6, 0x00, 0x00],
];

/** RGBA of `t` in [0, 1] on {@link RAMP}, linearly between the stops. */
export function rampColour(t: number): [number, number, number] {
  const x = Math.max(0, Math.min(1, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i]!;
  const b = RAMP[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

/**
 * The cell size (m) that keeps a grid over `extent` at or under `maxCells` cells and is never
 * finer than the model's: the coarse grid of the live preview.
 */
export function coarseCellSize(extent: Extent, cellSize: number, maxCells: number, snap?: [number, number]): number {
  const area = (extent[2] - extent[0]) * (extent[3] - extent[1]);
  let size = Math.max(cellSize, Math.sqrt(area / maxCells));
  // The grid rounds the extent out to whole (snapped) cells: grow until the count fits.
  for (;;) {
    const g = analysisGrid(0, extent, size, snap);
    if (g.width * g.height <= maxCells) return size;
    size *= 1.02;
  }
}

/** Draw index values (nodata = NaN or `nodata`) over [min, max] on the ramp; nodata transparent. */
export function indexRgba(values: ArrayLike<number>, nodata: number | null): { rgba: Uint8Array; min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v) || v === nodata) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const rgba = new Uint8Array(values.length * 4);
  const span = max > min ? max - min : 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v) || v === nodata) continue;
    const [r, g, b] = rampColour((v - min) / span);
    rgba.set([r, g, b, 255], i * 4);
  }
  return { rgba, min, max };
}
