/**
 * Run a model document end to end: study area → analysis grid → indicators → normalise →
 * components → risk index → classes → outputs (index and grade GeoTIFFs, a grade PNG,
 * a statistics CSV and a provenance record). Pure Node; runs inside a worker thread when
 * called through `workers/`, so the window never freezes.
 */
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { RiskAtlasError } from '../errors';
import { gridForExtent, gridGeoTransform, type GridSpec } from '../grid/gridSpec';
import { burnPolygons, polygonMask } from '../grid/rasterizePolygons';
import { featureExtent } from '../io/vectorMeta';
import { classOf, computeBreaks, fixedBreaks } from '../classify/breaks';
import { schemeFor, hexToRgb } from '../classify/schemes';
import { gradeClasses, unitGradeTable, type GradeClass, type UnitGradeRow } from '../classify/gradeStatistics';
import { writeGeoTiff } from '../export/geotiffWriter';
import { encodePalettePng } from '../export/png';
import { writeFileAtomic } from '../export/atomicFile';
import { toCsv } from '../export/csv';
import { writeShapefile } from '../export/shapefileWriter';
import { writeGeoPackage } from '../export/geopackageWriter';
import { computeZoning, HAZARD_NAMES, type ZoningResult } from '../zoning/zones';
import { DEFAULT_ZONE_MATRIX, ZONE_NAMES } from '../zoning/zoneMatrix';
import { appVersion } from '../../appPaths';
import { COMPONENTS, transformOf, type Component, type ModelDocument } from './document';
import { loadModel, resolveModelPath, type LoadedModel } from './loadModel';
import { rawIndicator, readVectorInGrid } from './indicators';
import { validRange } from './normalise';
import { applyTransform } from './transforms';
import { riskIndex, weightedSum, type ComponentGrids } from './combine';
import { resolveComponentWeights, type WeightDetail } from './componentWeights';

/** Nodata written to the continuous index GeoTIFF. */
export const INDEX_NODATA = -9999;
/** Nodata of the grade GeoTIFF (grades are 1…k). */
export const GRADE_NODATA = 0;

export interface RunProgress {
  /** Stable step key: read, align, normalise, combine, classify, write. */
  step: string;
  /** 0–1 over the whole run. */
  progress: number;
}

export interface RunOptions {
  onProgress?: (p: RunProgress) => void;
  signal?: AbortSignal;
}

/** What a run computed and wrote; also saved as `provenance.json` beside the outputs. */
export interface RunSummary {
  software: { name: 'RiskAtlas'; version: string };
  modelPath: string;
  model: ModelDocument;
  outDir: string;
  files: { index: string; grade: string; png: string; stats: string; provenance: string; zoning?: string; zones?: string; zonesGpkg?: string };
  grid: GridSpec;
  /** Raw value range of each indicator over the study area, before normalisation. */
  indicators: { id: string; min: number; max: number; validCells: number }[];
  weights: Record<string, Record<string, number>>;
  /** How each component's weights were found (AHP λmax/CI/CR, entropy values). */
  weightDetails: Partial<Record<Component, WeightDetail>>;
  classification: { method: string; breaks: number[]; classes: GradeClass[] };
  units: UnitGradeRow[];
  /** Zoning, when the model asks for it: capacity breaks and one row per zone polygon. */
  zoning?: { capacityBreaks: number[]; zones: Record<string, unknown>[] };
  elapsedMs: number;
}

const NAME_FIELD = /^(XZQMC|NAME|MC|名称|乡镇名称)$/i;
const CODE_FIELD = /^(XZQDM|CODE|DM|代码|乡镇代码)$/i;

/**
 * Assessment units for the statistics table: the layer `statistics.units` names, else the
 * first admin layer other than the study area.
 */
