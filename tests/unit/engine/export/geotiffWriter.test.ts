import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fromArrayBuffer } from 'geotiff';
import { GeoTiffTileWriter, encodeGeoTiff, isGeographicEpsg, writeGeoTiff, type GeoTiffOptions } from '../../../../src-main/engine/export/geotiffWriter';
import type { DType, PixelArray } from '../../../../src-shared/layer';
import { RiskAtlasError } from '../../../../src-shared/errors';

const HAS_GDAL = existsSync('/usr/bin/gdalinfo') && existsSync('/usr/bin/python3');
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ra-gtw-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Read a file with GDAL's Python bindings (independent reference). */
interface GdalView {
  size: [number, number, number];
  gt: number[];
  bands: { values: number[]; pixelType?: string; nodata: number | string | null; type: string; desc: string; ovCount: number; ovs: { w: number; h: number; values: number[] }[] }[];
  metadata: Record<string, string>;
}
const PY = `
import sys, json, math
from osgeo import gdal
gdal.UseExceptions()
d = gdal.Open(sys.argv[1])
def num(v):
    v = float(v)
    return 'nan' if math.isnan(v) else v
out = {'size': [d.RasterXSize, d.RasterYSize, d.RasterCount], 'gt': list(d.GetGeoTransform()), 'metadata': d.GetMetadata(), 'bands': []}
for i in range(1, d.RasterCount + 1):
    b = d.GetRasterBand(i)
    nd = b.GetNoDataValue()
    ovs = []
    for k in range(b.GetOverviewCount()):
        o = b.GetOverview(k)
        ovs.append({'w': o.XSize, 'h': o.YSize, 'values': [num(v) for v in o.ReadAsArray().ravel().tolist()]})
    out['bands'].append({'values': [num(v) for v in b.ReadAsArray().ravel().tolist()], 'nodata': None if nd is None else num(nd),
        'type': gdal.GetDataTypeName(b.DataType), 'pixelType': b.GetMetadataItem('PIXELTYPE', 'IMAGE_STRUCTURE'), 'desc': b.GetDescription(), 'ovCount': b.GetOverviewCount(), 'ovs': ovs})
print(json.dumps(out))
`;
function gdalRead(path: string): GdalView {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY, path], { maxBuffer: 1 << 28 }).toString());
}
function gdalinfoJson(path: string): any {
  return JSON.parse(execFileSync('/usr/bin/gdalinfo', ['-json', path]).toString());
}
/** NaN-safe comparison: GDAL JSON turns NaN into "nan". */
const norm = (vs: ArrayLike<number>): (number | string)[] => Array.from(vs, (v) => (Number.isNaN(v) ? 'nan' : v));

async function readWithGeotiffJs(bytes: Uint8Array) {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const tiff = await fromArrayBuffer(ab);
  const img = await tiff.getImage();
  const rasters = (await img.readRasters({ interleave: false })) as unknown as PixelArray[];
  return { tiff, img, rasters };
}

const TYPES: Record<DType, { ctor: new (n: number) => PixelArray; special: number[]; gdal: string }> = {
  int8: { ctor: Int8Array, special: [1, -2, -128, 127, -1, 0], gdal: 'Int8' },
  uint8: { ctor: Uint8Array, special: [0, 1, 255, 128, 254], gdal: 'Byte' },
  int16: { ctor: Int16Array, special: [1, -2, -32768, 32767, -1], gdal: 'Int16' },
  uint16: { ctor: Uint16Array, special: [0, 65535, 1, 40000], gdal: 'UInt16' },
  int32: { ctor: Int32Array, special: [1, -2, -2147483648, 2147483647, -1], gdal: 'Int32' },
  uint32: { ctor: Uint32Array, special: [0, 4294967295, 1, 3000000000], gdal: 'UInt32' },
  float32: { ctor: Float32Array, special: [1.5, -2.25, 3.4e38, -3.4e38, 1e-30, 0, -0], gdal: 'Float32' },
  float64: { ctor: Float64Array, special: [Math.PI, -1e300, 1e-300, 12345.678901234, -0.1], gdal: 'Float64' },
};

