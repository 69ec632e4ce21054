/**
 * The thematic layer of a sheet: one class per analysis-grid cell plus the legend rows that
 * explain the classes. Risk-grade and zoning sheets take the run's grids as they are;
 * hazard and exposure sheets classify one indicator's raw values (natural breaks, 5 classes)
 * on the same analysis grid, so every sheet of a series lines up cell for cell.
 */
import { resolve, join } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { classOf, computeBreaks } from '../classify/breaks';
import { schemeFor } from '../../../src-shared/schemes';
import { openGeoTiff } from '../io/geotiff';
import { layersOf, rawIndicator } from '../indicators/rawIndicator';
import { polygonMask } from '../grid/rasterizePolygons';
import type { SheetLayout } from './layout';
import { ZONE_COLORS, type SheetRun } from './sheetData';

/** One legend row: a colour swatch, the class name and (for graded maps) its value range. */
export interface LegendClass {
  name: string;
  color: string;
  range?: string;
}

export interface Thematic {
  /** Class per cell, 1…n indexing `classes` (1-based), 0 = nodata; row-major on the run's grid. */
  cells: Uint8Array;
  classes: LegendClass[];
  /** Name of the layer for the legend heading, e.g. 综合风险等级. */
  heading: string;
  /** Display name of the mapped layer (hazard/exposure sheets). */
  layerName?: string;
  /** A line under the classes saying how to read them (e.g. that low values are the hazard). */
  note?: string;
}

/** Legend row and fill of cells without data inside the study area (outside it the paper stays white). */
export const NODATA_CLASS: LegendClass = { name: '无数据', color: '#D0D0D0' };

/**
 * The thematic with cells that have no class but lie inside the study area given their own
 * class, 无数据, in a grey the legend explains — so a gap in the data is not mistaken for paper.
 * Unchanged when there are none (or no study-area boundary to tell inside from outside).
 */
export function withNodataClass(th: Thematic, run: SheetRun): Thematic {
  const inside = studyMask(run);
  if (!inside) return th;
  const k = th.classes.length;
  let cells: Uint8Array | null = null;
  for (let i = 0; i < th.cells.length; i++) {
    if (inside[i] && (th.cells[i] === 0 || th.cells[i]! > k)) {
      cells ??= Uint8Array.from(th.cells);
      cells[i] = k + 1;
    }
  }
  return cells ? { ...th, cells, classes: [...th.classes, NODATA_CLASS] } : th;
}

const masks = new WeakMap<SheetRun, Uint8Array | null>();

/** Cells inside the study area (1), from its boundary; null when the run has none. Kept per run. */
function studyMask(run: SheetRun): Uint8Array | null {
  if (!masks.has(run)) masks.set(run, run.county ? polygonMask(run.grid, run.county.features) : null);
  return masks.get(run)!;
}

const HAZARD_5 = ['#7F0000', '#D7301F', '#FC8D59', '#FDCC8A', '#FEF0D9'];
// The lowest class stays visibly tinted: white is the paper (nodata).
const EXPOSURE_5 = ['#08306B', '#2171B5', '#4292C6', '#9ECAE1', '#DEEBF7'];
const GRADE_5 = ['高', '较高', '中', '较低', '低'];

/** A value for a legend: 3 significant decimals, no trailing zeros. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return String(Number(v.toFixed(digits)));
}

/**
 * Cells of an indicator classed by `breaks` (ascending) so that class 1 (高) is the most
 * hazardous / most exposed: the highest values for a positive indicator, the lowest for a
 * negative one (low ground for flooding, distance to the river…). Legend rows run from 高 to
 * 低 with each class's value range. NaN cells get class 0.
 */
export function classesByDirection(values: Float64Array | Float32Array, breaks: number[], direction: 'positive' | 'negative', colours: string[], units?: string): { cells: Uint8Array; classes: LegendClass[] } {
  const k = breaks.length - 1;
  const cells = new Uint8Array(values.length);
  const negative = direction === 'negative';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) cells[i] = negative ? 1 + classOf(v, breaks) : k - classOf(v, breaks);
  }
  const classes = Array.from({ length: k }, (_, g) => {
    const lo = negative ? g : k - g - 1;
    return { name: GRADE_5[g] ?? `${g + 1}`, color: colours[g]!, range: `${formatValue(breaks[lo]!)}–${formatValue(breaks[lo + 1]!)}${units ? ` ${units}` : ''}` };
  });
  return { cells, classes };
}