async function assessmentUnits(m: LoadedModel, grid: GridSpec): Promise<{ units: Int32Array; info: { code: string; name: string }[] } | null> {
  const named = m.doc.statistics?.units;
  const entry = named ? ([named, m.doc.layers[named]!] as const) : Object.entries(m.doc.layers).find(([id, ref]) => ref.category === 'admin' && id !== m.doc.grid.studyArea);
  if (!entry) return null;
  const layer = await readVectorInGrid(resolveModelPath(m, entry[1].path), entry[1], grid.epsg);
  const fields = layer.meta.fields.map((f) => f.name);
  const nameField = fields.find((f) => NAME_FIELD.test(f));
  const codeField = fields.find((f) => CODE_FIELD.test(f));
  const info = layer.features.features.map((f, i) => ({
    code: String(codeField ? f.properties?.[codeField] ?? '' : i + 1),
    name: String(nameField ? f.properties?.[nameField] ?? '' : `${entry[1].name}${i + 1}`),
  }));
  const units = burnPolygons(grid, layer.features.features, new Int32Array(grid.width * grid.height).fill(-1), (i) => i);
  return { units, info };
}

/**
 * People per cell from the layer `statistics.population` names. The raster is sampled at
 * cell centres (nearest), which counts people exactly when the population grid is the
 * analysis grid, as census population grids are; nodata and cells outside the study area
 * count 0. Undefined when the model names no population layer.
 */
async function populationGrid(m: LoadedModel, grid: GridSpec, mask: Uint8Array): Promise<Float64Array | undefined> {
  const id = m.doc.statistics?.population;
  if (!id) return undefined;
  const ref = m.doc.layers[id]!;
  const raw = await rawIndicator({ id: 'population', layer: id, resample: 'nearest', transform: 'minmax', direction: 'positive' }, ref, resolveModelPath(m, ref.path), grid);
  return raw.map((v, i) => (mask[i] && !Number.isNaN(v) ? v : 0));
}

/**
 * Run the model at `modelPath`, writing outputs into `outDir` (created if needed).
 * Output file names come from the model's `outputs`. Throws RiskAtlasError with a code.
 */
