/**
 * The assembler (export/geotiff/assembler): bands as planes, tiles never written filled with
 * nodata, and deterministic bytes, the same in memory and on disk.
 */
import { describe, it, expect } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GeoTiffTileWriter, encodeGeoTiff, writeGeoTiff, type GeoTiffOptions } from '../../../../../src-main/engine/export/geotiff';
import { GT_PROJ, HAS_GDAL, SMALL_FILE, gdalRead, readWithGeotiffJs, sample } from '../../../../fixtures/geotiffReadBack';
import { useTempDir } from '../../../../fixtures/tempDir';

const dir = useTempDir('ra-gtasm-');

describe('GeoTIFF writer: multi-band, missing tiles', () => {
  it('multi-band (planar) round-trips in both readers', async () => {
    const W = 33;
    const H = 17;
    const bands = [sample('float32', W * H), Float32Array.from({ length: W * H }, (_, i) => -i), Float32Array.from({ length: W * H }, (_, i) => i / 3)];
    const opts: GeoTiffOptions = { width: W, height: H, dtype: 'float32', nodata: -9999, epsg: 4546, geoTransform: GT_PROJ, tileSize: 16 };
    const { img, rasters } = await readWithGeotiffJs(encodeGeoTiff(bands, opts));
    expect(img.getSamplesPerPixel()).toBe(3);
    rasters.forEach((r, i) => expect(Array.from(r)).toEqual(Array.from(bands[i])));
    if (HAS_GDAL) {
      const p = join(dir(), 'mb.tif');
      await writeGeoTiff(p, bands, opts);
      const g = gdalRead(p);
      expect(g.size).toEqual([W, H, 3]);
      g.bands.forEach((b, i) => {
        expect(b.values).toEqual(Array.from(bands[i]));
        expect(b.nodata).toBe(-9999);
      });
    }
  });

  it('tiles never written are filled with nodata', async () => {
    const p = join(dir(), 'sparse.tif');
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
});

describe('GeoTIFF writer: determinism', () => {
  const { opts, data } = SMALL_FILE;

  it('same input → byte-identical files, and encodeGeoTiff gives the same bytes', async () => {
    const p1 = join(dir(), 'det1.tif');
    const p2 = join(dir(), 'det2.tif');
    await writeGeoTiff(p1, data, opts);
    await writeGeoTiff(p2, data, { ...opts, metadata: { a: '1', b: '2' } });
    const b1 = await readFile(p1);
    const b2 = await readFile(p2);
    expect(Buffer.compare(b1, b2)).toBe(0);
    expect(Buffer.compare(b1, Buffer.from(encodeGeoTiff(data, opts)))).toBe(0);
  });
});