async function indicatorThematic(layout: SheetLayout, run: SheetRun): Promise<Thematic> {
  const id = layout.layer;
  const spec = run.model.indicators.find((i) => i.id === id);
  if (!spec) {
    throw new RiskAtlasError('E_ARG_INVALID', `layout layer: the model has no indicator "${id ?? ''}" (known: ${run.model.indicators.map((i) => i.id).join(', ')})`);
  }
  const ref = run.model.layers[spec.layer]!;
  const values = await rawIndicator(spec, ref, resolve(run.modelDir, ref.path), run.grid, layersOf(run.model, run.modelDir));
  const inside = studyMask(run);
  const valid: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (inside && !inside[i]) values[i] = NaN;
    if (!Number.isNaN(values[i]!)) valid.push(values[i]!);
  }
  if (!valid.length) throw new RiskAtlasError('E_ALL_NODATA', `indicator ${spec.id} has no valid cell inside the study area`, { file: ref.path });
  const breaks = computeBreaks('jenks', valid, 5);
  const { cells, classes } = classesByDirection(values, breaks, spec.direction, layout.kind === 'hazard' ? HAZARD_5 : EXPOSURE_5, ref.units);
  const what = layout.kind === 'hazard' ? '危险性' : '暴露度';
  return {
    cells,
    classes,
    heading: `${ref.name}（${what}）`,
    layerName: ref.name,
    ...(spec.direction === 'negative' ? { note: `数值越低，${what}越高` } : {}),
  };
}

/**
 * A single-hazard risk sheet: the run's continuous risk index of one hazard, classified like
 * the comprehensive risk (the model's method — natural breaks when it uses fixed thresholds,
 * which belong to the comprehensive index — its number of classes and its scheme).
 */
async function hazardRiskThematic(layout: SheetLayout, run: SheetRun): Promise<Thematic> {
  const h = run.hazards.find((x) => x.id === layout.layer);
  if (!h) {
    throw new RiskAtlasError('E_ARG_INVALID', run.hazards.length ? `layout layer: the run has no single-hazard risk "${layout.layer ?? ''}" (known: ${run.hazards.map((x) => x.id).join(', ')})` : 'this run wrote no single-hazard risk grids (the model declares no hazards)');
  }
  const path = join(run.outDir, h.file);
  const src = await openGeoTiff(path);
  let values: Float64Array;
  try {
    values = await src.readWindow(0, 0, src.meta.width, src.meta.height, 0);
    if (src.meta.width !== run.grid.width || src.meta.height !== run.grid.height) throw new RiskAtlasError('E_ARG_INVALID', 'the single-hazard grid is not on the run grid', { file: path });
  } finally {
    await src.close();
  }
  const nodata = src.meta.nodata;
  const valid: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i] === nodata) values[i] = NaN;
    if (!Number.isNaN(values[i]!)) valid.push(values[i]!);
  }
  if (!valid.length) throw new RiskAtlasError('E_ALL_NODATA', `the ${h.name} risk grid has no valid cell`, { file: path });
  const cls = run.model.classification;
  const scheme = schemeFor(cls.scheme, cls.classes);
  const breaks = computeBreaks(cls.method === 'fixed' ? 'jenks' : cls.method, valid, cls.classes);
  const k = breaks.length - 1;
  const cells = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) cells[i] = k - classOf(values[i]!, breaks);
  const classes = Array.from({ length: k }, (_, g) => ({ name: scheme.names[g]!, color: scheme.colors[g]!, range: `${formatValue(breaks[k - g - 1]!)}–${formatValue(breaks[k - g]!)}` }));
  return { cells, classes, heading: `${h.name}风险等级`, layerName: h.name };
}

/**
 * The thematic layer a layout asks for. Errors (E_ARG_INVALID): a zoning sheet for a run
 * without zoning, a hazard/exposure sheet naming no indicator of the model, and
 * single-hazard risk sheets (`hazardRisk`) for runs that wrote no single-hazard grids.
 */
export async function thematicFor(layout: SheetLayout, run: SheetRun): Promise<Thematic> {
  // Classifying an indicator or a hazard grid takes up to a second; the layout designer's live
  // preview asks again on every edit, so results are kept per run (dropped with the run).
  let perRun = cache.get(run);
  if (!perRun) cache.set(run, (perRun = new Map()));
  const key = `${layout.kind}\u0000${layout.layer ?? ''}`;
  let th = perRun.get(key);
  if (!th) {
    th = computeThematic(layout, run).then((t) => withNodataClass(t, run));
    perRun.set(key, th);
    th.catch(() => perRun!.delete(key));
  }
  return th;
}

const cache = new WeakMap<SheetRun, Map<string, Promise<Thematic>>>();

async function computeThematic(layout: SheetLayout, run: SheetRun): Promise<Thematic> {
  switch (layout.kind) {
    case 'riskGrade':
      return {
        cells: run.grade,
        classes: run.classes.map((c) => ({ name: c.name, color: c.color, range: `${formatValue(c.min)}–${formatValue(c.max)}` })),
        heading: '综合风险等级',
      };
    case 'zoning':
      if (!run.zoning) throw new RiskAtlasError('E_ARG_INVALID', 'this run has no prevention zoning (the model has no "zoning" section)');
      return { cells: run.zoning, classes: run.zoneNames.map((name, i) => ({ name, color: ZONE_COLORS[i] ?? '#CCCCCC' })), heading: '防治区类型' };
    case 'hazard':
    case 'exposure':
      return indicatorThematic(layout, run);
    case 'hazardRisk':
      return hazardRiskThematic(layout, run);
  }
}
