/**
 * Benchmark input set (seeded, cached): six Float32 indicator GeoTIFFs of N×N cells —
 * two hazard, two exposure, two capacity layers — tiled 256, Deflate (or LZW), nodata
 * −9999 present in each; a study-area rectangle and a jittered grid of township polygons
 * (GeoJSON); and the model document that runs them through RiskAtlas.
 *
 * The rasters lie exactly on the analysis grid (EPSG:4546, 30 m cells, origin on a cell
 * multiple), as census deliveries made for one county grid do, so that the benchmark
 * measures the pipeline and the GDAL side needs no warp to be comparable.
 *
 * Files are written tile by tile with the streaming GeoTIFF writer, so generating a 20000²
 * set needs memory for one tile, not one raster. A set is reused when its `complete.json`
 * marker exists (the cache directory is bench/.cache, git-ignored).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GeoTiffTileWriter } from '../src-main/engine/export/geotiff';
import { mulberry32 } from '../resources/sample/prng';

/** Bump when the generated data changes, so stale caches are not reused. */
const GENERATOR_VERSION = 2;
export const CELL_SIZE = 30;
export const EPSG = 4546;
/** Western and northern edges of the grid (CGCS2000 / 3-degree GK CM 111E, near 35°N). */
const ORIGIN_X = 300_000;
const ORIGIN_Y = 3_990_000;
export const INPUT_NODATA = -9999;
const TILE = 256;

export interface Indicator {
  id: string;
  category: 'hazard' | 'exposure' | 'capacity';
  name: string;
}

/** The six indicator layers, in GDAL calc letter order A…F. */
export const INDICATORS: Indicator[] = [
  { id: 'h_landslide', category: 'hazard', name: '滑坡易发性' },
  { id: 'h_flood', category: 'hazard', name: '洪水淹没水深' },
  { id: 'e_pop', category: 'exposure', name: '人口密度' },
  { id: 'e_bldg', category: 'exposure', name: '房屋建筑价值' },
  { id: 'c_shelter', category: 'capacity', name: '避难场所保障能力' },
  { id: 'c_medical', category: 'capacity', name: '医疗救援能力' },
];

/** Indicator weights inside each component, and component weights of the weighted sum (C enters as 1 − C). */
export const WEIGHTS = {
  H: { h_landslide: 0.6, h_flood: 0.4 },
  E: { e_pop: 0.5, e_bldg: 0.5 },
  C: { c_shelter: 0.7, c_medical: 0.3 },
  risk: { H: 0.5, E: 0.3, C: 0.2 },
};

export interface InputSet {
  dir: string;
  modelPath: string;
  size: number;
  compression: 'deflate' | 'lzw';
  rasters: string[];
  /** Seconds spent generating (0 when taken from the cache). */
  generatedSeconds: number;
}


interface Field {
  /** Value at cell (col, row) of an N×N grid; NaN where the layer is nodata. */
  at(col: number, row: number): number;
}

/**
 * A smooth field (a few seeded plane waves) with 1 % noise, scaled to [lo, hi]; nodata in a
 * seeded disc ("a reservoir") and along part of one edge ("outside the survey").
 */
function makeField(n: number, seed: number, lo: number, hi: number): Field {
  const r = mulberry32(seed);
  const waves = Array.from({ length: 4 }, () => ({ kx: (r() - 0.5) * 12 * Math.PI / n, ky: (r() - 0.5) * 12 * Math.PI / n, ph: r() * 2 * Math.PI, a: 0.5 + r() }));
  const amp = waves.reduce((s, w) => s + w.a, 0);
  const cx = n * (0.2 + 0.6 * r());
  const cy = n * (0.2 + 0.6 * r());
  const rad2 = (n * (0.03 + 0.04 * r())) ** 2;
  const edge = Math.floor(n * 0.01 * (1 + r()));
  const noise = mulberry32(seed ^ 0x5bd1e995);
  // sin(kx·col + ky·row + ph) = sin(kx·col)·cos(ky·row + ph) + cos(kx·col)·sin(ky·row + ph):
  // tables per column and row make a 20000² field cost a few multiply-adds per cell.
  const tab = (len: number, f: (i: number) => number): Float64Array => Float64Array.from({ length: len }, (_, i) => f(i));
  const cs = waves.map((w) => tab(n, (c) => w.a * Math.sin(w.kx * c)));
  const cc = waves.map((w) => tab(n, (c) => w.a * Math.cos(w.kx * c)));
  const rs = waves.map((w) => tab(n, (r) => Math.sin(w.ky * r + w.ph)));
  const rc = waves.map((w) => tab(n, (r) => Math.cos(w.ky * r + w.ph)));
  return {
    at(col, row) {
      if ((col - cx) ** 2 + (row - cy) ** 2 < rad2) return NaN;
      if (row < edge && col < n / 3) return NaN;
      let v = 0;
      for (let k = 0; k < waves.length; k++) v += cs[k]![col]! * rc[k]![row]! + cc[k]![col]! * rs[k]![row]!;
      const t = 0.5 + (0.49 * v) / amp + 0.01 * noise();
      return lo + (hi - lo) * t;
    },
  };
}

