/**
 * The TIFF structure (export/geotiff/ifd): georeferencing, metadata and nodata tags as GDAL
 * reads them, and the choice between classic TIFF and BigTIFF.
 */
import { describe, it, expect } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { GeoTiffTileWriter, encodeGeoTiff, isGeographicEpsg, writeGeoTiff } from '../../../../../src-main/engine/export/geotiff';
import { GT_GEO, GT_PROJ, HAS_GDAL, SMALL_FILE, gdalRead, gdalinfoJson, norm, readWithGeotiffJs, sample } from '../../../../fixtures/geotiffReadBack';
import { useTempDir } from '../../../../fixtures/tempDir';

const dir = useTempDir('ra-gtifd-');

describe('isGeographicEpsg', () => {
  it('knows CGCS2000 geographic vs Gauss-Kruger', () => {
    expect(isGeographicEpsg(4490)).toBe(true);
    expect(isGeographicEpsg(4326)).toBe(true);
    expect(isGeographicEpsg(4546)).toBe(false);
    expect(isGeographicEpsg(3857)).toBe(false);
  });
});

describe.skipIf(!HAS_GDAL)('GeoTIFF writer: georeferencing and metadata seen by GDAL', () => {
  it('geographic EPSG:4490 (CGCS2000), geotransform identical, NaN nodata', async () => {
    const p = join(dir(), 'geo.tif');
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
    const p = join(dir(), 'proj.tif');
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
    const p = join(dir(), 'pred3.tif');
    const data = sample('float64', 50 * 40);
    await writeGeoTiff(p, data, { width: 50, height: 40, dtype: 'float64', epsg: 4546, geoTransform: GT_PROJ, tileSize: 32 });
    expect(gdalinfoJson(p).metadata.IMAGE_STRUCTURE.PREDICTOR).toBe('3');
    expect(gdalRead(p).bands[0].values).toEqual(Array.from(data));
  });

  it('GDAL_METADATA items and band descriptions visible in gdalinfo (UTF-8, escaped)', async () => {
    const p = join(dir(), 'md.tif');
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
    const p = join(dir(), 'ck.tif');
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

describe('GeoTIFF writer: classic TIFF or BigTIFF', () => {
  const { opts, data } = SMALL_FILE;

  it('BigTIFF on request: header 43, read by geotiff.js (and GDAL)', async () => {
    const bytes = encodeGeoTiff(data, { ...opts, bigTiff: true });
    expect(bytes[2]).toBe(43);
    const { rasters, tiff } = await readWithGeotiffJs(bytes);
    expect(Array.from(rasters[0])).toEqual(Array.from(data));
    expect(await tiff.getImageCount()).toBe(2);
    if (HAS_GDAL) {
      const p = join(dir(), 'big.tif');
      await writeGeoTiff(p, data, { ...opts, bigTiff: true });
      expect(gdalRead(p).bands[0].values).toEqual(Array.from(data));
      expect(execFileSync('/usr/bin/gdalinfo', [p]).toString()).toContain('Overviews: 20x15');
    }
  });

  it('auto mode picks BigTIFF only for > 3.5 GiB of data (decided from the options)', async () => {
    const p = join(dir(), 'huge.tif');
    const w = await GeoTiffTileWriter.create(p, { width: 40000, height: 40000, dtype: 'float32', epsg: 4546, geoTransform: GT_PROJ });
    const tmp = (await readdir(dir())).filter((f) => f.startsWith('huge.tif.tmp-'));
    expect(tmp).toHaveLength(1);
    const header = await readFile(join(dir(), tmp[0]));
    expect([header[0], header[1], header[2], header[4]]).toEqual([0x49, 0x49, 43, 8]); // BigTIFF header written up front
    await w.abort();
    const head = encodeGeoTiff(new Uint8Array(4), { width: 2, height: 2, dtype: 'uint8', epsg: 4546, geoTransform: GT_PROJ });
    expect(head[2]).toBe(42);
    // abort removed the temporary file and never created the target.
    expect((await readdir(dir())).filter((f) => f.startsWith('huge.tif'))).toEqual([]);
  });
});
