/**
 * One county's finished result as the roll-up reads it: the run folder `riskatlas run` or the
 * app wrote (its `provenance.json` names the model, the analysis grid, the classes and the
 * files), the county's boundary (the model's study-area layer) and, when the model names one,
 * its population layer.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import { ZONE_NAMES } from '../../../src-shared/zoneMatrix';
import { isGeographic } from '../crs/registry';
import { reprojectFeatures } from '../crs/reprojectFeatures';
import type { GridSpec } from '../grid/gridSpec';
import { readVectorInGrid } from '../indicators/rawIndicator';
import { featureCode, featureName } from '../maps/sheetData';
import { parseModel, type LayerRef, type ModelDocument } from '../model/document';

/** Where a county result is: its run folder and, for a project's run, the folder its layer paths resolve in. */
export interface CountySource {
  runDir: string;
  /** The project's data folder (a project's model file is temporary): layer paths resolve here. Default: the model's folder. */
  layersDir?: string;
}

/** A county's grade classes as its run wrote them, highest risk first. */
export interface CountyClasses {
  /** Number of grades k (grade 1 = highest … k). */
  k: number;
  names: string[];
  colors: string[];
  /** Ascending breaks of the county's index (k + 1 values). */
  breaks: number[];
  method: string;
  /** The grade k + 1 of excluded land, when the model had one. */
  restricted?: { grade: number; name: string };
}

export interface CountyResult {
  source: CountySource;
  /** County code: the study area's XZQDM (6 digits under GB/T 2260), else the run folder's name. */
  code: string;
  name: string;
  /** The city (地市) code, the first four digits of a 6-digit county code followed by 00; '' when the code is not one. */
  cityCode: string;
  grid: GridSpec;
  classes: CountyClasses;
  files: { index: string; grade: string; zoning?: string };
  zoneNames: string[];
  /** The study-area polygons in the county's CRS (`grid.epsg`). */
  boundary: FeatureCollection;
  /** The model's population layer (statistics.population), when it has one. */
  population?: { path: string; ref: LayerRef };
  model: ModelDocument;
  /** The folder of the county's model document (a `regions.csv` there names its province and city). */
  modelDir: string;
  /** SHA-256 of the run's provenance.json: the roll-up's provenance names each input by it. */
  provenanceSha256: string;
}

interface Provenance {
  riskatlas?: string;
  modelPath: string;
  model: unknown;
  files: Record<string, string>;
  grid: GridSpec;
  classification: { method: string; breaks: number[]; classes: { grade: number; name: string; color: string }[]; restricted?: { grade: number; name: string } };
}

/** A 6-digit county code's city: 141030 → 141000. */
export function cityCodeOf(code: string): string {
  return /^\d{6}$/.test(code) ? `${code.slice(0, 4)}00` : '';
}

/**
 * Read the result in `source.runDir`. Errors: E_FILE_NOT_FOUND (no provenance.json, a missing
 * raster or boundary), E_JSON_INVALID, E_MODEL_INVALID (the recorded model, or a geographic
 * grid), and the readers' codes for the boundary layer.
 */
export async function readCountyResult(source: CountySource): Promise<CountyResult> {
  const dir = resolve(source.runDir);
  const provPath = join(dir, 'provenance.json');
  let text: string;
  try {
    text = await readFile(provPath, 'utf8');
  } catch (err) {
    throw new RiskAtlasError('E_FILE_NOT_FOUND', 'no provenance.json: this folder holds no finished run', { file: provPath, cause: err });
  }
  let prov: Provenance;
  try {
    prov = JSON.parse(text) as Provenance;
  } catch (err) {
    throw new RiskAtlasError('E_JSON_INVALID', (err as Error).message, { file: provPath });
  }
  if (prov.riskatlas === 'rollup') throw new RiskAtlasError('E_ARG_INVALID', 'this folder is a roll-up, not a county result', { file: provPath });
  const model = parseModel(prov.model, provPath);
  const grid = prov.grid;
  if (!grid || !Number.isFinite(grid.cellSize) || !Number.isInteger(grid.epsg)) throw new RiskAtlasError('E_JSON_INVALID', 'provenance.json has no analysis grid', { file: provPath });
  if (isGeographic(grid.epsg)) throw new RiskAtlasError('E_MODEL_INVALID', `the run's grid is in geographic EPSG:${grid.epsg}`, { file: provPath });
  const layersDir = source.layersDir ?? dirname(prov.modelPath);
  const studyRef = model.layers[model.grid.studyArea]!;
  const boundary = (await readVectorInGrid(resolve(layersDir, studyRef.path), studyRef, grid.epsg)).features;
  const polygons = boundary.features.filter((f: Feature) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon');
  if (!polygons.length) throw new RiskAtlasError('E_MODEL_LAYER', 'the study-area layer has no polygons', { file: resolve(layersDir, studyRef.path) });
  const first = polygons[0]!;
  const code = featureCode(first) || basename(dir);
  const cls = prov.classification;
  const k = cls.breaks.length - 1;
  const popId = model.statistics?.population;
  const popRef = popId ? model.layers[popId] : undefined;
  return {
    source: { runDir: dir, ...(source.layersDir ? { layersDir: source.layersDir } : {}) },
    code,
    name: featureName(first) || studyRef.name,
    cityCode: cityCodeOf(code),
    grid,
    classes: {
      k,
      names: cls.classes.map((c) => c.name),
      colors: cls.classes.map((c) => c.color),
      breaks: cls.breaks,
      method: cls.method,
      ...(cls.restricted ? { restricted: { grade: cls.restricted.grade, name: cls.restricted.name } } : {}),
    },
    files: {
      index: join(dir, prov.files.index ?? model.outputs.index),
      grade: join(dir, prov.files.grade ?? model.outputs.grade),
      ...(prov.files.zoning ? { zoning: join(dir, prov.files.zoning) } : {}),
    },
    zoneNames: model.zoning?.names ?? ZONE_NAMES,
    boundary: { type: 'FeatureCollection', features: polygons },
    ...(popRef ? { population: { path: resolve(layersDir, popRef.path), ref: popRef } } : {}),
    model,
    modelDir: dirname(prov.modelPath),
    provenanceSha256: createHash('sha256').update(text).digest('hex'),
  };
}

/** The county's boundary in another CRS. */
export function boundaryIn(c: CountyResult, epsg: number): FeatureCollection {
  return reprojectFeatures(c.boundary, c.grid.epsg, epsg);
}
