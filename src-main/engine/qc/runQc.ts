/**
 * Quality control of a model's input layers, or of every layer file in a folder: reads each
 * layer and runs the rules in `rules.ts`, plus the checks that need the study area (overlap,
 * raster coverage, PGA range) or the townships (points in their declared township). Never
 * throws for bad data: a layer that cannot be read is itself a finding.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Feature } from 'geojson';
import { RiskAtlasError, toErrorInfo } from '../../../src-shared/errors';
import { isGeographic, transformer } from '../crs/registry';
import { openGeoTiff } from '../io/geotiff';
import { detectFormat, readVector } from '../io/openLayer';
import { reprojectFeatures } from '../crs/reprojectFeatures';
import { featureExtent } from '../io/vectorMeta';
import type { Extent, LayerMeta, VectorLayer } from '../../../src-shared/layer';
import { alignRaster } from '../grid/resample';
import { cellCentre, gridForExtent, type GridSpec } from '../grid/gridSpec';
import { pointInRing, polygonMask, polygonRings } from '../grid/rasterizePolygons';
import { loadModel, resolveModelPath } from '../model/loadModel';
import { readVectorInGrid } from '../indicators/rawIndicator';
import { toCsv } from '../export/csv';
import { inspect } from '../io/inspect';
import { recogniseLayer } from '../catalog/recognise';
import { checkCrs, checkVector, finding, RULES, type Finding, type Severity } from './rules';

export interface QcReport {
  model: string;
  rules: typeof RULES;
  findings: Finding[];
  counts: Record<Severity, number>;
}

/** Raster nodata share above this inside the study area is a finding. */
export const NODATA_SHARE_LIMIT = 0.05;

function lonLatExtent(meta: LayerMeta): [number, number, number, number] | null {
  const ext = meta.extent;
  if (!ext || !meta.crs?.epsg) return null;
  const t = transformer(meta.crs.epsg, 4490);
  const corners = [t(ext[0], ext[1]), t(ext[2], ext[3]), t(ext[0], ext[3]), t(ext[2], ext[1])];
  return [Math.min(...corners.map((c) => c[0])), Math.min(...corners.map((c) => c[1])), Math.max(...corners.map((c) => c[0])), Math.max(...corners.map((c) => c[1]))];
}

const overlaps = (a: Extent, b: Extent): boolean => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/** One layer to check: its id in findings, its file, and its catalogue entry. */
interface QcLayer {
  id: string;
  path: string;
  name: string;
  hazard?: string;
  units?: string;
  crs?: number;
}

/** What the checks that compare layers need: the study area (model mode) and the townships. */
interface QcContext {
  /** Analysis CRS; vectors are reprojected into it. Folder mode uses each layer's own CRS. */
  epsg?: number;
  study?: { extent: Extent; grid: GridSpec; mask: Uint8Array };
  units?: { id: string; features: Feature[] } | null;
  countyCode?: string;
  surveyYear: number;
  duplicateMetres: number;
}

/** Nodata share, where the gap lies, and PGA values out of range, accumulated over cells. */
class RasterTally {
  inside = 0;
  missing = 0;
  outOfRange = 0;
  private sx = 0;
  private sy = 0;
  constructor(private readonly isPga: boolean) {}
  add(v: number, x: number, y: number): void {
    this.inside++;
    if (Number.isNaN(v)) {
      this.missing++;
      this.sx += x;
      this.sy += y;
    } else if (this.isPga && (v < 0 || v > 2)) this.outOfRange++;
  }
  /** The centroid of the cells without data: where the UI zooms to. */
  gapCentre(): [number, number] {
    return [this.sx / this.missing, this.sy / this.missing];
  }
}

/** Rows read at a time when a raster is checked on its own grid, so a large raster is never held whole. */
const ROWS_PER_READ = 256;

/**
 * Raster checks: CRS, then nodata share and PGA range — within the study area on the
 * analysis grid (model mode), or over the raster's own cells, read in strips (folder mode).
 */
