import { describe, it, expect } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { inflateSync } from 'node:zlib';
import { GeoTiffTileWriter, encodeGeoTiff, encodeTileBytes, predictTileBytes, type GeoTiffOptions } from '../../../../../src-main/engine/export/geotiff';
import { tsxEsmApi } from '../../../../../src-main/engine/pipeline/workers/runInWorker';
import { RiskAtlasError } from '../../../../../src-shared/errors';
import type { DType, PixelArray } from '../../../../../src-shared/layer';
import { HAS_GDAL } from '../../../../fixtures/geotiffReadBack';
import { useTempDir } from '../../../../fixtures/tempDir';

/**
 * The tile encoding on its own (predictor + compression, as used by worker threads) and
 * writeEncodedTile: the fast predictor loops must give libtiff's bytes exactly, and a file
 * assembled from pre-encoded tiles must be the very file writeTile makes.
 */
const dir = useTempDir('ra-gtenc-');

const CTORS: Record<DType, new (n: number) => PixelArray> = {
  int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, float32: Float32Array, float64: Float64Array,
};

/** Values over the whole range of the type, with the awkward ones (NaN, ±0, ±Infinity, denormals, extremes). */
function noisy(dtype: DType, n: number, seed: number): PixelArray {
  const a = new CTORS[dtype](n);
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
  if (dtype.startsWith('float')) {
    const special = [NaN, -0, 0, Infinity, -Infinity, 1e-45, -5e-324, 3.4e38, -3.4e38, 1e300];
    for (let i = 0; i < n; i++) a[i] = i % 41 < special.length ? special[i % 41]! : (next() / 2 ** 32 - 0.5) * 10 ** ((next() % 12) - 4);
  } else {
    // Raw random bits: every bit pattern of the type is as likely (signed and unsigned wrap).
    const bytes = new Uint8Array(a.buffer);
    for (let i = 0; i < bytes.length; i++) bytes[i] = next() >>> 24;
  }
  return a;
}

/** The predictor as it was first written (straight from the TIFF spec / libtiff): the reference. */
function referencePredict(tile: PixelArray, T: number, predictor: 2 | 3): Uint8Array {
  const bps = tile.BYTES_PER_ELEMENT;
  if (predictor === 2) {
    const a = tile.slice() as PixelArray;
    for (let r = 0; r < T; r++) for (let c = T - 1; c > 0; c--) a[r * T + c] = a[r * T + c]! - a[r * T + c - 1]!;
    return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  }
  const src = new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
  const raw = new Uint8Array(src.length);
  const rowBytes = T * bps;
  for (let r = 0; r < T; r++) {
    const o = r * rowBytes;
    for (let i = 0; i < T; i++) for (let b = 0; b < bps; b++) raw[o + (bps - 1 - b) * T + i] = src[o + i * bps + b]!;
    for (let j = o + rowBytes - 1; j > o; j--) raw[j] = raw[j]! - raw[j - 1]!;
  }
  return raw;
}

describe('tile encoding: predictors', () => {
  for (const dtype of Object.keys(CTORS) as DType[]) {
    it(`${dtype}: predictor ${dtype.startsWith('float') ? 3 : 2} gives the reference bytes (tiles 16 and 48)`, () => {
      for (const T of [16, 48]) {
        const tile = noisy(dtype, T * T, T);
        const before = Buffer.from(new Uint8Array(tile.buffer).slice());
        const got = predictTileBytes({ dtype, tileSize: T }, tile);
        expect(Buffer.compare(Buffer.from(got), Buffer.from(referencePredict(tile, T, dtype.startsWith('float') ? 3 : 2)))).toBe(0);
        // The caller's tile is left alone, and the result is not a view of it.
        expect(Buffer.compare(Buffer.from(new Uint8Array(tile.buffer)), before)).toBe(0);
        expect(got.buffer).not.toBe(tile.buffer);
      }
    });
  }

  it('a tile that is a view into a larger buffer (non-zero byteOffset) is read from its own bytes', () => {
    const big = noisy('float64', 16 * 16 + 3, 5) as Float64Array;
    const tile = big.subarray(3);
    expect(Array.from(predictTileBytes({ dtype: 'float64', tileSize: 16 }, tile))).toEqual(Array.from(referencePredict(tile, 16, 3)));
    const i16 = (noisy('int16', 16 * 16 + 1, 6) as Int16Array).subarray(1);
    expect(Array.from(predictTileBytes({ dtype: 'int16', tileSize: 16 }, i16))).toEqual(Array.from(referencePredict(i16, 16, 2)));
  });

  it('encodeTileBytes is the predicted bytes in a zlib stream; no predictor and no compression when asked', () => {
    const tile = noisy('float32', 32 * 32, 9);
    const enc = encodeTileBytes({ dtype: 'float32', tileSize: 32 }, tile);
    expect(enc[0]).toBe(0x78); // zlib header
    expect(Buffer.compare(inflateSync(enc), Buffer.from(referencePredict(tile, 32, 3)))).toBe(0);
    const plain = encodeTileBytes({ dtype: 'float32', tileSize: 32, predictor: false }, tile);
    expect(Buffer.compare(inflateSync(plain), Buffer.from(new Uint8Array(tile.buffer)))).toBe(0);
    const none = encodeTileBytes({ dtype: 'float32', tileSize: 32, compression: 'none' }, tile);
    expect(Buffer.compare(Buffer.from(none), Buffer.from(new Uint8Array(tile.buffer)))).toBe(0);
    expect(none.buffer).not.toBe(tile.buffer);
    expect(() => encodeTileBytes({ dtype: 'float32', tileSize: 32 }, new Float32Array(10))).toThrow(/tileSize\*tileSize/);
    expect(() => encodeTileBytes({ dtype: 'float32', tileSize: 20 }, new Float32Array(400))).toThrow(/multiple of 16/);
  });
});

