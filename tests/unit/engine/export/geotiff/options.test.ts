/**
 * The writer's options (export/geotiff/options): every dtype written and read back exactly
 * (other typed arrays converted), and bad options and tiles refused with E_ARG_INVALID.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { GeoTiffTileWriter, encodeGeoTiff, writeGeoTiff, type GeoTiffOptions } from '../../../../../src-main/engine/export/geotiff';
import type { DType } from '../../../../../src-shared/layer';
import { RiskAtlasError } from '../../../../../src-shared/errors';
import { GT_GEO, GT_PROJ, HAS_GDAL, TYPES, gdalRead, norm, readWithGeotiffJs, sample } from '../../../../fixtures/geotiffReadBack';
import { useTempDir } from '../../../../fixtures/tempDir';

const dir = useTempDir('ra-gtopt-');

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
        const p = join(dir(), `rt-${dtype}-${compression}.tif`);
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
      const p = join(dir(), 'i16.tif');
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

describe('GeoTIFF writer: argument checks', () => {
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
    const w = await GeoTiffTileWriter.create(join(dir(), 'errs.tif'), { width: 20, height: 20, dtype: 'uint8', epsg: 4546, geoTransform: GT_PROJ, tileSize: 16 });
    await expect(w.writeTile(2, 0, new Uint8Array(256))).rejects.toThrow(/outside/);
    await expect(w.writeTile(0, 0, new Uint8Array(10))).rejects.toThrow(/tileSize/);
    await w.writeTile(0, 0, new Uint8Array(256));
    await expect(w.writeTile(0, 0, new Uint8Array(256))).rejects.toThrow(/twice/);
    await w.abort();
  });
});
