/**
 * Quality control of a model's input layers, of every layer file in a folder, or of one layer
 * file: reads each layer as the run would and runs the rules — what the layer is (CRS, encoding:
 * inputRules.ts), how the model uses it (modelRules.ts), what it holds (rules.ts, rasterChecks.ts)
 * and the checks that need the study area or the townships. Every refusal a run can make about a
 * layer has a rule here that finds it first; a layer without a usable CRS still gets every rule
 * that needs none. Never throws for bad data: a layer that cannot be read is itself a finding.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Feature } from 'geojson';
import { RiskAtlasError, toErrorInfo } from '../../../src-shared/errors';
import { isGeographic } from '../crs/registry';
import { describeCrs, describeShift } from '../crs/layerCrs';
import { openGeoTiff } from '../io/geotiff';
import { detectFormat, readVector } from '../io/openLayer';
import { reprojectFeatures } from '../crs/reprojectFeatures';
import { featureExtent } from '../io/vectorMeta';
import type { EncodingEvidence, Extent, LayerMeta, VectorLayer } from '../../../src-shared/layer';
import { gridForExtent } from '../grid/gridSpec';
import { pointInRing, polygonMask, polygonRings } from '../grid/rasterizePolygons';
import type { ModelDocument } from '../model/document';
import { loadModel, resolveModelPath } from '../model/loadModel';
import { studyAreaFeatures } from '../model/studyArea';
import { readVectorInGrid } from '../indicators/rawIndicator';
import { toCsv } from '../export/csv';
import { inspect } from '../io/inspect';
import { recogniseLayer } from '../catalog/recognise';
import { checkVector, finding, RULES, say, type Finding, type Severity } from './rules';
import { checkEncoding, checkLayerCrs, readFinding } from './inputRules';
import { checkRasterUse, checkVectorUse } from './modelRules';
import { checkRasterCells, type StudyCells } from './rasterChecks';

/** What a layer is, as QC read it: the CRS with how it was identified, its datum shift, its encoding and evidence. */
export interface LayerFacts {
  layer: string;
  crs: string;
  datumShift: string;
  encoding?: string;
  encodingEvidence?: EncodingEvidence;
}

export interface QcReport {
  model: string;
  rules: typeof RULES;
  findings: Finding[];
  counts: Record<Severity, number>;
  /** One row per layer that could be read (absent in reports stored before QC listed them). */
  layers?: LayerFacts[];
}

/** One layer to check: its id in findings, its file, its catalogue entry and what the user states about it. */
interface QcLayer {
  id: string;
  path: string;
  name: string;
  hazard?: string;
  units?: string;
  crs?: number;
  encoding?: string;
}

/** What the checks that compare layers need: the study area (model mode) and the townships. */
interface QcContext {
  /** Analysis CRS; vectors are reprojected into it. Folder mode uses each layer's own CRS. */
  epsg?: number;
  study?: StudyCells & { extent: Extent };
  units?: { id: string; features: Feature[] } | null;
  countyCode?: string;
  surveyYear: number;
  duplicateMetres: number;
  /** Model mode: how the model uses each layer. */
  doc?: ModelDocument;
  /** Filled with what each layer is. */
  facts: LayerFacts[];
}

const overlaps = (a: Extent, b: Extent): boolean => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

function factsOf(id: string, meta: LayerMeta): LayerFacts {
  return { layer: id, crs: describeCrs(meta.crs), datumShift: describeShift(meta.crs), ...(meta.kind === 'vector' && meta.encoding ? { encoding: meta.encoding, encodingEvidence: meta.encodingEvidence } : {}) };
}

/** Raster checks: CRS, how the model uses it, then its cells — on the study area when the CRS allows, else over its own cells. */
async function checkRaster(layer: QcLayer, ctx: QcContext): Promise<Finding[]> {
  const src = await openGeoTiff(layer.path, { crs: layer.crs });
  try {
    ctx.facts.push(factsOf(layer.id, src.meta));
    const out = checkLayerCrs(layer.id, src.meta, ctx.epsg);
    if (ctx.doc) out.push(...checkRasterUse(layer.id, src.meta, ctx.doc));
    // The band an indicator reads (checked like the run reads it); a band the file lacks is USE-01 above.
    const used = ctx.doc?.indicators.find((s) => s.layer === layer.id);
    const band = used && (used.band ?? 1) <= src.meta.bands ? (used.band ?? 1) : undefined;
    const study = ctx.study && src.meta.crs?.epsg != null ? ctx.study : null;
    out.push(...(await checkRasterCells(layer.id, src, study, { isPga: layer.hazard === 'earthquake' && layer.units === 'g', ...(band !== undefined ? { band } : {}) })));
    return out;
  } finally {
    await src.close();
  }
}

