import { describe, it, expect } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fromArrayBuffer } from 'geotiff';
import { GeoTiffTileWriter, encodeGeoTiff, writeGeoTiff, type GeoTiffOptions } from '../../../../../src-main/engine/export/geotiff';
import { openGeoTiff } from '../../../../../src-main/engine/io/geotiff';
import { GT_PROJ, SMALL_FILE, readWithGeotiffJs, sample } from '../../../../fixtures/geotiffReadBack';
import { useTempDir } from '../../../../fixtures/tempDir';

/**
 * The streaming writer (export/geotiff/fileWriter) queues its file writes (libuv's pool) and
 * lets the caller run ahead, calls may overlap; these tests pin down that this changes
 * neither the bytes nor the values. It writes a temporary sibling and renames it: nothing is
 * left behind, and an existing file is replaced only when the new one is complete.
 */
const dir = useTempDir('ra-gtwa-');

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
    const p = join(dir(), 'rows.tif');
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
      const p = join(dir(), name);
      const w = await GeoTiffTileWriter.create(p, opts);
      // All calls started at once, none awaited before the next.
      await Promise.all(order.map(([tx, ty]) => w.writeTile(tx, ty, tileOf(tx, ty, new Float32Array(T * T)))));
      await w.finish();
      files.push(await readFile(p));
    }
    expect(Buffer.compare(files[0]!, files[1]!)).toBe(0);
    const src = await openGeoTiff(join(dir(), 'shuffled1.tif'));
    try {
      expect(Array.from(await src.readWindow(0, 0, W, H))).toEqual(Array.from(image));
      expect(src.meta.overviews).toBe(2);
    } finally {
      await src.close();
    }
  });

  it('a bad tile is refused at once and the writer can still finish', async () => {
    const p = join(dir(), 'bad.tif');
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

describe('GeoTIFF tile writer: tile order and atomicity', () => {
  const { opts, data } = SMALL_FILE;

  it('tiles in random order, multi-band, give the same pixels as row order', async () => {
    const W = 50;
    const H = 35;
    const T = 16;
    const full = [sample('int16', W * H), Int16Array.from({ length: W * H }, (_, i) => -i)];
    const p = join(dir(), 'random.tif');
    const w = await GeoTiffTileWriter.create(p, { width: W, height: H, bands: 2, dtype: 'int16', nodata: -32768, epsg: 4546, geoTransform: GT_PROJ, tileSize: T, overviews: [2] });
    expect(w.tiles).toEqual([4, 3]);
    const jobs: [number, number, number][] = [];
    for (let b = 0; b < 2; b++) for (let ty = 0; ty < 3; ty++) for (let tx = 0; tx < 4; tx++) jobs.push([tx, ty, b]);
    let s = 7;
    for (let i = jobs.length - 1; i > 0; i--) {
      s = (s * 48271) % 2147483647;
      const j = s % (i + 1);
      [jobs[i], jobs[j]] = [jobs[j], jobs[i]];
    }
    // Overlapping calls (no await between them) must also be safe.
    await Promise.all(jobs.map(([tx, ty, b]) => {
      const t = new Int16Array(T * T).fill(-32768);
      for (let r = 0; r < T && ty * T + r < H; r++) for (let c = 0; c < T && tx * T + c < W; c++) t[r * T + c] = full[b][(ty * T + r) * W + tx * T + c];
      return w.writeTile(tx, ty, t, b);
    }));
    await w.finish();
    const bytes = new Uint8Array(await readFile(p));
    const { rasters } = await readWithGeotiffJs(bytes);
    expect(Array.from(rasters[0])).toEqual(Array.from(full[0]));
    expect(Array.from(rasters[1])).toEqual(Array.from(full[1]));
    // Same pixels and overviews as the in-order encoding.
    const ref = encodeGeoTiff(full, { width: W, height: H, dtype: 'int16', nodata: -32768, epsg: 4546, geoTransform: GT_PROJ, tileSize: T, overviews: [2] });
    const a = await fromArrayBuffer(bytes.slice().buffer);
    const b = await fromArrayBuffer(ref.slice().buffer);
    const oa = await (await a.getImage(1)).readRasters({ interleave: false });
    const ob = await (await b.getImage(1)).readRasters({ interleave: false });
    expect(Array.from(oa[0] as Int16Array)).toEqual(Array.from(ob[0] as Int16Array));
    expect(Array.from(oa[1] as Int16Array)).toEqual(Array.from(ob[1] as Int16Array));
    expect((await readdir(dir())).filter((f) => f.startsWith('random.tif.tmp'))).toEqual([]);
  });


  it('abort leaves nothing at path; finish replaces an existing file atomically', async () => {
    const p = join(dir(), 'atomic.tif');
    await writeGeoTiff(p, data, opts);
    const before = await readFile(p);
    const w = await GeoTiffTileWriter.create(p, opts);
    await w.writeTile(0, 0, new Float32Array(256));
    await w.abort();
    expect(Buffer.compare(await readFile(p), before)).toBe(0);
    expect((await readdir(dir())).filter((f) => f.startsWith('atomic.tif.tmp'))).toEqual([]);
  });
});