async function checkRaster(layer: QcLayer, ctx: QcContext): Promise<Finding[]> {
  const src = await openGeoTiff(layer.path);
  try {
    const out = checkCrs(layer.id, src.meta, lonLatExtent(src.meta));
    if (!src.meta.crs?.epsg) return out;
    const tally = new RasterTally(layer.hazard === 'earthquake' && layer.units === 'g');
    if (ctx.study) {
      const { grid, mask } = ctx.study;
      const values = await alignRaster(src, grid, 'nearest');
      values.forEach((v, i) => {
        if (!mask[i]) return;
        const [x, y] = cellCentre(grid, i % grid.width, Math.floor(i / grid.width));
        tally.add(v, x, y);
      });
    } else {
      const { width, height, nodata, geoTransform: gt } = src.meta;
      for (let row = 0; row < height; row += ROWS_PER_READ) {
        const rows = Math.min(ROWS_PER_READ, height - row);
        const strip = await src.readWindow(0, row, width, rows);
        strip.forEach((v, i) => {
          const c = i % width;
          const r = row + Math.floor(i / width);
          tally.add(v === nodata || Number.isNaN(v) ? NaN : v, gt[0] + (c + 0.5) * gt[1] + (r + 0.5) * gt[2], gt[3] + (c + 0.5) * gt[4] + (r + 0.5) * gt[5]);
        });
      }
    }
    if (tally.inside && tally.missing / tally.inside > NODATA_SHARE_LIMIT) {
      const where = ctx.study ? 'the study area' : 'the raster';
      const rule = tally.missing === tally.inside && ctx.study ? 'EXT-01' : 'RAS-01';
      out.push(finding(rule, layer.id, `${((tally.missing / tally.inside) * 100).toFixed(1)} % of ${where} has no data`, { at: tally.gapCentre() }));
    }
    if (tally.outOfRange) out.push(finding('RNG-01', layer.id, `${tally.outOfRange} cells with PGA outside 0–2 g`));
    return out;
  } finally {
    await src.close();
  }
}

/** Vector checks: CRS, overlap with the study area, the attribute and geometry rules, points in their township. */
async function checkVectorLayer(layer: QcLayer, ctx: QcContext): Promise<Finding[]> {
  const original = await readVector(layer.path, layer.crs === undefined ? undefined : { crs: layer.crs });
  const out = checkCrs(layer.id, original.meta, lonLatExtent(original.meta));
  if (!original.meta.crs?.epsg) return out;
  const epsg = ctx.epsg ?? metricEpsg(original.meta.crs.epsg, original.meta.extent);
  const v = { meta: original.meta, features: reprojectFeatures(original.features, original.meta.crs.epsg, epsg) };
  const ext = featureExtent(v.features);
  if (ctx.study && ext && !overlaps(ext, ctx.study.extent)) out.push(finding('EXT-01', layer.id, 'no feature lies within the study area'));
  out.push(...checkVector(layer.id, layer.name, v, { surveyYear: ctx.surveyYear, duplicateMetres: ctx.duplicateMetres, ...(ctx.countyCode ? { adminPrefix: ctx.countyCode } : {}) }));
  // Points that name their township: is the point inside it?
  const codeField = v.meta.fields.find((f) => /^(XZQDM|行政区划代码)$/i.test(f.name))?.name;
  const units = ctx.units;
  if (units && layer.id !== units.id && codeField && v.meta.geometryType === 'Point') {
    const byCode = new Map(units.features.map((u) => [String(u.properties?.XZQDM ?? ''), polygonRings(u.geometry) as number[][][]]));
    v.features.features.forEach((f, i) => {
      const code = String(f.properties?.[codeField] ?? '');
      const rings = byCode.get(code);
      const g = f.geometry;
      if (!rings || g?.type !== 'Point') return;
      const [x, y] = g.coordinates as [number, number];
      if (!rings.some((r) => pointInRing(x, y, r))) out.push(finding('PIP-01', layer.id, `point is not inside township ${code}`, { feature: i + 1, at: [x, y] }));
    });
  }
  return out;
}