/**
 * Vector checks: CRS and encoding, how the model uses it, overlap with the study area, the
 * attribute and geometry rules, points in their township. Without a usable CRS the rules that
 * measure or place (duplicates, overlap, township) are left out, the others still run.
 */
async function checkVectorLayer(layer: QcLayer, ctx: QcContext): Promise<Finding[]> {
  const original = await readVector(layer.path, { crs: layer.crs, encoding: layer.encoding, allowMissingCrs: true });
  ctx.facts.push(factsOf(layer.id, original.meta));
  const out = [...checkLayerCrs(layer.id, original.meta, ctx.epsg), ...checkEncoding(layer.id, original.meta)];
  if (ctx.doc) out.push(...checkVectorUse(layer.id, original, ctx.doc));
  const rules = { surveyYear: ctx.surveyYear, duplicateMetres: ctx.duplicateMetres, ...(ctx.countyCode ? { adminPrefix: ctx.countyCode } : {}) };
  const crs = original.meta.crs;
  if (!crs || crs.epsg === null) {
    // Its own coordinates are metres only when its (unidentified) CRS says so.
    const metric = !!crs && !crs.proj4.startsWith('+proj=longlat') && /\+units=m\b/.test(crs.proj4);
    return [...out, ...checkVector(layer.id, layer.name, original, { ...rules, metric })];
  }
  const epsg = ctx.epsg ?? metricEpsg(crs.epsg, original.meta.extent);
  let v: VectorLayer;
  try {
    v = { meta: original.meta, features: reprojectFeatures(original.features, crs, epsg, layer.path) };
  } catch (err) {
    const info = toErrorInfo(err);
    out.push(finding('CRS-04', layer.id, say(info.message, `坐标无法转换到 EPSG:${epsg}（${info.message}），坐标系可能有误`)));
    return [...out, ...checkVector(layer.id, layer.name, original, { ...rules, metric: false })];
  }
  const ext = featureExtent(v.features);
  if (ctx.study && ext && !overlaps(ext, ctx.study.extent)) out.push(finding('EXT-01', layer.id, say('no feature lies within the study area', '没有要素位于研究区内')));
  out.push(...checkVector(layer.id, layer.name, v, rules));
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
      if (!rings.some((r) => pointInRing(x, y, r))) out.push(finding('PIP-01', layer.id, say(`point is not inside township ${code}`, `点位不在所属乡镇 ${code} 内`), { feature: i + 1, at: [x, y] }));
    });
  }
  return out;
}

/** Check every layer; a layer that cannot be read is itself a finding (see {@link readFinding}). */
async function checkLayers(layers: QcLayer[], ctx: QcContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const layer of layers) {
    try {
      findings.push(...((await detectFormat(layer.path)) === 'GeoTIFF' ? await checkRaster(layer, ctx) : await checkVectorLayer(layer, ctx)));
    } catch (err) {
      findings.push(readFinding(layer.id, toErrorInfo(err)));
    }
  }
  return findings;
}

function report(source: string, findings: Finding[], layers: LayerFacts[]): QcReport {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { model: source, rules: RULES, findings, counts, layers };
}

export interface QcOptions {
  /** The census year: buildings cannot be younger (default: this year). */
  surveyYear?: number;
  /** Points closer than this (m) are duplicates (default 5). */
  duplicateMetres?: number;
}

/**
 * Run QC on the layers of the model at `modelPath`: every layer, plus the checks that need
 * the study area (overlap, raster coverage, PGA range), the townships (points in their
 * declared township, admin codes under the county code) and the model's use of each layer.
 * Locations are in the model's CRS. Throws only for a model that cannot be loaded; a study area
 * that cannot be read or placed leaves the checks that need it out (its own findings say why).
 */
