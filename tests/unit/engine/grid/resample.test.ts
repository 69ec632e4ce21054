import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alignRaster, type ResampleMethod } from '../../../../src-main/engine/grid/resample';
import { writeGeoTiff } from '../../../../src-main/engine/export/geotiff';
import { openGeoTiff } from '../../../../src-main/engine/io/geotiff';
import { transformer } from '../../../../src-main/engine/crs/registry';
import type { GridSpec } from '../../../../src-main/engine/grid/gridSpec';
import { HAS_GDAL, lcg, python } from './reference';

const dir = mkdtempSync(join(tmpdir(), 'ra-resample-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 10 m source raster of `w` × `h` pixels at (500000, 3300000), nodata −9999. */
async function source(name: string, values: Float32Array, w: number, h: number): Promise<string> {
  const path = join(dir, name);
  await writeGeoTiff(path, values, { width: w, height: h, dtype: 'float32', nodata: -9999, epsg: 4546, geoTransform: [500_000, 10, 0, 3_300_000, 0, -10] });
  return path;
}

async function align(path: string, grid: GridSpec, method: ResampleMethod): Promise<Float64Array> {
  const src = await openGeoTiff(path);
  try {
    return await alignRaster(src, grid, method);
  } finally {
    await src.close();
  }
}

/** gdalwarp onto the grid, read back with GDAL (nodata → NaN). */
function gdalwarp(path: string, grid: GridSpec, method: string): number[] {
  const out = join(dir, `warp-${method}-${grid.cellSize}.tif`);
  const ext = [grid.originX, grid.originY - grid.height * grid.cellSize, grid.originX + grid.width * grid.cellSize, grid.originY];
  execFileSync('/usr/bin/gdalwarp', ['-q', '-overwrite', '-et', '0', '-t_srs', `EPSG:${grid.epsg}`, '-r', method, '-te', ...ext.map(String), '-tr', String(grid.cellSize), String(grid.cellSize), '-dstnodata', 'nan', '-ot', 'Float64', path, out]);
  return python<(number | null)[]>(
    `
import json, sys
from osgeo import gdal
import math
a = gdal.Open(json.load(sys.stdin)).ReadAsArray().ravel()
print(json.dumps([None if math.isnan(v) else float(v) for v in a]))
`,
    out,
  ).map((v) => (v === null ? NaN : v));
}

describe('downsampling: average and mode', () => {
  // 6 × 4 source pixels of 10 m → 30 m grid cells (2 × 1 cells of 3 × 3… rows 0–2 only for the first row).
  const vals = Float32Array.from([
    1, 2, 3, 10, 10, 20,
    4, 5, 6, 10, 20, 20,
    7, 8, -9999, 30, 30, 20,
    0, 0, 0, 0, 0, 0,
  ]);
  const grid: GridSpec = { epsg: 4546, originX: 500_000, originY: 3_300_000, cellSize: 30, width: 2, height: 1 };

  it('averages the valid pixels under a cell and takes the most common value (hand-worked)', async () => {
    const path = await source('hand.tif', vals, 6, 4);
    expect(Array.from(await align(path, grid, 'average'))).toEqual([36 / 8, 170 / 9]);
    expect(Array.from(await align(path, grid, 'mode'))).toEqual([1, 20]);
  });

  it('finds the mode among more distinct values than its first buffer holds', async () => {
    // 10 × 10 pixels under one cell: 1…99 once each, then a second 42 — 42 wins.
    const v = Float32Array.from({ length: 100 }, (_, i) => (i === 99 ? 42 : i + 1));
    const path = await source('distinct.tif', v, 10, 10);
    const g = { epsg: 4546, originX: 500_000, originY: 3_300_000, cellSize: 100, width: 1, height: 1 };
    expect(Array.from(await align(path, g, 'mode'))).toEqual([42]);
    expect((await align(path, g, 'average'))[0]).toBeCloseTo((4950 + 42) / 100, 12);
  });

  it('weights pixels partly under the cell by their share', async () => {
    const path = await source('hand.tif', vals, 6, 4);
    // A 15 m cell at the corner: pixel 1 whole, pixels 2 and 4 half, pixel 5 a quarter.
    const g = { epsg: 4546, originX: 500_000, originY: 3_300_000, cellSize: 15, width: 1, height: 1 };
    expect((await align(path, g, 'average'))[0]).toBeCloseTo((1 + 0.5 * 2 + 0.5 * 4 + 0.25 * 5) / 2.25, 12);
  });

  it('reads a fine raster in bands of grid rows, with the same result', async () => {
    const rnd = lcg(41);
    const W = 120;
    const H = 90;
    const path = await source('bands.tif', Float32Array.from({ length: W * H }, () => (rnd() < 0.05 ? -9999 : Math.floor(rnd() * 6))), W, H);
    const g: GridSpec = { epsg: 4546, originX: 500_000, originY: 3_300_000, cellSize: 40, width: 30, height: 22 };
    for (const method of ['average', 'mode'] as const) {
      const whole = await align(path, g, method);
      const src = await openGeoTiff(path);
      const windows: number[] = [];
      const counting = { ...src, meta: src.meta, readWindow: (x: number, y: number, w: number, h: number, b?: number) => (windows.push(w * h), src.readWindow(x, y, w, h, b)) };
      const banded = await alignRaster(counting, g, method, 1, { maxWindowPixels: 1_000 });
      await src.close();
      expect(Array.from(banded)).toEqual(Array.from(whole));
      // 88 source rows × 120 columns in bands of at most 1,000 pixels: two grid rows (8 source rows) at a time.
      expect(windows.length).toBe(11);
      expect(Math.max(...windows)).toBeLessThanOrEqual(1_000);
    }
  });

  it('gives a tile the whole grid’s values', async () => {
    const rnd = lcg(43);
    const path = await source('tile.tif', Float32Array.from({ length: 100 * 80 }, () => (rnd() < 0.05 ? -9999 : Math.floor(rnd() * 9))), 100, 80);
    const g: GridSpec = { epsg: 4546, originX: 500_000, originY: 3_300_000, cellSize: 25, width: 40, height: 32 };
    const tile: GridSpec = { ...g, originX: g.originX + 13 * 25, originY: g.originY - 7 * 25, width: 17, height: 11 };
    for (const method of ['average', 'mode'] as const) {
      const whole = await align(path, g, method);
      const part = await align(path, tile, method);
      for (let r = 0; r < tile.height; r++) for (let c = 0; c < tile.width; c++) expect(part[r * tile.width + c]).toBe(whole[(r + 7) * g.width + c + 13]);
    }
  });

  it('is NaN where only nodata or nothing lies under the cell', async () => {
    const path = await source('nodata.tif', Float32Array.from([-9999, -9999, -9999, -9999]), 2, 2);
    const g = { epsg: 4546, originX: 499_000, originY: 3_300_000, cellSize: 20, width: 52, height: 1 };
    const a = await align(path, g, 'average');
    expect(a.every(Number.isNaN)).toBe(true);
  });

  it.skipIf(!HAS_GDAL)('matches gdalwarp -r average and -r mode on a random fixture (aligned and unaligned cells)', async () => {
    const rnd = lcg(31);
    const W = 90;
    const H = 70;
    const cont = Float32Array.from({ length: W * H }, () => (rnd() < 0.07 ? -9999 : Math.round(rnd() * 1000) / 8));
    const classes = Float32Array.from({ length: W * H }, (_, i) => (rnd() < 0.05 ? -9999 : 1 + ((Math.floor((i % W) / 7) + Math.floor(i / W / 9) + Math.floor(rnd() * 2)) % 4)));
    const contPath = await source('cont.tif', cont, W, H);
    const classPath = await source('class.tif', classes, W, H);
    // Cells of 30 m and 40 m (whole 3 × 3 and 4 × 4 pixels: average and mode) and 25 m
    // (2.5 pixels, partial pixels weighted: average), over the raster and beyond its eastern
    // and southern edges; compared where the cell lies wholly on the raster. At the edges
    // gdalwarp differs by design: it widens a footprint that only touches the raster to one
    // pixel and shifts a footprint that hangs over the edge back onto it.
    for (const cellSize of [30, 40, 25]) {
      const g: GridSpec = { epsg: 4546, originX: 500_000, originY: 3_300_000, cellSize, width: Math.ceil((W * 10) / cellSize) + 1, height: Math.ceil((H * 10) / cellSize) + 1 };
      const inside = (i: number): boolean => ((i % g.width) + 1) * cellSize <= W * 10 && (Math.floor(i / g.width) + 1) * cellSize <= H * 10;
      const ours = await align(contPath, g, 'average');
      const ref = gdalwarp(contPath, g, 'average');
      let compared = 0;
      ref.forEach((v, i) => {
        if (!inside(i)) return;
        compared++;
        if (Number.isNaN(v)) expect(ours[i]).toBeNaN();
        else expect(ours[i]).toBeCloseTo(v, 4);
      });
      expect(compared).toBeGreaterThan(90);
      // Beyond the raster: nodata.
      expect(ours[g.width - 1]).toBeNaN();
      if (cellSize === 25) continue;
      const oursMode = await align(classPath, g, 'mode');
      const refMode = gdalwarp(classPath, g, 'mode');
      refMode.forEach((v, i) => inside(i) && expect(oursMode[i]).toBe(v));
    }
  });
});

describe('average while reprojecting', () => {
  it.skipIf(!HAS_GDAL)('agrees with gdalwarp -r average -et 0 from CGCS2000 degrees onto a Gauss-Krüger grid', async () => {
    const rnd = lcg(3);
    const W = 200;
    const H = 160;
    // A smooth field plus noise, spanning about ±100, with 3 % nodata; ~30 m pixels in degrees.
    const vals = Float32Array.from({ length: W * H }, (_, i) => (rnd() < 0.03 ? -9999 : Math.sin((i % W) / 9) * 50 + Math.cos(Math.floor(i / W) / 7) * 30 + rnd() * 20));
    const path = join(dir, 'geographic.tif');
    await writeGeoTiff(path, vals, { width: W, height: H, dtype: 'float32', nodata: -9999, epsg: 4490, geoTransform: [110.98, 0.0003, 0, 29.85, 0, -0.0003] });
    const [x0, y0] = transformer(4490, 4546)(110.985, 29.845);
    const g: GridSpec = { epsg: 4546, originX: Math.ceil(x0 / 100) * 100, originY: Math.floor(y0 / 100) * 100, cellSize: 100, width: 45, height: 40 };
    const ours = await align(path, g, 'average');
    const ref = gdalwarp(path, g, 'average');
    expect(ref.filter((v) => !Number.isNaN(v)).length).toBe(45 * 40);
    // The footprints differ slightly (RiskAtlas: the box of the four transformed corners).
    ref.forEach((v, i) => expect(Math.abs(ours[i]! - v)).toBeLessThan(0.01));
  });
});

describe('a grid whose cells are the raster’s pixels', () => {
  // 6 × 5 pixels, value = 10·row + col, nodata at (row 1, col 2).
  const w = 6;
  const h = 5;
  const values = Float32Array.from({ length: w * h }, (_, i) => (i === 1 * w + 2 ? -9999 : 10 * Math.floor(i / w) + (i % w)));
  const pixel = (r: number, c: number): number => (r < 0 || c < 0 || r >= h || c >= w || (r === 1 && c === 2) ? NaN : 10 * r + c);

  it('copies the pixels, shifted by whole pixels, nodata and cells off the raster as NaN — nearest and bilinear alike', async () => {
    const path = await source('aligned.tif', values, w, h);
    // Origin 2 pixels west and 1 pixel south of the raster's: the grid hangs off its west edge.
    const grid: GridSpec = { epsg: 4546, originX: 500_000 - 20, originY: 3_300_000 - 10, cellSize: 10, width: 5, height: 6 };
    const want = Array.from({ length: 30 }, (_, i) => pixel(Math.floor(i / 5) + 1, (i % 5) - 2));
    for (const method of ['nearest', 'bilinear'] as const) expect(Array.from(await align(path, grid, method)), method).toEqual(want);
  });

  it('with float32: gives a Float32Array of the same values for a Float32 raster (whole grid inside, and hanging off the edge), Float64 for a Float64 raster', async () => {
    const path = await source('aligned32.tif', values, w, h);
    const src = await openGeoTiff(path);
    try {
      const inside: GridSpec = { epsg: 4546, originX: 500_000 + 10, originY: 3_300_000, cellSize: 10, width: 4, height: 3 };
      const off: GridSpec = { epsg: 4546, originX: 500_000 - 20, originY: 3_300_000 - 10, cellSize: 10, width: 5, height: 6 };
      for (const grid of [inside, off]) {
        const got = await alignRaster(src, grid, 'nearest', 1, { float32: true });
        expect(got).toBeInstanceOf(Float32Array);
        expect(Array.from(got)).toEqual(Array.from(await alignRaster(src, grid, 'nearest')));
      }
    } finally {
      await src.close();
    }
    const p64 = join(dir, 'aligned64.tif');
    await writeGeoTiff(p64, Float64Array.from(values, (v) => (v === -9999 ? v : v + 1e-9)), { width: w, height: h, dtype: 'float64', nodata: -9999, epsg: 4546, geoTransform: [500_000, 10, 0, 3_300_000, 0, -10] });
    const s64 = await openGeoTiff(p64);
    try {
      const got = await alignRaster(s64, { epsg: 4546, originX: 500_000, originY: 3_300_000, cellSize: 10, width: w, height: h }, 'nearest', 1, { float32: true });
      expect(got).toBeInstanceOf(Float64Array);
      expect(got[1]).toBe(1 + 1e-9);
    } finally {
      await s64.close();
    }
  });

  it('masks a Float32 raster’s nodata as the file stores it (0.1 rounded to Float32), as GDAL compares it', async () => {
    const path = join(dir, 'nodata01.tif');
    const v = Float32Array.from([0.1, 2, 3, 0.1]);
    await writeGeoTiff(path, v, { width: 2, height: 2, dtype: 'float32', nodata: 0.1, epsg: 4546, geoTransform: [500_000, 10, 0, 3_300_000, 0, -10] });
    const src = await openGeoTiff(path);
    try {
      const grid: GridSpec = { epsg: 4546, originX: 500_000, originY: 3_300_000, cellSize: 10, width: 2, height: 2 };
      for (const float32 of [false, true]) expect(Array.from(await alignRaster(src, grid, 'nearest', 1, { float32 }))).toEqual([NaN, 2, 3, NaN]);
    } finally {
      await src.close();
    }
  });

  it('interpolates again (no copy) when the grid is half a pixel off', async () => {
    const path = await source('aligned-half.tif', values, w, h);
    const grid: GridSpec = { epsg: 4546, originX: 500_000 + 5, originY: 3_300_000 - 5, cellSize: 10, width: 2, height: 1 };
    // Cell centres fall on pixel corners: the mean of the four pixels around; the second
    // corner touches the nodata pixel, so it falls back to nearest — that very pixel.
    const got = Array.from(await align(path, grid, 'bilinear'));
    expect(got[0]).toBeCloseTo((0 + 1 + 10 + 11) / 4, 9);
    expect(got[1]).toBeNaN();
  });
});