async function writeRaster(path: string, n: number, field: Field, compression: 'deflate' | 'lzw'): Promise<void> {
  const w = await GeoTiffTileWriter.create(path, {
    width: n, height: n, dtype: 'float32', nodata: INPUT_NODATA, epsg: EPSG,
    geoTransform: [ORIGIN_X, CELL_SIZE, 0, ORIGIN_Y, 0, -CELL_SIZE], tileSize: TILE, compression,
    // Deliveries rarely use a predictor (ArcGIS and GDAL default to none).
    predictor: false,
  });
  try {
    const [ntx, nty] = w.tiles;
    const tile = new Float32Array(TILE * TILE);
    for (let ty = 0; ty < nty; ty++) {
      for (let tx = 0; tx < ntx; tx++) {
        for (let r = 0; r < TILE; r++) {
          const row = ty * TILE + r;
          for (let c = 0; c < TILE; c++) {
            const col = tx * TILE + c;
            const v = row < n && col < n ? field.at(col, row) : NaN;
            tile[r * TILE + c] = Number.isNaN(v) ? INPUT_NODATA : v;
          }
        }
        await w.writeTile(tx, ty, tile);
      }
    }
  } catch (err) {
    await w.abort();
    throw err;
  }
  await w.finish();
}

/** Study area (the whole grid) and a 5 × 4 jittered grid of townships sharing their edges exactly. */
function vectorLayers(n: number, seed: number): { study: object; townships: object } {
  const r = mulberry32(seed);
  const crs = { type: 'name', properties: { name: `urn:ogc:def:crs:EPSG::${EPSG}` } };
  const ext = n * CELL_SIZE;
  const x0 = ORIGIN_X;
  const y1 = ORIGIN_Y;
  const study = {
    type: 'FeatureCollection', crs,
    features: [{ type: 'Feature', properties: { XZQDM: '140000', XZQMC: '基准测试县' }, geometry: { type: 'Polygon', coordinates: [[[x0, y1 - ext], [x0 + ext, y1 - ext], [x0 + ext, y1], [x0, y1], [x0, y1 - ext]]] } }],
  };
  const cols = 5;
  const rows = 4;
  // Interior vertices jittered by up to 30 % of a township's size; border vertices stay on the border.
  const vx: number[][] = [];
  for (let j = 0; j <= rows; j++) {
    vx.push([]);
    for (let i = 0; i <= cols; i++) {
      const jx = i > 0 && i < cols ? (r() - 0.5) * 0.6 : 0;
      const jy = j > 0 && j < rows ? (r() - 0.5) * 0.6 : 0;
      vx[j]!.push(x0 + ((i + jx) / cols) * ext, y1 - ((j + jy) / rows) * ext);
    }
  }
  const pt = (i: number, j: number): [number, number] => [vx[j]![2 * i]!, vx[j]![2 * i + 1]!];
  const features = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const k = j * cols + i + 1;
      // Counter-clockwise: SW, SE, NE, NW (row j is north of row j + 1).
      const ring = [pt(i, j + 1), pt(i + 1, j + 1), pt(i + 1, j), pt(i, j), pt(i, j + 1)];
      features.push({ type: 'Feature', properties: { XZQDM: `140000${String(k).padStart(3, '0')}`, XZQMC: `第${k}乡镇` }, geometry: { type: 'Polygon', coordinates: [ring] } });
    }
  }
  return { study, townships: { type: 'FeatureCollection', crs, features } };
}