export async function runQc(modelPath: string, opts: QcOptions = {}): Promise<QcReport> {
  const m = await loadModel(modelPath);
  const doc = m.doc;
  const epsg = doc.grid.epsg;
  const studyRef = doc.layers[doc.grid.studyArea]!;
  const study = await studyAreaFeatures(m).catch(() => null);
  const studyExtent = study && featureExtent({ type: 'FeatureCollection', features: study });
  if (study && !studyExtent) throw new RiskAtlasError('E_MODEL_LAYER', 'the study-area layer has no geometry', { file: studyRef.path });
  const unitsId = doc.statistics?.units;
  const units = unitsId ? await readVectorInGrid(resolveModelPath(m, doc.layers[unitsId]!.path), doc.layers[unitsId]!, epsg).catch(() => null) : null;
  const layers: QcLayer[] = Object.entries(doc.layers).map(([id, ref]) => ({ id, path: resolveModelPath(m, ref.path), name: ref.name, hazard: ref.hazard, units: ref.units, crs: ref.crs, encoding: ref.encoding }));
  const ctx: QcContext = {
    epsg,
    units: units && unitsId ? { id: unitsId, features: units.features.features } : null,
    surveyYear: opts.surveyYear ?? new Date().getFullYear(),
    duplicateMetres: opts.duplicateMetres ?? 5,
    doc,
    facts: [],
  };
  if (study && studyExtent) {
    const grid = gridForExtent(epsg, studyExtent, doc.grid.cellSize);
    ctx.study = { extent: studyExtent, grid, mask: polygonMask(grid, study) };
    ctx.countyCode = doc.area?.code ?? String(study[0]?.properties?.XZQDM ?? '');
  }
  const findings = await checkLayers(layers, ctx);
  return report(m.path, findings, ctx.facts);
}

/** Extensions QC reads in a folder; shapefile sidecars are read with their .shp. */
const LAYER_FILE = /\.(tif|tiff|shp|zip|geojson|json|gpkg|csv|kml|kmz)$/i;

/** Cell size (m) of the grid folder-mode QC checks raster coverage on. */
export const FOLDER_QC_CELL_SIZE = 100;

/** True for a RiskAtlas model document (a JSON file with "riskatlas": "model"), which is not a layer. */
export async function isModelDocument(path: string): Promise<boolean> {
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

/** A layer file named by its file, with its census role recognised from its name and fields as the catalogue does. */
async function layerOfFile(path: string, stated: { crs?: number; encoding?: string } = {}): Promise<{ layer: QcLayer; meta: LayerMeta | null }> {
  const n = basename(path);
  const res = await inspect(path, stated);
  const suggestion = res.ok ? recogniseLayer(n, res.value) : null;
  return { layer: { id: n, path, name: `${n} ${suggestion?.name ?? ''}`.trim(), hazard: suggestion?.hazard, units: suggestion?.units, ...stated }, meta: res.ok ? res.value : null };
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
    const { layer, meta } = await layerOfFile(path);
    layers.push(layer);
    if (meta?.kind === 'vector' && meta.crs?.epsg && meta.fields.some((f) => f.name === 'XZQDM') && /Polygon/.test(meta.geometryType)) {
      admin.push({ id: n, layer: await readVector(path) });
    }
  }
  const countyLayer = admin.find((a) => a.layer.features.features.length === 1);
  const townshipLayer = admin.find((a) => a.layer.features.features.length > 1);
  const ctx: QcContext = { surveyYear: opts.surveyYear ?? new Date().getFullYear(), duplicateMetres: opts.duplicateMetres ?? 5, units: null, facts: [] };
  const inMetres = (l: VectorLayer, epsg: number): Feature[] => reprojectFeatures(l.features, l.meta.crs!, epsg).features;
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
  return report(resolve(dir), await checkLayers(layers, ctx), ctx.facts);
}

/**
 * Run QC on one layer file (a shapefile, GeoTIFF, GeoPackage, GeoJSON, CSV or KML): every rule
 * that needs no other layer, rasters over their own cells, vectors in a metric CRS of their own.
 * @param stated what the user states about the file (CLI --crs, --encoding), as a model layer would.
 */
export async function runQcFile(path: string, opts: QcOptions & { crs?: number; encoding?: string } = {}): Promise<QcReport> {
  const { layer } = await layerOfFile(resolve(path), { ...(opts.crs !== undefined ? { crs: opts.crs } : {}), ...(opts.encoding !== undefined ? { encoding: opts.encoding } : {}) });
  const ctx: QcContext = { surveyYear: opts.surveyYear ?? new Date().getFullYear(), duplicateMetres: opts.duplicateMetres ?? 5, units: null, facts: [] };
  return report(resolve(path), await checkLayers([layer], ctx), ctx.facts);
}

/** The report as an Excel-friendly CSV (UTF-8 with BOM), findings in English and Chinese. */
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