/** Check every layer; a layer that cannot be read is itself a finding (READ-01, or CRS-01 for a missing CRS). */
async function checkLayers(layers: QcLayer[], ctx: QcContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const layer of layers) {
    try {
      findings.push(...((await detectFormat(layer.path)) === 'GeoTIFF' ? await checkRaster(layer, ctx) : await checkVectorLayer(layer, ctx)));
    } catch (err) {
      const info = toErrorInfo(err);
      findings.push(finding(info.code === 'E_CRS_MISSING' ? 'CRS-01' : 'READ-01', layer.id, `${info.code}: ${info.message}`));
    }
  }
  return findings;
}

function report(source: string, findings: Finding[]): QcReport {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { model: source, rules: RULES, findings, counts };
}

export interface QcOptions {
  /** The census year: buildings cannot be younger (default: this year). */
  surveyYear?: number;
  /** Points closer than this (m) are duplicates (default 5). */
  duplicateMetres?: number;
}

/**
 * Run QC on the layers of the model at `modelPath`: every layer, plus the checks that need
 * the study area (overlap, raster coverage, PGA range) and the townships (points in their
 * declared township, admin codes under the county code). Locations are in the model's CRS.
 * Throws only for a model that cannot be loaded or a study area without geometry.
 */
export async function runQc(modelPath: string, opts: QcOptions = {}): Promise<QcReport> {
  const m = await loadModel(modelPath);
  const doc = m.doc;
  const epsg = doc.grid.epsg;
  const studyRef = doc.layers[doc.grid.studyArea]!;
  const study = await readVectorInGrid(resolveModelPath(m, studyRef.path), studyRef, epsg);
  const studyExtent = featureExtent(study.features);
  if (!studyExtent) throw new RiskAtlasError('E_MODEL_LAYER', 'the study-area layer has no geometry', { file: studyRef.path });
  const grid = gridForExtent(epsg, studyExtent, doc.grid.cellSize);
  const unitsId = doc.statistics?.units;
  const units = unitsId ? await readVectorInGrid(resolveModelPath(m, doc.layers[unitsId]!.path), doc.layers[unitsId]!, epsg).catch(() => null) : null;
  const layers: QcLayer[] = Object.entries(doc.layers).map(([id, ref]) => ({ id, path: resolveModelPath(m, ref.path), name: ref.name, hazard: ref.hazard, units: ref.units, crs: ref.crs }));
  const findings = await checkLayers(layers, {
    epsg,
    study: { extent: studyExtent, grid, mask: polygonMask(grid, study.features.features) },
    units: units && unitsId ? { id: unitsId, features: units.features.features } : null,
    countyCode: String(study.features.features[0]?.properties?.XZQDM ?? ''),
    surveyYear: opts.surveyYear ?? new Date().getFullYear(),
    duplicateMetres: opts.duplicateMetres ?? 5,
  });
  return report(m.path, findings);
}

/** Extensions QC reads in a folder; shapefile sidecars are read with their .shp. */
const LAYER_FILE = /\.(tif|tiff|shp|zip|geojson|json|gpkg|csv|kml|kmz)$/i;

/** Cell size (m) of the grid folder-mode QC checks raster coverage on. */
export const FOLDER_QC_CELL_SIZE = 100;

/** A RiskAtlas model document lying in the delivery folder is not a layer. */
async function isModelDocument(path: string): Promise<boolean> {
  if (!/\.json$/i.test(path)) return false;
  try {
    return (JSON.parse(await readFile(path, 'utf8')) as { riskatlas?: unknown }).riskatlas === 'model';
  } catch {
    return false;
  }
}

/**
 * A metric CRS to check a layer in: its own when projected, else the CGCS2000 3-degree
 * Gauss-Krüger zone (without prefix, EPSG 4534–4554) of its centre, so that distances
 * (duplicate points within 5 m) are in metres and not degrees.
 */
function metricEpsg(epsg: number, extent: Extent | null): number {
  if (!isGeographic(epsg) || !extent) return epsg;
  const lon = (extent[0] + extent[2]) / 2;
  const cm = Math.min(135, Math.max(75, Math.round(lon / 3) * 3));
  return 4534 + (cm - 75) / 3;
}