/** The model document: min-max normalise, weighted sums, exact natural breaks in 5 grades, statistics per township. */
export function benchModel(): object {
  const layers: Record<string, object> = {
    county: { path: 'study_area.geojson', name: '研究区', category: 'admin' },
    townships: { path: 'townships.geojson', name: '乡镇', category: 'admin' },
  };
  for (const ind of INDICATORS) layers[ind.id] = { path: `${ind.id}.tif`, name: ind.name, category: ind.category };
  return {
    riskatlas: 'model',
    version: 1,
    name: '基准测试：综合风险',
    grid: { epsg: EPSG, cellSize: CELL_SIZE, studyArea: 'county' },
    layers,
    indicators: INDICATORS.map((ind) => ({ id: ind.id, layer: ind.id, resample: 'nearest', transform: 'minmax', direction: 'positive' })),
    components: { H: WEIGHTS.H, E: WEIGHTS.E, C: WEIGHTS.C },
    risk: { operator: 'weightedSum', weights: WEIGHTS.risk },
    classification: { method: 'jenks', classes: 5, scheme: 'high5' },
    statistics: { units: 'townships' },
    outputs: { index: 'risk_index.tif', grade: 'risk_grade.tif', png: 'risk_grade.png', stats: 'risk_stats.csv' },
  };
}

/**
 * One N×N Float32 raster of the benchmark's kind (the first hazard field), tiled 256, for
 * the read-speed benchmark; cached like the input sets.
 */
export async function ensureRaster(cacheDir: string, size: number, compression: 'deflate' | 'lzw', seed: number): Promise<string> {
  const path = join(cacheDir, `raster-n${size}-${compression}-s${seed}-v${GENERATOR_VERSION}.tif`);
  if (!existsSync(path)) {
    await mkdir(cacheDir, { recursive: true });
    await writeRaster(path, size, makeField(size, seed * 1000, 0, 1), compression);
  }
  return path;
}

/**
 * The input set for `size` × `size` cells, generated into `cacheDir` unless already there.
 * @param log progress lines (generation of 20000² takes minutes)
 */
export async function ensureInputs(cacheDir: string, size: number, compression: 'deflate' | 'lzw', seed: number, log: (s: string) => void = () => undefined): Promise<InputSet> {
  const dir = join(cacheDir, `inputs-n${size}-${compression}-s${seed}-v${GENERATOR_VERSION}`);
  const rasters = INDICATORS.map((ind) => join(dir, `${ind.id}.tif`));
  const marker = join(dir, 'complete.json');
  const set = { dir, modelPath: join(dir, 'model.json'), size, compression, rasters };
  if (existsSync(marker)) {
    const m = JSON.parse(await readFile(marker, 'utf8')) as { seconds: number };
    log(`inputs ${size}² ${compression}: cached in ${dir} (generated in ${m.seconds.toFixed(1)} s)`);
    return { ...set, generatedSeconds: 0 };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const t0 = performance.now();
  const ranges: [number, number][] = [[0, 1], [0, 8], [0, 5000], [100, 2e6], [0, 1], [0, 50]];
  for (const [i, ind] of INDICATORS.entries()) {
    log(`generating ${ind.id}.tif (${size}², ${compression}) …`);
    await writeRaster(rasters[i]!, size, makeField(size, seed * 1000 + i, ...ranges[i]!), compression);
  }
  const { study, townships } = vectorLayers(size, seed);
  await writeFile(join(dir, 'study_area.geojson'), JSON.stringify(study));
  await writeFile(join(dir, 'townships.geojson'), JSON.stringify(townships));
  await writeFile(set.modelPath, JSON.stringify(benchModel(), null, 2) + '\n');
  const seconds = (performance.now() - t0) / 1000;
  await writeFile(marker, JSON.stringify({ size, compression, seed, seconds }) + '\n');
  return { ...set, generatedSeconds: seconds };
}
