import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeoTiffTileWriter, encodeGeoTiff, type GeoTiffOptions } from '../../../../src-main/engine/export/geotiffWriter';
import { openGeoTiff } from '../../../../src-main/engine/io/geotiff';

/**
 * The streaming writer queues its file writes (libuv's pool) and lets the caller run ahead,
 * calls may overlap; these tests pin down that this changes neither the bytes nor the values.
 */
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ra-gtwa-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const T = 32;
const W = 300; // 10 × 7 tiles: more than the 8 tiles kept in flight
const H = 210;
const opts: GeoTiffOptions = { width: W, height: H, dtype: 'float32', nodata: -9999, epsg: 4546, geoTransform: [500000, 30, 0, 4e6, 0, -30], tileSize: T, overviews: [2, 4] };
const image = Float32Array.from({ length: W * H }, (_, i) => (i % 97 === 0 ? -9999 : Math.sin(i / 71) * 50 + (i % 7)));

function tileOf(tx: number, ty: number, into: Float32Array): Float32Array {
  into.fill(-9999);
  for (let r = 0; r < T && ty * T + r < H; r++) {
    for (let c = 0; c < T && tx * T + c < W; c++) into[r * T + c] = image[(ty * T + r) * W + tx * T + c]!;
  }
  return into;
}

describe('GeoTIFF tile writer: asynchronous writes', () => {
  it('row-order tiles from one reused buffer give exactly encodeGeoTiff\'s bytes', async () => {
    const p = join(dir, 'rows.tif');
    const w = await GeoTiffTileWriter.create(p, opts);
    const buf = new Float32Array(T * T);
    const [ntx, nty] = w.tiles;
    // The buffer is overwritten right after each call returns: the writer must have copied it.
    for (let ty = 0; ty < nty; ty++) for (let tx = 0; tx < ntx; tx++) await w.writeTile(tx, ty, tileOf(tx, ty, buf));
    await w.finish();
    expect(Buffer.compare(await readFile(p), Buffer.from(encodeGeoTiff(image, opts)))).toBe(0);
  });

  it('overlapping calls in a shuffled order: same bytes on every run, values exact', async () => {
    const order: [number, number][] = [];
    for (let ty = 0; ty < Math.ceil(H / T); ty++) for (let tx = 0; tx < Math.ceil(W / T); tx++) order.push([tx, ty]);
    let s = 99;
    for (let i = order.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const j = s % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const files: Buffer[] = [];
    for (const name of ['shuffled1.tif', 'shuffled2.tif']) {
      const p = join(dir, name);
      const w = await GeoTiffTileWriter.create(p, opts);
      // All calls started at once, none awaited before the next.
      await Promise.all(order.map(([tx, ty]) => w.writeTile(tx, ty, tileOf(tx, ty, new Float32Array(T * T)))));
      await w.finish();
      files.push(await readFile(p));
    }
    expect(Buffer.compare(files[0]!, files[1]!)).toBe(0);
    const src = await openGeoTiff(join(dir, 'shuffled1.tif'));
    try {
      expect(Array.from(await src.readWindow(0, 0, W, H))).toEqual(Array.from(image));
      expect(src.meta.overviews).toBe(2);
    } finally {
      await src.close();
    }
  });

  it('a bad tile is refused at once and the writer can still finish', async () => {
    const p = join(dir, 'bad.tif');
    const w = await GeoTiffTileWriter.create(p, { ...opts, overviews: [] });
    await w.writeTile(0, 0, tileOf(0, 0, new Float32Array(T * T)));
    await expect(w.writeTile(0, 0, new Float32Array(T * T))).rejects.toThrow(/twice/);
    await expect(w.writeTile(99, 0, new Float32Array(T * T))).rejects.toThrow(/outside/);
    await w.finish();
    const src = await openGeoTiff(p);
    try {
      const win = await src.readWindow(0, 0, T, T);
      expect(win[5]).toBe(image[5]);
    } finally {
      await src.close();
    }
  });
});