export async function runModel(modelPath: string, outDir: string, opts: RunOptions = {}): Promise<RunSummary> {
  const t0 = performance.now();
  const report = (step: string, progress: number): void => {
    if (opts.signal?.aborted) throw new RiskAtlasError('E_CANCELLED', 'cancelled');
    opts.onProgress?.({ step, progress });
  };
  report('read', 0);
  const m = await loadModel(modelPath);
  const doc = m.doc;
  const out = resolve(outDir);
  await mkdir(out, { recursive: true }).catch((err: Error) => {
    throw new RiskAtlasError('E_WRITE', err.message, { file: out });
  });

  // Study area → grid and mask.
  const studyRef = doc.layers[doc.grid.studyArea]!;
  const study = await readVectorInGrid(resolveModelPath(m, studyRef.path), studyRef, doc.grid.epsg);
  const ext = featureExtent(study.features);
  if (!ext) throw new RiskAtlasError('E_MODEL_LAYER', 'the study-area layer has no polygons', { file: studyRef.path });
  const grid = gridForExtent(doc.grid.epsg, ext, doc.grid.cellSize);
  const studyProps = study.features.features[0]?.properties ?? {};
  const studyName = String(Object.entries(studyProps).find(([k]) => NAME_FIELD.test(k))?.[1] ?? studyRef.name);
  const mask = polygonMask(grid, study.features.features);
  report('align', 0.05);

  // Indicators.
  const normalised = new Map<string, Float64Array>();
  const ranges: RunSummary['indicators'] = [];
  for (const [i, spec] of doc.indicators.entries()) {
    const ref = doc.layers[spec.layer]!;
    const raw = await rawIndicator(spec, ref, resolveModelPath(m, ref.path), grid);
    for (let c = 0; c < raw.length; c++) if (!mask[c]) raw[c] = NaN;
    const range = validRange(raw);
    if (!range) throw new RiskAtlasError('E_ALL_NODATA', `indicator ${spec.id} has no valid cell inside the study area`, { file: ref.path });
    ranges.push({ id: spec.id, min: range.min, max: range.max, validCells: range.count });
    normalised.set(spec.id, applyTransform(raw, transformOf(spec), spec.direction));
    report('normalise', 0.05 + (0.6 * (i + 1)) / doc.indicators.length);
  }

  // Components and risk.
  const comps = {} as ComponentGrids;
  const weights: Record<string, Record<string, number>> = {};
  const weightDetails: Partial<Record<Component, WeightDetail>> = {};
  for (const comp of COMPONENTS) {
    const spec = doc.components[comp];
    if (!spec) continue;
    const detail = resolveComponentWeights(spec, (id) => normalised.get(id)!);
    const ids = Object.keys(detail.weights);
    comps[comp] = weightedSum(ids.map((id) => normalised.get(id)!), ids.map((id) => detail.weights[id]!));
    weights[comp] = detail.weights;
    weightDetails[comp] = detail;
  }
  if (doc.risk.weights) weights.risk = { ...doc.risk.weights };
  const index = riskIndex(comps, doc.risk.operator, doc.risk.weights as Partial<Record<Component, number>> | undefined, doc.risk.floor);
  report('combine', 0.75);

  // Classification: grade 1 is the highest risk.
  const cls = doc.classification;
  const scheme = schemeFor(cls.scheme, cls.classes);
  const valid: number[] = [];
  for (let c = 0; c < index.length; c++) if (!Number.isNaN(index[c]!)) valid.push(index[c]!);
  if (valid.length === 0) throw new RiskAtlasError('E_ALL_NODATA', 'the risk index has no valid cell (every cell has a nodata input)');
  const breaks = cls.method === 'fixed' ? fixedBreaks(valid, cls.thresholds!) : computeBreaks(cls.method, valid, cls.classes);
  const k = breaks.length - 1;
  const grades = new Uint8Array(index.length);
  for (let c = 0; c < index.length; c++) {
    const v = index[c]!;
    if (!Number.isNaN(v)) grades[c] = k - classOf(v, breaks);
  }
  const population = await populationGrid(m, grid, mask);
  const classes = gradeClasses(grid, grades, breaks, scheme, population);
  const unitData = await assessmentUnits(m, grid);
  const units = unitData ? unitGradeTable(grid, grades, unitData.units, unitData.info, scheme, population) : [];
  report('classify', 0.85);

  // Prevention zoning: the hazard each zone is named after is the H indicator (grouped by
  // hazard type) contributing most to H inside it.
  let zoning: ZoningResult | undefined;
  if (doc.zoning) {
    const z = doc.zoning;
    const hazardGrids = new Map<string, Float64Array>();
    for (const [id, w] of Object.entries(weights.H ?? {})) {
      const ref = doc.layers[doc.indicators.find((x) => x.id === id)!.layer]!;
      const label = (ref.hazard && HAZARD_NAMES[ref.hazard]) ?? (ref.category === 'hiddenDanger' ? '地质灾害' : ref.name);
      const acc = hazardGrids.get(label) ?? new Float64Array(index.length);
      normalised.get(id)!.forEach((v, i) => (acc[i]! += w * v));
      hazardGrids.set(label, acc);
    }
    zoning = computeZoning({
      grid,
      grades,
      capacity: comps[z.capacity]!,
      capacityClasses: z.capacityClasses,
      matrix: z.matrix ?? DEFAULT_ZONE_MATRIX,
      names: z.names ?? ZONE_NAMES,
      ...(z.majority ? { majority: z.majority } : {}),
      ...(z.minAreaKm2 ? { minAreaKm2: z.minAreaKm2 } : {}),
      ...(population ? { population } : {}),
      hazards: [...hazardGrids].map(([label, g]) => ({ label, grid: g })),
      ...(unitData ? { units: unitData } : {}),
    });
  }
  report('zoning', 0.9);

  // Outputs.
  const files: RunSummary['files'] = {
    index: join(out, doc.outputs.index),
    grade: join(out, doc.outputs.grade),
    png: join(out, doc.outputs.png),
    stats: join(out, doc.outputs.stats),
    provenance: join(out, 'provenance.json'),
    ...(zoning ? { zoning: join(out, doc.outputs.zoning), zones: join(out, `${doc.outputs.zones}.shp`), zonesGpkg: join(out, `${doc.outputs.zones}.gpkg`) } : {}),
  };
  const metadata = {
    RISKATLAS_MODEL: doc.name,
    RISKATLAS_VERSION: appVersion(),
    RISKATLAS_BREAKS: breaks.join(','),
    RISKATLAS_CLASS_NAMES: scheme.names.join(','),
    RISKATLAS_WEIGHTS: JSON.stringify(weights),
  };
  const geoTransform = gridGeoTransform(grid);
  const indexOut = Float32Array.from(index, (v) => (Number.isNaN(v) ? INDEX_NODATA : v));
  await writeGeoTiff(files.index, indexOut, {
    width: grid.width, height: grid.height, dtype: 'float32', nodata: INDEX_NODATA, epsg: grid.epsg, geoTransform, metadata,
  });
  await writeGeoTiff(files.grade, grades, {
    width: grid.width, height: grid.height, dtype: 'uint8', nodata: GRADE_NODATA, epsg: grid.epsg, geoTransform, metadata,
  });
  const palette: [number, number, number, number][] = [[0, 0, 0, 0], ...scheme.colors.map((c) => [...hexToRgb(c), 255] as [number, number, number, number])];
  await writeFileAtomic(files.png, encodePalettePng(grid.width, grid.height, grades, palette));
  const statsRows = [
    ...classes.map((c) => ['全域', studyName, c.grade, c.name, c.cells, c.areaKm2, c.sharePct, ...(population ? [Math.round(c.population!)] : [])]),
    ...units.map((u) => [u.code, u.name, u.grade, u.gradeName, u.cells, u.areaKm2, u.sharePct, ...(population ? [Math.round(u.population!)] : [])]),
  ];
  const header = ['单元代码', '单元名称', '风险等级', '等级名称', '格网数', '面积(km²)', '占比(%)', ...(population ? ['人口(人)'] : [])];
  await writeFileAtomic(files.stats, toCsv(header, statsRows));
  if (zoning) {
    await writeGeoTiff(files.zoning!, zoning.zones, {
      width: grid.width, height: grid.height, dtype: 'uint8', nodata: 0, epsg: grid.epsg, geoTransform,
      metadata: { ...metadata, RISKATLAS_ZONE_NAMES: (doc.zoning!.names ?? ZONE_NAMES).join(','), RISKATLAS_CAPACITY_BREAKS: zoning.capacityBreaks.join(',') },
    });
    const zoneLayer = { type: 'FeatureCollection' as const, features: zoning.features };
    await writeShapefile(join(out, doc.outputs.zones), zoneLayer, { epsg: grid.epsg, encoding: 'utf-8' });
    await writeGeoPackage(files.zonesGpkg!, 'zoning', zoneLayer, grid.epsg);
  }
  report('write', 0.97);

  const summary: RunSummary = {
    software: { name: 'RiskAtlas', version: appVersion() },
    modelPath: m.path,
    model: doc,
    outDir: out,
    files,
    grid,
    indicators: ranges,
    weights,
    weightDetails,
    classification: { method: cls.method, breaks, classes },
    units,
    ...(zoning ? { zoning: { capacityBreaks: zoning.capacityBreaks, zones: zoning.features.map((f) => f.properties!) } } : {}),
    elapsedMs: Math.round(performance.now() - t0),
  };
  // Provenance names outputs relative to their folder and leaves out the timing, so that two
  // identical runs write identical files wherever they are written.
  const provenance = {
    software: summary.software,
    modelPath: summary.modelPath,
    model: doc,
    files: Object.fromEntries(Object.entries(files).map(([k, p]) => [k, relative(out, p)])),
    grid,
    indicators: ranges,
    weights,
    weightDetails,
    classification: summary.classification,
    units,
    ...(summary.zoning ? { zoning: summary.zoning } : {}),
  };
  await writeFileAtomic(files.provenance, JSON.stringify(provenance, null, 2) + '\n');
  report('write', 1);
  return summary;
}
