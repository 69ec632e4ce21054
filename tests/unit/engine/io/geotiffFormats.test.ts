/**
 * The GeoTIFF reader over the matrix of layouts county data arrives in: every sample type ×
 * stripped/tiled × uncompressed/LZW/Deflate/PackBits × one and three bands, plus the
 * horizontal predictor. Fixtures are encoded by `makeFixtures` (its LZW and PackBits encoders
 * are written from the TIFF 6 spec, Deflate is fflate's), independent of the reader's decoders.
 * Where GDAL is installed, a JPEG-compressed file GDAL wrote is read too and compared with
 * GDAL's own decoding.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGeoTiff } from '../../../../src-main/engine/io/geotiff';
import { encodeTiff, lzwEncode, type TiffCompression, type TiffDType } from '../../../fixtures/io/makeFixtures';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ra-tifmatrix-'));
});

const W = 37;
const H = 23;
const RANGE: Record<TiffDType, [number, number]> = {
  uint8: [0, 255],
  int8: [-128, 127],
  uint16: [0, 65535],
  int16: [-32768, 32767],
  uint32: [0, 4294967295],
  int32: [-2147483648, 2147483647],
  float32: [-1e6, 1e6],
  float64: [-1e12, 1e12],
};

/**
 * Values that exercise compression (long runs for PackBits/LZW, then noise that LZW's table
 * must grow past 12 bits on) and the extremes of the type (sign handling).
 */
function values(dtype: TiffDType, bands: number): number[] {
  const [lo, hi] = RANGE[dtype];
  const out: number[] = [];
  let seed = 12345;
  for (let i = 0; i < W * H * bands; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const r = seed / 2 ** 31;
    let v: number;
    if (i < 60) v = 7; // a run
    else if (i % 97 === 0) v = lo;
    else if (i % 89 === 0) v = hi;
    else v = lo + r * (hi - lo);
    if (dtype === 'float32') v = Math.fround(v);
    else if (!dtype.startsWith('float')) v = Math.round(v) + 0; // + 0: no -0, which a TIFF integer cannot hold
    out.push(v);
  }
  return out;
}

const DTYPES: TiffDType[] = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64'];
const COMPRESSIONS: TiffCompression[] = ['none', 'lzw', 'deflate', 'packbits'];

describe('GeoTIFF formats matrix', () => {
  for (const compression of COMPRESSIONS)
    for (const layout of ['strips', 'tiles'] as const)
      it(`reads every sample type and band exactly: ${compression}, ${layout}, 1 and 3 bands`, async () => {
        for (const dtype of DTYPES)
          for (const bands of [1, 3]) {
            const data = values(dtype, bands);
            const p = join(dir, `${dtype}_${compression}_${layout}_${bands}.tif`);
            writeFileSync(p, encodeTiff([{ width: W, height: H, bands, dtype, data, compression, tile: layout === 'tiles' ? 16 : undefined, geoTransform: [500000, 10, 0, 4000000, 0, -10], geoKeys: { model: 1, projected: 4546 } }]));
            const src = await openGeoTiff(p);
            expect(src.meta.compression).toBe(compression);
            expect(src.meta.dtype).toBe(dtype);
            expect(src.meta.tiled).toBe(layout === 'tiles');
            for (let b = 0; b < bands; b++) {
              const got = await src.readWindow(0, 0, W, H, b);
              const want = data.filter((_, i) => i % bands === b);
              expect(Array.from(got), `${dtype} band ${b}`).toEqual(want);
            }
            // A window inside, across block borders.
            const win = await src.readWindow(13, 5, 9, 14, bands - 1);
            expect(win[0]).toBe(data[(5 * W + 13) * bands + bands - 1]);
            expect(win[win.length - 1]).toBe(data[((5 + 13) * W + 13 + 8) * bands + bands - 1]);
            await src.close();
          }
      });

  it('undoes the horizontal predictor (2) for every integer type, with LZW and Deflate', async () => {
    for (const dtype of DTYPES.filter((d) => !d.startsWith('float')))
      for (const compression of ['lzw', 'deflate'] as const)
        for (const tile of [undefined, 16]) {
          const data = values(dtype, 3);
          const p = join(dir, `pred_${dtype}_${compression}_${tile ?? 's'}.tif`);
          writeFileSync(p, encodeTiff([{ width: W, height: H, bands: 3, dtype, data, compression, predictor: 2, tile, geoTransform: [0, 1, 0, 0, 0, -1], geoKeys: { model: 1, projected: 4546 } }]));
          const src = await openGeoTiff(p);
          for (let b = 0; b < 3; b++) expect(Array.from(await src.readWindow(0, 0, W, H, b)), `${dtype} ${compression} band ${b}`).toEqual(data.filter((_, i) => i % 3 === b));
          await src.close();
        }
  });

  it('encodes LZW that grows to 12-bit codes and clears its table (the fixture encoder itself)', () => {
    // 20 000 pseudo-random bytes overflow the 4 096-entry table several times.
    let seed = 1;
    const bytes = Uint8Array.from({ length: 20_000 }, () => ((seed = (seed * 69069 + 1) >>> 0) >>> 24) & 0xff);
    const code = lzwEncode(bytes);
    // First code is Clear (256) in 9 bits: 1000 0000 0.
    expect(code[0]).toBe(0x80);
    expect(code.length).toBeGreaterThan(bytes.length); // noise does not compress: 12-bit codes for 8-bit bytes
  });
});

const hasGdal = existsSync('/usr/bin/gdal_translate') && existsSync('/usr/bin/python3');

describe.skipIf(!hasGdal)('GeoTIFF written by GDAL', () => {
  it('reads a JPEG-compressed UInt8 raster as GDAL decodes it (within 1 grey level)', async () => {
    const src = join(dir, 'jpeg_src.tif');
    const data = Array.from({ length: 64 * 64 }, (_, i) => Math.round(128 + 100 * Math.sin((i % 64) / 9) * Math.cos(Math.floor(i / 64) / 7)));
    writeFileSync(src, encodeTiff([{ width: 64, height: 64, dtype: 'uint8', data, geoTransform: [500000, 10, 0, 4000000, 0, -10], geoKeys: { model: 1, projected: 4546 } }]));
    const jpeg = join(dir, 'jpeg.tif');
    execFileSync('gdal_translate', ['-q', '-co', 'COMPRESS=JPEG', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32', src, jpeg]);
    const gdal = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', 'import sys, json\nfrom osgeo import gdal\nprint(json.dumps(gdal.Open(sys.argv[1]).ReadAsArray().flatten().tolist()))', jpeg], { encoding: 'utf8' }),
    ) as number[];
    const r = await openGeoTiff(jpeg);
    expect(r.meta.compression).toBe('jpeg');
    const got = await r.readWindow(0, 0, 64, 64);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - gdal[i]!));
    expect(worst).toBeLessThanOrEqual(1);
    await r.close();
  });

  it('reads LZW + floating-point predictor (3) Float32 as GDAL wrote it', async () => {
    const src = join(dir, 'fp_src.tif');
    const data = values('float32', 1);
    writeFileSync(src, encodeTiff([{ width: W, height: H, dtype: 'float32', data, geoTransform: [0, 1, 0, 0, 0, -1], geoKeys: { model: 1, projected: 4546 } }]));
    const out = join(dir, 'fp_lzw3.tif');
    execFileSync('gdal_translate', ['-q', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=3', src, out]);
    const r = await openGeoTiff(out);
    expect(Array.from(await r.readWindow(0, 0, W, H))).toEqual(data);
    await r.close();
  });
});