const GT: GeoTiffOptions['geoTransform'] = [400000, 30, 0, 3100000, 0, -30];

/** Tile (tx, ty) of a row-major image, padded with `pad`. */
function cut(img: PixelArray, W: number, H: number, T: number, tx: number, ty: number, pad: number): PixelArray {
  const t = new (img.constructor as new (n: number) => PixelArray)(T * T).fill(pad);
  for (let r = 0; r < T && ty * T + r < H; r++) for (let c = 0; c < T && tx * T + c < W; c++) t[r * T + c] = img[(ty * T + r) * W + tx * T + c]!;
  return t;
}

/** Write `opts` tile by tile, raw (writeTile) or pre-encoded (writeEncodedTile), skipping tiles where `skip` says so. */
async function writeBoth(name: string, opts: GeoTiffOptions, bands: PixelArray[], pad: number, skip = (_tx: number, _ty: number) => false): Promise<[Buffer, Buffer]> {
  const T = opts.tileSize ?? 256;
  const out: Buffer[] = [];
  for (const mode of ['raw', 'encoded'] as const) {
    const p = join(dir(), `${name}-${mode}.tif`);
    const w = await GeoTiffTileWriter.create(p, opts);
    const [ntx, nty] = w.tiles;
    for (let b = 0; b < bands.length; b++) {
      for (let ty = 0; ty < nty; ty++) {
        for (let tx = 0; tx < ntx; tx++) {
          if (skip(tx, ty)) continue;
          const tile = cut(bands[b]!, opts.width, opts.height, T, tx, ty, pad);
          if (mode === 'raw') await w.writeTile(tx, ty, tile, b);
          else await w.writeEncodedTile(tx, ty, encodeTileBytes(opts, tile), b);
        }
      }
    }
    await w.finish();
    out.push(await readFile(p));
  }
  return [out[0]!, out[1]!];
}

