/**
 * County results for the roll-up benchmark, written directly rather than computed: the
 * province of tests/fixtures/province/layout.ts at 30 m cells, each county as the run folder
 * `riskatlas run` writes — risk_index.tif (Float32, nodata −9999 outside the county),
 * risk_grade.tif and zoning.tif (UInt8), provenance.json with a valid model document, grid and
 * classes — and, beside its model document, the county boundary and a population raster. A
 * 20000² province this way takes minutes to write instead of hours to compute, and gives the
 * roll-up exactly the files it reads. Written tile by tile (memory: a tile), cached in
 * bench/.cache/ by size (a `complete.json` marker).
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCHEMES } from '../src-shared/schemes';
import { classOf } from '../src-main/engine/classify/breaks';
import { GeoTiffTileWriter } from '../src-main/engine/export/geotiff';
import { polygonMask } from '../src-main/engine/grid/rasterizePolygons';
import { boundaryGeoJson, countyModel, SEAM_OFFSET, THRESHOLDS } from '../tests/fixtures/province/generate';
import { EPSG, provinceLayout, regionsCsv, type LayoutCounty, type ProvinceLayout } from '../tests/fixtures/province/layout';

/** Bump when the written results change, so stale caches are not reused. */
const VERSION = 1;
const CELL = 30;
const TILE = 256;

export interface ProvinceResults {
  /** The folder of run folders (one per county). */
  results: string;
  /** The folder of model documents, boundaries and population rasters (with regions.csv). */
  inputs: string;
  /** Roll-up grid size in cells (about `size` × `size`). */
  counties: number;
  cells: number;
  generatedSeconds: number;
}

/** Write one county's rasters tile by tile: index, grade, zoning (run folder) and population (inputs). */
async function writeCounty(c: LayoutCounty, layout: ProvinceLayout, runDir: string, dataDir: string): Promise<void> {
  const [left, top, width, height] = c.frame;
  const f = layout.fields;
  const geoTransform: [number, number, number, number, number, number] = [left, CELL, 0, top, 0, -CELL];
  const base = { width, height, epsg: EPSG, geoTransform, tileSize: TILE };
  const index = await GeoTiffTileWriter.create(join(runDir, 'risk_index.tif'), { ...base, dtype: 'float32', nodata: -9999 });
  const grade = await GeoTiffTileWriter.create(join(runDir, 'risk_grade.tif'), { ...base, dtype: 'uint8', nodata: 0 });
  const zoning = await GeoTiffTileWriter.create(join(runDir, 'zoning.tif'), { ...base, dtype: 'uint8', nodata: 0 });
  const people = await GeoTiffTileWriter.create(join(dataDir, 'population.tif'), { ...base, dtype: 'float32', nodata: -9999 });
  const [ntx, nty] = index.tiles;
  const breaks = [0, ...THRESHOLDS, 1];
  for (let ty = 0; ty < nty; ty++)
    for (let tx = 0; tx < ntx; tx++) {
      const tg = { epsg: EPSG, originX: left + tx * TILE * CELL, originY: top - ty * TILE * CELL, cellSize: CELL, width: TILE, height: TILE };
      const inside = polygonMask(tg, [c.boundary]);
      const [vi, vg, vz, vp] = [new Float32Array(TILE * TILE).fill(-9999), new Uint8Array(TILE * TILE), new Uint8Array(TILE * TILE), new Float32Array(TILE * TILE)];
      for (let r = 0; r < TILE; r++)
        for (let col = 0; col < TILE; col++) {
          const i = r * TILE + col;
          const [x, y] = [tg.originX + (col + 0.5) * CELL, tg.originY - (r + 0.5) * CELL];
          vp[i] = f.population(x, y) * (CELL / 100) ** 2;
          if (!inside[i] || tx * TILE + col >= width || ty * TILE + r >= height) continue;
          const v = 0.6 * (f.hazard(x, y) + (c.disagrees ? SEAM_OFFSET : 0)) + 0.2 * (f.population(x, y) / 100) + 0.2 * (1 - f.capacity(x, y));
          vi[i] = v;
          vg[i] = 5 - classOf(Math.fround(v), breaks);
          vz[i] = vg[i]! <= 2 ? 1 : vg[i] === 3 ? 2 : 3;
        }
      await index.writeTile(tx, ty, vi);
      await grade.writeTile(tx, ty, vg);
      await zoning.writeTile(tx, ty, vz);
      await people.writeTile(tx, ty, vp);
    }
  for (const w of [index, grade, zoning, people]) await w.finish();
}

/**
 * The results of a province about `size` cells across (6 × 6 counties at 30 m), cached in
 * `cacheDir`. `onCounty` reports each county written.
 */
export async function provinceResults(cacheDir: string, size: number, onCounty?: (done: number, of: number) => void): Promise<ProvinceResults> {
  const dir = join(cacheDir, `province-${size}-v${VERSION}`);
  const results = join(dir, 'results');
  const inputs = join(dir, 'inputs');
  const layout = provinceLayout({ cellSize: CELL, countyCells: Math.ceil(size / 6) });
  const done = { results, inputs, counties: layout.counties.length, cells: size * size };
  if (existsSync(join(dir, 'complete.json'))) return { ...done, generatedSeconds: 0 };
  const t0 = performance.now();
  await rm(dir, { recursive: true, force: true });
  await writeFile(join(await mkdirP(inputs), 'regions.csv'), regionsCsv(layout));
  const scheme = SCHEMES.high5!;
  for (const [n, c] of layout.counties.entries()) {
    const runDir = await mkdirP(join(results, c.code));
    const dataDir = await mkdirP(join(inputs, 'data', c.code));
    await writeFile(join(dataDir, 'county.geojson'), boundaryGeoJson(c));
    const model = countyModel(c.code, c.name, CELL);
    const modelPath = join(inputs, `${c.code}.json`);
    await writeFile(modelPath, JSON.stringify(model, null, 2));
    await writeCounty(c, layout, runDir, dataDir);
    const [left, top, width, height] = c.frame;
    const provenance = {
      software: { name: 'RiskAtlas', version: 'bench' },
      modelPath,
      model,
      files: { index: 'risk_index.tif', grade: 'risk_grade.tif', zoning: 'zoning.tif' },
      grid: { epsg: EPSG, originX: left, originY: top, cellSize: CELL, width, height },
      classification: { method: 'fixed', breaks: [0, ...THRESHOLDS, 1], classes: scheme.names.map((name, i) => ({ grade: i + 1, name, color: scheme.colors[i] })) },
    };
    await writeFile(join(runDir, 'provenance.json'), JSON.stringify(provenance, null, 2));
    onCounty?.(n + 1, layout.counties.length);
  }
  await writeFile(join(dir, 'complete.json'), JSON.stringify({ size, counties: layout.counties.length }));
  return { ...done, generatedSeconds: (performance.now() - t0) / 1000 };
}

async function mkdirP(d: string): Promise<string> {
  await mkdir(d, { recursive: true });
  return d;
}