/**
 * Run QC on every layer file in a folder (a survey team's delivery, before any model exists).
 * Each file is a layer named after its file; its census role (hazard type and units, which
 * some rules need) is recognised from its name and fields as the catalogue does. Admin layers
 * with XZQDM codes are recognised too: one with a single polygon is taken as the study area
 * (county boundary) and one with several as the townships. With a study area, the checks run
 * as for a model, in the study area's metric CRS on a {@link FOLDER_QC_CELL_SIZE} m grid;
 * without one, rasters are checked over their own cells and vectors in a metric CRS of their own.
 */
export async function runQcFolder(dir: string, opts: QcOptions = {}): Promise<QcReport> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => LAYER_FILE.test(n) && !n.startsWith('.')).sort();
  } catch (err) {
    throw new RiskAtlasError('E_FILE_NOT_FOUND', (err as Error).message, { file: dir, cause: err });
  }
  const layers: QcLayer[] = [];
  const admin: { id: string; layer: VectorLayer }[] = [];
  for (const n of names) {
    const path = join(dir, n);
    if (await isModelDocument(path)) continue;
    const meta = await inspect(path);
    const suggestion = meta.ok ? recogniseLayer(n, meta.value) : null;
    layers.push({ id: n, path, name: `${n} ${suggestion?.name ?? ''}`.trim(), hazard: suggestion?.hazard, units: suggestion?.units });
    if (meta.ok && meta.value.kind === 'vector' && meta.value.crs?.epsg && meta.value.fields.some((f) => f.name === 'XZQDM') && /Polygon/.test(meta.value.geometryType)) {
      admin.push({ id: n, layer: await readVector(path) });
    }
  }
  const countyLayer = admin.find((a) => a.layer.features.features.length === 1);
  const townshipLayer = admin.find((a) => a.layer.features.features.length > 1);
  const ctx: QcContext = { surveyYear: opts.surveyYear ?? new Date().getFullYear(), duplicateMetres: opts.duplicateMetres ?? 5, units: null };
  const inMetres = (l: VectorLayer, epsg: number): Feature[] => reprojectFeatures(l.features, l.meta.crs!.epsg!, epsg).features;
  if (countyLayer) {
    const epsg = metricEpsg(countyLayer.layer.meta.crs!.epsg!, countyLayer.layer.meta.extent);
    const features = inMetres(countyLayer.layer, epsg);
    const extent = featureExtent({ type: 'FeatureCollection', features });
    if (extent) {
      const grid = gridForExtent(epsg, extent, FOLDER_QC_CELL_SIZE);
      ctx.epsg = epsg;
      ctx.study = { extent, grid, mask: polygonMask(grid, features) };
      ctx.countyCode = String(features[0]?.properties?.XZQDM ?? '').slice(0, 6);
    }
  }
  if (townshipLayer) {
    const epsg = ctx.epsg ?? metricEpsg(townshipLayer.layer.meta.crs!.epsg!, townshipLayer.layer.meta.extent);
    ctx.units = { id: townshipLayer.id, features: inMetres(townshipLayer.layer, epsg) };
    ctx.epsg ??= epsg;
    // Without a county boundary, the county code is the townships' common 6-digit prefix.
    const codes = ctx.units.features.map((f) => String(f.properties?.XZQDM ?? '').slice(0, 6));
    if (!ctx.countyCode && codes.every((c) => c === codes[0])) ctx.countyCode = codes[0];
  }
  return report(resolve(dir), await checkLayers(layers, ctx));
}

/** The report as an Excel-friendly CSV (UTF-8 with BOM). */
export function qcReportCsv(r: QcReport): string {
  // A Chinese deliverable: severity and 说明 in Chinese (the rule's own title where a finding has
  // no Chinese text of its own), the English finding beside it for the record.
  return toCsv(
    ['规则', '级别', '图层', '要素', 'X', 'Y', '说明', 'Finding'],
    r.findings.map((f) => [f.rule, SEVERITY_ZH[f.severity], f.layer, f.feature ?? '', f.at?.[0] ?? '', f.at?.[1] ?? '', f.messageZh ?? ruleTitleZh(f.rule), f.message]),
  );
}

const SEVERITY_ZH: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

/** The Chinese half of a rule's title ("中文 / English"). */
export function ruleTitleZh(rule: string): string {
  return RULES.find((x) => x.id === rule)?.title.split(' / ')[0]!.trim() ?? rule;
}