/** Deterministic pseudo-random values covering the dtype's range, starting with the special ones. */
function sample(dtype: DType, n: number): PixelArray {
  const { ctor, special } = TYPES[dtype];
  const a = new ctor(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    if (i < special.length) a[i] = special[i];
    else if (dtype.startsWith('float')) a[i] = ((s / 2 ** 32) - 0.5) * 2000 + (i % 7);
    else a[i] = (dtype.startsWith('u') ? s : s - 2 ** 31) / (dtype.endsWith('32') ? 1 : dtype.endsWith('16') ? 65536 : 2 ** 24) | 0;
  }
  return a;
}

const GT_PROJ: GeoTiffOptions['geoTransform'] = [37_500_000 - 37_000_000 + 400_000, 30, 0, 3_100_000, 0, -30];
const GT_GEO: GeoTiffOptions['geoTransform'] = [110.5, 0.0025, 0, 29.75, 0, -0.0025];

describe('isGeographicEpsg', () => {
  it('knows CGCS2000 geographic vs Gauss-Kruger', () => {
    expect(isGeographicEpsg(4490)).toBe(true);
    expect(isGeographicEpsg(4326)).toBe(true);
    expect(isGeographicEpsg(4546)).toBe(false);
    expect(isGeographicEpsg(3857)).toBe(false);
  });
});

describe('GeoTIFF writer: every dtype round-trips', () => {
  const W = 37;
  const H = 23; // not multiples of the 16-pixel tile: edge tiles are padded
  for (const dtype of Object.keys(TYPES) as DType[]) {
    // LZW output is read here by geotiff.js's own LZW decoder (this file does not load ours) and by GDAL.
    for (const compression of ['deflate', 'lzw', 'none'] as const) {
      const name = `${dtype} ${compression}`;
      const data = sample(dtype, W * H);
      const opts: GeoTiffOptions = { width: W, height: H, dtype, epsg: 4546, geoTransform: GT_PROJ, tileSize: 16, compression };
      it(`${name}: geotiff.js reads identical values`, async () => {
        const bytes = encodeGeoTiff(data, opts);
        const { img, rasters } = await readWithGeotiffJs(bytes);
        expect(img.getWidth()).toBe(W);
        expect(img.getHeight()).toBe(H);
        expect(rasters[0]).toBeInstanceOf(TYPES[dtype].ctor);
        expect(Array.from(rasters[0])).toEqual(Array.from(data));
        expect(img.getTileWidth()).toBe(16);
      });
      it.skipIf(!HAS_GDAL)(`${name}: GDAL reads identical values and type`, async () => {
        const p = join(dir, `rt-${dtype}-${compression}.tif`);
        await writeGeoTiff(p, data, opts);
        const g = gdalRead(p);
        expect(g.size).toEqual([W, H, 1]);
        if (dtype === 'int8') {
          // GDAL < 3.7 has no Int8 type: Byte + PIXELTYPE=SIGNEDBYTE, still read as signed values.
          expect(['Int8', 'Byte']).toContain(g.bands[0].type);
          if (g.bands[0].type === 'Byte') expect(g.bands[0].pixelType).toBe('SIGNEDBYTE');
        } else {
          expect(g.bands[0].type).toBe(TYPES[dtype].gdal);
        }
        // Float32 values reach Python as exact doubles; compare with the stored values (even -0).
        expect(g.bands[0].values).toEqual(norm(data));
        expect(g.gt).toEqual(GT_PROJ);
      });
    }
  }

  it('Int16 [1, -2, -32768, 32767] exactly, both readers', async () => {
    const data = Int16Array.from([1, -2, -32768, 32767]);
    const opts: GeoTiffOptions = { width: 2, height: 2, dtype: 'int16', epsg: 4490, geoTransform: GT_GEO, nodata: -32768 };
    const { rasters } = await readWithGeotiffJs(encodeGeoTiff(data, opts));
    expect(Array.from(rasters[0])).toEqual([1, -2, -32768, 32767]);
    if (HAS_GDAL) {
      const p = join(dir, 'i16.tif');
      await writeGeoTiff(p, data, opts);
      const g = gdalRead(p);
      expect(g.bands[0].values).toEqual([1, -2, -32768, 32767]);
      expect(g.bands[0].nodata).toBe(-32768);
    }
  });

  it('converts other typed arrays: integers rounded and clamped, NaN → nodata', async () => {
    const data = Float64Array.from([1.4, 1.6, -5, 300, NaN, 254.5]);
    const { rasters } = await readWithGeotiffJs(encodeGeoTiff(data, { width: 3, height: 2, dtype: 'uint8', nodata: 0, epsg: 4546, geoTransform: GT_PROJ }));
    expect(Array.from(rasters[0])).toEqual([1, 2, 0, 255, 0, 255]);
  });
});

