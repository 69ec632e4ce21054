/**
 * What a map sheet draws, read from a finished run's output folder: the run's provenance
 * (`provenance.json`: model, grid, classes, zoning), the grade and zone GeoTIFFs, and the
 * model's admin, river and seat layers brought into the analysis CRS. The map body is drawn
 * in the analysis CRS (a projected CGCS2000 Gauss-Krüger zone for census counties).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { GridSpec } from '../grid/gridSpec';
import type { GradeClass } from '../classify/gradeStatistics';
import { openGeoTiff } from '../io/geotiff';
import { readVectorInGrid } from '../indicators/rawIndicator';
import { parseModel, type ModelDocument } from '../model/document';
import { areaNameOf, featureLabel } from '../model/labels';
import { selectedFeature } from '../model/studyArea';
import { crsDisplayName } from '../crs/analysisCrs';
import { containedPath } from '../io/containedPath';
import { ZONE_NAMES } from '../../../src-shared/zoneMatrix';

export { featureCode } from '../model/labels';

/** Zone fill colours, 重点 → 一般 (the app's map uses the same; see api/jobs/results.ts). */
export const ZONE_COLORS = ['#C00000', '#FF9900', '#FFE699'];

/** A finished run as the sheet renderer needs it. */
export interface SheetRun {
  outDir: string;
  modelPath: string;
  /** The folder the model's layer paths resolve in (each checked to stay inside it). */
  modelDir: string;
  model: ModelDocument;
  /** The assessed area's name (the model's `area.name`; see model/labels.ts areaNameOf). */
  areaName: string;
  /** Its 行政区划代码, when the model gives one. */
  areaCode?: string;
  /** 制图单位: the model's `compiler`, else the area's 应急管理局. */
  compiler: string;
  /** The 坐标系 note: the analysis CRS's real name (crsDisplayName). */
  crsNote: string;
  grid: GridSpec;
  /** Risk grade per cell, 1 = highest … k, 0 = nodata (row-major, row 0 north). */
  grade: Uint8Array;
  classes: GradeClass[];
  breaks: number[];
  /** Prevention zones per cell (1 重点 / 2 次重点 / 3 一般, 0 nodata), when the run zoned. */
  zoning?: Uint8Array;
  zoneNames: string[];
  /** Study-area boundary, townships (assessment units), rivers and seats (admin point layers), in the grid CRS. */
  county?: FeatureCollection;
  townships?: FeatureCollection;
  rivers?: FeatureCollection;
  seats?: FeatureCollection;
  /** Single-hazard risk grids the run wrote (continuous index GeoTIFFs, file relative to `outDir`). */
  hazards: { id: string; name: string; file: string }[];
  /** Display names of the model's input layers (数据来源). */
  sources: string[];
  software: string;
}

interface Provenance {
  software: { name: string; version: string };
  modelPath: string;
  model: unknown;
  files: Record<string, string>;
  grid: GridSpec;
  classification: { breaks: number[]; classes: GradeClass[] };
  hazards?: { id: string; name?: string; file?: string }[];
}

/**
 * The label each feature a sheet draws was given by its layer's `labelField` when the run was
 * loaded (the composer asks {@link featureName} by feature; a WeakMap, so the labels go with the features).
 */
const LABELS = new WeakMap<Feature, string>();

/** A drawn feature's name: by its layer's label field, else an admin name field (XZQMC, NAME, MC, 名称…); '' when it has none. */
export function featureName(f: Feature): string {
  return LABELS.get(f) ?? featureLabel(f);
}

async function readGrid(path: string, grid: GridSpec): Promise<Uint8Array> {
  const src = await openGeoTiff(path);
  try {
    if (src.meta.width !== grid.width || src.meta.height !== grid.height) {
      throw new RiskAtlasError('E_ARG_INVALID', `${src.meta.width} × ${src.meta.height} pixels, the run's grid is ${grid.width} × ${grid.height}`, { file: path });
    }
    return Uint8Array.from(await src.readWindow(0, 0, grid.width, grid.height, 0));
  } finally {
    await src.close();
  }
}

