/**
 * Grid micro-benchmarks (`npx vitest bench --run bench/grid.bench.ts`): a county-sized
 * 350 × 350 grid of 100 m cells (35 km square) and census-sized vector layers. Speed is
 * measured here, never asserted in tests.
 */
import { bench, describe } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGeoTiff } from '../src-main/engine/export/geotiff';
import { openGeoTiff } from '../src-main/engine/io/geotiff';
import { alignRaster } from '../src-main/engine/grid/resample';
import type { Geometry, Polygon, Position } from 'geojson';
import { gridForExtent } from '../src-main/engine/grid/gridSpec';
import { polygonAreaShare } from '../src-main/engine/grid/cellCoverage';
import { lineLengthGrid, rasterizeFeatures } from '../src-main/engine/grid/rasterizeFeatures';
import { distanceToFeatures } from '../src-main/engine/grid/distance';
import { distanceToPoints } from '../src-main/engine/grid/pointIndicators';
import { floatingCatchment } from '../src-main/engine/grid/coverage';
import { zonalStatistics } from '../src-main/engine/grid/zonalStatistics';
import { lcg, starWithHole } from '../tests/unit/engine/grid/reference';

const rnd = lcg(99);
const SIDE = 35_000;
const grid = gridForExtent(4546, [0, 0, SIDE, SIDE], 100);
const at = (): number => rnd() * SIDE;

// 20,000 building points with a floor-area field, 2,000 road polylines of 10 vertices.
const buildings: Geometry[] = Array.from({ length: 20_000 }, () => ({ type: 'Point', coordinates: [at(), at()] }));
const floorArea = Array.from({ length: 20_000 }, () => 50 + rnd() * 500);
const roads: Geometry[] = Array.from({ length: 2_000 }, () => {
  let x = at();
  let y = at();
  const coords: Position[] = [];
  for (let i = 0; i < 10; i++) {
    coords.push([x, y]);
    x += (rnd() - 0.5) * 600;
    y += (rnd() - 0.5) * 600;
  }
  return { type: 'LineString', coordinates: coords };
});
// 300 land-use polygons of 26 vertices; 20 townships tiling the county as 5 × 4 irregular blocks.
const landUse: Polygon[] = Array.from({ length: 300 }, () => starWithHole(rnd, at(), at(), 200 + rnd() * 800));
const townships: Polygon[] = [];
for (let r = 0; r < 4; r++) {
  for (let c = 0; c < 5; c++) {
    const x0 = (c * SIDE) / 5;
    const x1 = ((c + 1) * SIDE) / 5;
    const y0 = (r * SIDE) / 4;
    const y1 = ((r + 1) * SIDE) / 4;
    // 200 vertices per side so the boundary cost is realistic.
    const ring: Position[] = [];
    for (let i = 0; i < 200; i++) ring.push([x0 + ((x1 - x0) * i) / 200, y0]);
    for (let i = 0; i < 200; i++) ring.push([x1, y0 + ((y1 - y0) * i) / 200]);
    for (let i = 0; i < 200; i++) ring.push([x1 - ((x1 - x0) * i) / 200, y1]);
    for (let i = 0; i < 200; i++) ring.push([x0, y1 - ((y1 - y0) * i) / 200]);
    ring.push(ring[0]!);
    townships.push({ type: 'Polygon', coordinates: [ring] });
  }
}
const grades = Float64Array.from({ length: grid.width * grid.height }, () => 1 + Math.floor(rnd() * 5));
const people = Float64Array.from({ length: grid.width * grid.height }, () => Math.floor(rnd() * 80));
const shelters = Array.from({ length: 200 }, () => ({ x: at(), y: at(), w: 500 + rnd() * 3000 }));

describe('vector → grid, 350 × 350 cells', () => {
  bench('count of 20,000 points', () => {
    rasterizeFeatures(grid, buildings, 'count');
  });
  bench('density of a field, 20,000 points', () => {
    rasterizeFeatures(grid, buildings, 'density', floorArea);
  });
  bench('line density, 2,000 roads × 9 segments', () => {
    lineLengthGrid(grid, roads, true);
  });
  bench('exact area share, 300 polygons with holes', () => {
    polygonAreaShare(grid, landUse);
  });
  bench('distance to 2,000 roads (18,000 segments)', () => {
    distanceToFeatures(grid, roads);
  }, { iterations: 5 });
  bench('distance to 300 polygons (0 inside)', () => {
    distanceToFeatures(grid, landUse);
  }, { iterations: 5 });
  bench('2SFCA coverage, 200 shelters, R = 1 km', () => {
    floatingCatchment(grid, shelters, { grid, values: people }, 1000);
  });
});

describe('zonal statistics, 350 × 350 cells', () => {
  bench('20 townships (800-vertex rings), grades with area by class and people per grade', () => {
    zonalStatistics(grid, grades, townships, { classes: true, classSumOf: people });
  }, { iterations: 5 });
});

describe('distance to points, 350 × 350 cells', () => {
  const pts = Array.from({ length: 1_500 }, () => ({ x: at(), y: at(), w: 1 }));
  bench('1,500 points through the segment index', () => {
    distanceToPoints(grid, pts);
  }, { iterations: 5 });
});

describe('downsampling a 30 m raster onto the 100 m grid (1,167² → 350²)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ra-gridbench-'));
  const n = 1_167;
  const path = join(dir, 'landuse30.tif');
  await writeGeoTiff(path, Float32Array.from({ length: n * n }, () => Math.floor(rnd() * 8)), {
    width: n, height: n, dtype: 'float32', nodata: -1, epsg: 4546, geoTransform: [0, 30, 0, SIDE + 10, 0, -30],
  });
  const src = await openGeoTiff(path);
  for (const method of ['nearest', 'average', 'mode'] as const) {
    bench(method, async () => {
      await alignRaster(src, grid, method);
    }, { iterations: 5 });
  }
});