describe.skipIf(!HAS_GDAL)('GeoTIFF writer: georeferencing and metadata seen by GDAL', () => {
  it('geographic EPSG:4490 (CGCS2000), geotransform identical, NaN nodata', async () => {
    const p = join(dir, 'geo.tif');
    const data = Float32Array.from({ length: 20 * 10 }, (_, i) => (i % 13 === 0 ? NaN : i * 0.5));
    await writeGeoTiff(p, data, { width: 20, height: 10, dtype: 'float32', nodata: NaN, epsg: 4490, geoTransform: GT_GEO });
    const info = gdalinfoJson(p);
    const wkt: string = info.coordinateSystem.wkt;
    expect(wkt).toContain('CGCS2000');
    expect(wkt.trimEnd().endsWith('ID["EPSG",4490]]')).toBe(true);
    expect(wkt.startsWith('GEOGCRS')).toBe(true);
    expect(info.geoTransform).toEqual(GT_GEO);
    const g = gdalRead(p);
    expect(g.bands[0].nodata).toBe('nan');
    expect(g.bands[0].values).toEqual(norm(data));
  });

  it('projected EPSG:4546 (CGCS2000 / 3-degree GK CM 111E), pixel-is-area, nodata reported', async () => {
    const p = join(dir, 'proj.tif');
    await writeGeoTiff(p, new Int32Array(64).fill(7), { width: 8, height: 8, dtype: 'int32', nodata: -9999, epsg: 4546, geoTransform: GT_PROJ });
    const info = gdalinfoJson(p);
    const wkt: string = info.coordinateSystem.wkt;
    expect(wkt.startsWith('PROJCRS')).toBe(true);
    expect(wkt).toContain('CGCS2000');
    expect(wkt.trimEnd().endsWith('ID["EPSG",4546]]')).toBe(true);
    expect(info.geoTransform).toEqual(GT_PROJ);
    expect(info.metadata[''].AREA_OR_POINT).toBe('Area');
    expect(info.bands[0].noDataValue).toBe(-9999);
    expect(info.metadata.IMAGE_STRUCTURE.COMPRESSION).toBe('DEFLATE');
    expect(info.metadata.IMAGE_STRUCTURE.PREDICTOR).toBe('2');
  });

  it('float predictor 3 is reported and round-trips', async () => {
    const p = join(dir, 'pred3.tif');
    const data = sample('float64', 50 * 40);
    await writeGeoTiff(p, data, { width: 50, height: 40, dtype: 'float64', epsg: 4546, geoTransform: GT_PROJ, tileSize: 32 });
    expect(gdalinfoJson(p).metadata.IMAGE_STRUCTURE.PREDICTOR).toBe('3');
    expect(gdalRead(p).bands[0].values).toEqual(Array.from(data));
  });

  it('GDAL_METADATA items and band descriptions visible in gdalinfo (UTF-8, escaped)', async () => {
    const p = join(dir, 'md.tif');
    const metadata = { model: '洪水风险', version: '1.0', note: 'a < b & "c"' };
    await writeGeoTiff(p, [new Uint8Array(16), new Uint8Array(16).fill(3)], {
      width: 4, height: 4, dtype: 'uint8', epsg: 4546, geoTransform: GT_PROJ, metadata, bandDescriptions: ['危险性', 'exposure'],
    });
    const g = gdalRead(p);
    expect(g.metadata).toMatchObject(metadata);
    expect(g.bands.map((b) => b.desc)).toEqual(['危险性', 'exposure']);
    const text = execFileSync('/usr/bin/gdalinfo', [p]).toString();
    expect(text).toContain('model=洪水风险');
  });

  it('gdalinfo -checksum runs without error on a multi-band, overview, BigTIFF file', async () => {
    const p = join(dir, 'ck.tif');
    const W = 70;
    const H = 45;
    await writeGeoTiff(p, [sample('int16', W * H), sample('int16', W * H)], {
      width: W, height: H, dtype: 'int16', nodata: -1, epsg: 4546, geoTransform: GT_PROJ, tileSize: 32, overviews: [2, 4], bigTiff: true,
    });
    const out = execFileSync('/usr/bin/gdalinfo', ['-checksum', p], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    expect(out).toMatch(/Checksum=\d+/);
    expect(out).not.toMatch(/ERROR/);
    const g = gdalRead(p);
    expect(g.bands[1].values).toEqual(Array.from(sample('int16', W * H)));
  });
});

describe('GeoTIFF writer: multi-band, tiles, overviews', () => {
  it('multi-band (planar) round-trips in both readers', async () => {
    const W = 33;
    const H = 17;
    const bands = [sample('float32', W * H), Float32Array.from({ length: W * H }, (_, i) => -i), Float32Array.from({ length: W * H }, (_, i) => i / 3)];
    const opts: GeoTiffOptions = { width: W, height: H, dtype: 'float32', nodata: -9999, epsg: 4546, geoTransform: GT_PROJ, tileSize: 16 };
    const { img, rasters } = await readWithGeotiffJs(encodeGeoTiff(bands, opts));
    expect(img.getSamplesPerPixel()).toBe(3);
    rasters.forEach((r, i) => expect(Array.from(r)).toEqual(Array.from(bands[i])));
    if (HAS_GDAL) {
      const p = join(dir, 'mb.tif');
      await writeGeoTiff(p, bands, opts);
      const g = gdalRead(p);
      expect(g.size).toEqual([W, H, 3]);
      g.bands.forEach((b, i) => {
        expect(b.values).toEqual(Array.from(bands[i]));
        expect(b.nodata).toBe(-9999);
      });
    }
  });

  it('tiles in random order, multi-band, give the same pixels as row order', async () => {
    const W = 50;
    const H = 35;
    const T = 16;
    const full = [sample('int16', W * H), Int16Array.from({ length: W * H }, (_, i) => -i)];
    const p = join(dir, 'random.tif');
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
    expect((await readdir(dir)).filter((f) => f.startsWith('random.tif.tmp'))).toEqual([]);
  });

  it('tiles never written are filled with nodata', async () => {
    const p = join(dir, 'sparse.tif');
    const w = await GeoTiffTileWriter.create(p, { width: 32, height: 16, dtype: 'uint8', nodata: 255, epsg: 4546, geoTransform: GT_PROJ, tileSize: 16 });
    await w.writeTile(1, 0, new Uint8Array(256).fill(9));
    await w.finish();
    const { rasters } = await readWithGeotiffJs(new Uint8Array(await readFile(p)));
    const r = rasters[0];
    expect(r[0]).toBe(255);
    expect(r[15]).toBe(255);
    expect(r[16]).toBe(9);
    expect(r[32 * 16 - 1]).toBe(9);
  });

  it('overviews: hand-checked mean (floats) and mode (integers), nodata-aware, edge blocks partial', async () => {
    // 5x3 float image, factor 2 → 3x2 overview.
    const N = -9999;
    // prettier-ignore
    const f = Float32Array.from([
      1, 3,   N, N,   10,
      5, 7,   N, 4,   20,
      2, NaN, 8, 8,   N,
    ]);
    const expF = [4, 4, 15, 2, 8, N];
    // prettier-ignore
    const u = Uint8Array.from([
      1, 1,   2, 3,   5,
      2, 0,   3, 2,   0,
      0, 0,   9, 9,   7,
    ]);
    const expU = [1, 2, 5, 0, 9, 7]; // 0 is nodata; ties → smaller value
    const common = { width: 5, height: 3, epsg: 4546, geoTransform: GT_PROJ, tileSize: 16, overviews: [2] };
    const tf = encodeGeoTiff(f, { ...common, dtype: 'float32', nodata: N });
    const tu = encodeGeoTiff(u, { ...common, dtype: 'uint8', nodata: 0 });
    const rf = await fromArrayBuffer(tf.slice().buffer);
    const ru = await fromArrayBuffer(tu.slice().buffer);
    expect(await rf.getImageCount()).toBe(2);
    const of = await rf.getImage(1);
    expect([of.getWidth(), of.getHeight()]).toEqual([3, 2]);
    expect(Array.from((await of.readRasters())[0] as Float32Array)).toEqual(expF);
    expect(Array.from((await (await ru.getImage(1)).readRasters())[0] as Uint8Array)).toEqual(expU);
    if (HAS_GDAL) {
      const pf = join(dir, 'ovf.tif');
      const pu = join(dir, 'ovu.tif');
      await writeGeoTiff(pf, f, { ...common, dtype: 'float32', nodata: N });
      await writeGeoTiff(pu, u, { ...common, dtype: 'uint8', nodata: 0 });
      const gf = gdalRead(pf);
      expect(gf.bands[0].ovCount).toBe(1);
      expect(gf.bands[0].ovs[0]).toEqual({ w: 3, h: 2, values: expF });
      expect(gdalRead(pu).bands[0].ovs[0].values).toEqual(expU);
    }
  });

  it.skipIf(!HAS_GDAL)('overviews counted by GDAL across tiles ([2,4,8], tile 16, 100x70)', async () => {
    const W = 100;
    const H = 70;
    const p = join(dir, 'ov3.tif');
    const data = Float32Array.from({ length: W * H }, (_, i) => (i % W) + 1000 * Math.floor(i / W));
    await writeGeoTiff(p, data, { width: W, height: H, dtype: 'float32', nodata: -1, epsg: 4546, geoTransform: GT_PROJ, tileSize: 16, overviews: [8, 2, 4] });
    const g = gdalRead(p);
    expect(g.bands[0].ovCount).toBe(3);
    expect(g.bands[0].ovs.map((o) => [o.w, o.h])).toEqual([[50, 35], [25, 18], [13, 9]]);
    // Mean of a linear ramp over a full block is its centre value.
    const o4 = g.bands[0].ovs[1];
    for (const [ox, oy] of [[0, 0], [5, 3], [17, 11]]) {
      const cx = ox * 4 + 1.5;
      const cy = oy * 4 + 1.5;
      expect(o4.values[oy * o4.w + ox]).toBeCloseTo(cx + 1000 * cy, 2);
    }
    // Partial edge block (column 96..99, row 68..69 for factor 4): mean of real pixels only.
    expect(o4.values[17 * 25 + 24]).toBeCloseTo(97.5 + 1000 * 68.5, 2);
  });
});

describe('GeoTIFF writer: determinism, BigTIFF, atomicity, errors', () => {
  const opts: GeoTiffOptions = { width: 40, height: 30, dtype: 'float32', nodata: -9999, epsg: 4546, geoTransform: GT_PROJ, tileSize: 16, overviews: [2], metadata: { b: '2', a: '1' } };
  const data = sample('float32', 40 * 30);

  it('same input → byte-identical files, and encodeGeoTiff gives the same bytes', async () => {
    const p1 = join(dir, 'det1.tif');
    const p2 = join(dir, 'det2.tif');
    await writeGeoTiff(p1, data, opts);
    await writeGeoTiff(p2, data, { ...opts, metadata: { a: '1', b: '2' } });
    const b1 = await readFile(p1);
    const b2 = await readFile(p2);
    expect(Buffer.compare(b1, b2)).toBe(0);
    expect(Buffer.compare(b1, Buffer.from(encodeGeoTiff(data, opts)))).toBe(0);
  });

  it('BigTIFF on request: header 43, read by geotiff.js (and GDAL)', async () => {
    const bytes = encodeGeoTiff(data, { ...opts, bigTiff: true });
    expect(bytes[2]).toBe(43);
    const { rasters, tiff } = await readWithGeotiffJs(bytes);
    expect(Array.from(rasters[0])).toEqual(Array.from(data));
    expect(await tiff.getImageCount()).toBe(2);
    if (HAS_GDAL) {
      const p = join(dir, 'big.tif');
      await writeGeoTiff(p, data, { ...opts, bigTiff: true });
      expect(gdalRead(p).bands[0].values).toEqual(Array.from(data));
      expect(execFileSync('/usr/bin/gdalinfo', [p]).toString()).toContain('Overviews: 20x15');
    }
  });

  it('auto mode picks BigTIFF only for > 3.5 GiB of data (decided from the options)', async () => {
    const p = join(dir, 'huge.tif');
    const w = await GeoTiffTileWriter.create(p, { width: 40000, height: 40000, dtype: 'float32', epsg: 4546, geoTransform: GT_PROJ });
    const tmp = (await readdir(dir)).filter((f) => f.startsWith('huge.tif.tmp-'));
    expect(tmp).toHaveLength(1);
    const header = await readFile(join(dir, tmp[0]));
    expect([header[0], header[1], header[2], header[4]]).toEqual([0x49, 0x49, 43, 8]); // BigTIFF header written up front
    await w.abort();
    const head = encodeGeoTiff(new Uint8Array(4), { width: 2, height: 2, dtype: 'uint8', epsg: 4546, geoTransform: GT_PROJ });
    expect(head[2]).toBe(42);
    // abort removed the temporary file and never created the target.
    expect((await readdir(dir)).filter((f) => f.startsWith('huge.tif'))).toEqual([]);
  });

  it('abort leaves nothing at path; finish replaces an existing file atomically', async () => {
    const p = join(dir, 'atomic.tif');
    await writeGeoTiff(p, data, opts);
    const before = await readFile(p);
    const w = await GeoTiffTileWriter.create(p, opts);
    await w.writeTile(0, 0, new Float32Array(256));
    await w.abort();
    expect(Buffer.compare(await readFile(p), before)).toBe(0);
    expect((await readdir(dir)).filter((f) => f.startsWith('atomic.tif.tmp'))).toEqual([]);
  });

  it('rejects bad options and tiles with E_ARG_INVALID', async () => {
    const bad = (o: Partial<GeoTiffOptions>) => () => encodeGeoTiff(new Float32Array(4), { width: 2, height: 2, dtype: 'float32', epsg: 4546, geoTransform: GT_PROJ, ...o });
    expect(bad({ geoTransform: [0, 1, 0.1, 0, 0, -1] })).toThrow(RiskAtlasError);
    expect(bad({ geoTransform: [0, 1, 0, 0, 0, 1] })).toThrow(/north-up/);
    expect(bad({ tileSize: 20 })).toThrow(/multiple of 16/);
    expect(bad({ overviews: [3] })).toThrow(/dividing tileSize/);
    expect(bad({ dtype: 'uint8', nodata: -1 })).toThrow(/nodata/);
    expect(bad({ width: 3 })).toThrow(/width\*height/);
    try {
      bad({ epsg: 0 })();
    } catch (e) {
      expect((e as RiskAtlasError).code).toBe('E_ARG_INVALID');
    }
    const w = await GeoTiffTileWriter.create(join(dir, 'errs.tif'), { width: 20, height: 20, dtype: 'uint8', epsg: 4546, geoTransform: GT_PROJ, tileSize: 16 });
    await expect(w.writeTile(2, 0, new Uint8Array(256))).rejects.toThrow(/outside/);
    await expect(w.writeTile(0, 0, new Uint8Array(10))).rejects.toThrow(/tileSize/);
    await w.writeTile(0, 0, new Uint8Array(256));
    await expect(w.writeTile(0, 0, new Uint8Array(256))).rejects.toThrow(/twice/);
    await w.abort();
  });
});