describe('GeoTiffTileWriter.writeEncodedTile', () => {
  const W = 100;
  const H = 70;
  const cases: { name: string; opts: GeoTiffOptions; pad: number }[] = [
    { name: 'float32-deflate-pred3-nodata', opts: { width: W, height: H, dtype: 'float32', nodata: -9999, epsg: 4546, geoTransform: GT, tileSize: 32 }, pad: -9999 },
    { name: 'float32-deflate-nan', opts: { width: W, height: H, dtype: 'float32', nodata: NaN, epsg: 4546, geoTransform: GT, tileSize: 32 }, pad: NaN },
    { name: 'float64-deflate-nopred', opts: { width: W, height: H, dtype: 'float64', epsg: 4546, geoTransform: GT, tileSize: 16, predictor: false }, pad: NaN },
    { name: 'int16-lzw', opts: { width: W, height: H, dtype: 'int16', nodata: -32768, epsg: 4546, geoTransform: GT, tileSize: 32, compression: 'lzw' }, pad: -32768 },
    { name: 'uint8-none-2bands', opts: { width: W, height: H, bands: 2, dtype: 'uint8', nodata: 255, epsg: 4546, geoTransform: GT, tileSize: 16, compression: 'none' }, pad: 255 },
  ];
  for (const { name, opts, pad } of cases) {
    it(`${name}: byte-identical to writeTile, tiles left out filled alike`, async () => {
      const bands = Array.from({ length: opts.bands ?? 1 }, (_, b) => {
        const img = noisy(opts.dtype, W * H, 17 + b);
        // Holes of nodata, so that the all-nodata tile is shared in both files.
        for (let i = 0; i < img.length; i++) if (i % W < 40 && Math.floor(i / W) < 40) img[i] = pad;
        return img;
      });
      const [raw, encoded] = await writeBoth(name, opts, bands, pad, (tx, ty) => tx === 2 && ty === 1);
      expect(Buffer.compare(raw, encoded)).toBe(0);
    });
  }

  it('with every tile present it is also encodeGeoTiff\'s file', async () => {
    const opts = cases[0]!.opts;
    const img = Float32Array.from({ length: W * H }, (_, i) => Math.sin(i / 37) + (i % 5) * 1e-3);
    const [, encoded] = await writeBoth('full', opts, [img], -9999);
    expect(Buffer.compare(encoded, Buffer.from(encodeGeoTiff(img, opts)))).toBe(0);
  });

  it('refused with E_ARG_INVALID when the writer makes overviews, and for bytes that cannot be a tile', async () => {
    const opts: GeoTiffOptions = { width: 40, height: 40, dtype: 'float32', epsg: 4546, geoTransform: GT, tileSize: 16 };
    const w = await GeoTiffTileWriter.create(join(dir(), 'ov.tif'), { ...opts, overviews: [2] });
    const bytes = encodeTileBytes(opts, new Float32Array(256));
    const err = await w.writeEncodedTile(0, 0, bytes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RiskAtlasError);
    expect((err as RiskAtlasError).code).toBe('E_ARG_INVALID');
    expect((err as Error).message).toMatch(/overviews/);
    await w.abort();
    const w2 = await GeoTiffTileWriter.create(join(dir(), 'bad.tif'), { ...opts, compression: 'none' });
    await expect(w2.writeEncodedTile(0, 0, new Uint8Array(0))).rejects.toThrow(/non-empty/);
    await expect(w2.writeEncodedTile(0, 0, new Uint8Array(100))).rejects.toThrow(/1024 bytes/);
    await expect(w2.writeEncodedTile(5, 0, new Uint8Array(1024))).rejects.toThrow(/outside/);
    await w2.writeEncodedTile(0, 0, new Uint8Array(1024));
    await expect(w2.writeEncodedTile(0, 0, new Uint8Array(1024))).rejects.toThrow(/twice/);
    await w2.abort();
  });

  it('tiles encoded in a worker thread (libdeflate loaded there) make the same file', async () => {
    const opts: GeoTiffOptions = { width: 300, height: 200, dtype: 'float32', nodata: -9999, epsg: 4546, geoTransform: GT, tileSize: 64 };
    const img = Float32Array.from({ length: 300 * 200 }, (_, i) => Math.cos(i / 91) * 3 + ((i * 7919) % 13) / 100);
    const tiles: { tx: number; ty: number; data: Float32Array }[] = [];
    for (let ty = 0; ty < 4; ty++) for (let tx = 0; tx < 5; tx++) tiles.push({ tx, ty, data: cut(img, 300, 200, 64, tx, ty, -9999) as Float32Array });
    const here = new URL(import.meta.url).href;
    const writerUrl = new URL('../../../../../src-main/engine/export/geotiff/index.ts', import.meta.url).href;
    const boot = `
      const { parentPort, workerData } = require('node:worker_threads');
      import(${JSON.stringify(tsxEsmApi(here))})
        .then((m) => m.tsImport(${JSON.stringify(writerUrl)}, ${JSON.stringify(here)}))
        .then((w) => parentPort.postMessage(workerData.tiles.map((t) => w.encodeTileBytes(workerData.opts, t.data))))
        .catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));`;
    const worker = new Worker(boot, { eval: true, workerData: { opts, tiles } });
    const encoded = await new Promise<Uint8Array[] | { error: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    if (!Array.isArray(encoded)) throw new Error(encoded.error);
    const p = join(dir(), 'worker.tif');
    const w = await GeoTiffTileWriter.create(p, opts);
    for (let i = 0; i < tiles.length; i++) await w.writeEncodedTile(tiles[i]!.tx, tiles[i]!.ty, encoded[i]!);
    await w.finish();
    const file = await readFile(p);
    expect(Buffer.compare(file, Buffer.from(encodeGeoTiff(img, opts)))).toBe(0);
    if (HAS_GDAL) {
      // GDAL (its own inflate) reads the libdeflate streams back exactly.
      const py = `import sys, json\nfrom osgeo import gdal\nd = gdal.Open(sys.argv[1])\nprint(json.dumps(d.GetRasterBand(1).ReadAsArray().ravel().tolist()))`;
      const vals = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, p], { maxBuffer: 1 << 26 }).toString()) as number[];
      expect(vals).toEqual(Array.from(img));
      const info = execFileSync('/usr/bin/gdalinfo', ['-checksum', p], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
      expect(info).toMatch(/COMPRESSION=DEFLATE/);
      expect(info).toMatch(/PREDICTOR=3/);
      expect(info).toMatch(/Checksum=\d+/);
    }
  });
});