/**
 * Load the run in `outDir` (a folder `riskatlas run` or the app wrote). The model's layers
 * resolve in `modelDir` — a project's data folder — or, without it, beside the model file the
 * provenance names (a run of a model document on this machine). The provenance comes from
 * whoever made the folder: every path in it must stay inside the run folder, every layer path
 * inside the model folder (symbolic links followed). Errors: E_FILE_NOT_FOUND when
 * `provenance.json` or a raster is missing, E_JSON_INVALID, E_MODEL_INVALID, E_PATH_FORBIDDEN,
 * and the readers' codes for the model's layers.
 */
export async function loadSheetRun(outDir: string, opts: { modelDir?: string } = {}): Promise<SheetRun> {
  const dir = resolve(outDir);
  const provPath = join(dir, 'provenance.json');
  let prov: Provenance;
  try {
    prov = JSON.parse(await readFile(provPath, 'utf8')) as Provenance;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new RiskAtlasError('E_FILE_NOT_FOUND', 'no provenance.json: this folder holds no finished run', { file: provPath });
    throw new RiskAtlasError('E_JSON_INVALID', e.message, { file: provPath });
  }
  const model = parseModel(prov.model, provPath);
  const grid = prov.grid;
  const modelDir = resolve(opts.modelDir ?? dirname(String(prov.modelPath)));
  for (const [id, ref] of Object.entries(model.layers)) containedPath(modelDir, ref.path, `provenance.json: model layer ${id}`);
  const inRun = (rel: unknown): string => containedPath(dir, String(rel), 'provenance.json: file');
  const grade = await readGrid(inRun(prov.files.grade ?? model.outputs.grade), grid);
  const zoning = prov.files.zoning ? await readGrid(inRun(prov.files.zoning), grid) : undefined;
  const hazards = (prov.hazards ?? []).filter((h) => h.file).map((h) => {
    inRun(h.file); // drawn later from the run folder: checked now
    return { id: h.id, name: h.name ?? h.id, file: h.file! };
  });
  const layer = async (id: string | undefined): Promise<FeatureCollection | undefined> => {
    if (!id || !model.layers[id]) return undefined;
    const ref = model.layers[id]!;
    const fc = (await readVectorInGrid(resolve(modelDir, ref.path), ref, grid.epsg)).features;
    if (ref.labelField !== undefined) for (const f of fc.features) LABELS.set(f, featureLabel(f, ref.labelField));
    return fc;
  };
  const studyLayer = await layer(model.grid.studyArea);
  const sel = model.grid.studyFeatures;
  const county = studyLayer && sel ? { ...studyLayer, features: studyLayer.features.filter((f) => selectedFeature(f, sel)) } : studyLayer;
  const unitsId = model.statistics?.units ?? Object.entries(model.layers).find(([id, r]) => r.category === 'admin' && id !== model.grid.studyArea)?.[0];
  const townships = await layer(unitsId);
  const riverId = Object.entries(model.layers).find(([, r]) => r.category === 'basemap' && /河|水系|river/i.test(r.name + r.path))?.[0];
  const rivers = await layer(riverId);
  // Seats: admin layers of points (e.g. 县政府驻地, 乡镇驻地; the demo's seats.geojson).
  let seats: FeatureCollection | undefined;
  for (const [id, r] of Object.entries(model.layers)) {
    if (r.category !== 'admin' || id === model.grid.studyArea || id === unitsId) continue;
    const fc = await layer(id);
    if (fc?.features.some((f) => f.geometry?.type === 'Point' || f.geometry?.type === 'MultiPoint')) seats = { type: 'FeatureCollection', features: [...(seats?.features ?? []), ...fc.features] };
  }
  const areaName = areaNameOf(model, county?.features ?? []);
  return {
    outDir: dir,
    modelPath: prov.modelPath,
    modelDir,
    model,
    areaName,
    ...(model.area?.code ? { areaCode: model.area.code } : {}),
    compiler: model.compiler ?? `${areaName}应急管理局`,
    crsNote: `坐标系：${crsDisplayName(grid.epsg, 'zh')}`,
    grid,
    grade,
    classes: prov.classification.classes,
    breaks: prov.classification.breaks,
    ...(zoning ? { zoning } : {}),
    zoneNames: model.zoning?.names ?? ZONE_NAMES,
    ...(county ? { county } : {}),
    ...(townships ? { townships } : {}),
    ...(rivers ? { rivers } : {}),
    ...(seats ? { seats } : {}),
    hazards,
    sources: Object.values(model.layers).map((r) => r.name),
    software: `${prov.software.name} ${prov.software.version}`,
  };
}
