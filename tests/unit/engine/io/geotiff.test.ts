/**
 * The GeoTIFF reader on TIFFs written byte by byte by `makeFixtures` (Int16, Float32, UInt8,
 * UInt16; stripped and tiled; overviews; pixel-is-point; rotated; truncated), cross-checked
 * against gdalinfo where GDAL is installed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGeoTiff } from '../../../../src-main/engine/io/geotiff';
import { encodeTiff, int16Values, makeFixtures, moveIfdToFront, type FixturePaths } from '../../../fixtures/io/makeFixtures';
import { codeOf } from '../../../fixtures/errorCode';

let dir: string;
let f: FixturePaths;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ra-tif-'));
  f = makeFixtures(dir);
});

const hasGdalinfo = existsSync('/usr/bin/gdalinfo');

describe('GeoTIFF metadata', () => {
  it('reads EPSG:4546 from ProjectedCSTypeGeoKey, GDAL_NODATA, geotransform and extent of a Float32 strip TIFF', async () => {
    const src = await openGeoTiff(f.tifFloat32_4546);
    expect(src.meta).toMatchObject({
      kind: 'raster', width: 4, height: 3, bands: 1, dtype: 'float32', nodata: -9999, crs: { epsg: 4546 },
      geoTransform: [500_000, 30, 0, 4_000_000, 0, -30], extent: [500_000, 3_999_910, 500_120, 4_000_000],
      pixelIsPoint: false, tiled: false, compression: 'none', overviews: 0,
    });
    await src.close();
  });

  it('reads EPSG:4490 from GeographicTypeGeoKey of an Int16 TIFF, with negative values and nodata intact', async () => {
    const src = await openGeoTiff(f.tifInt16_4490);
    expect(src.meta).toMatchObject({ dtype: 'int16', nodata: -32768, crs: { epsg: 4490 }, geoTransform: [110, 0.01, 0, 37, 0, -0.01] });
    expect(Array.from(await src.readWindow(0, 0, 7, 5))).toEqual(Array.from(int16Values()));
    await src.close();
  });

  it('shifts a RasterPixelIsPoint file by half a cell to the pixel corner and says so', async () => {
    const src = await openGeoTiff(f.tifPixelIsPoint);
    expect(src.meta.pixelIsPoint).toBe(true);
    expect(src.meta.geoTransform).toEqual([499_995, 10, 0, 4_000_005, 0, -10]);
    await src.close();
  });

  it('reports tiling and counts the reduced-resolution images as overviews', async () => {
    const src = await openGeoTiff(f.tifTiledOverview);
    expect(src.meta).toMatchObject({ tiled: true, overviews: 2, width: 40, height: 24, dtype: 'uint16' });
    await src.close();
  });

  it('leaves the CRS null for a user-defined projection it cannot identify (no guessing)', async () => {
    const src = await openGeoTiff(f.tifUserDefined);
    expect(src.meta.crs).toBeNull();
    await src.close();
  });

  it('identifies a user-defined CRS from an ESRI PE string citation', async () => {
    const wkt = readFileSync(f.shpGbkCpg.replace(/shp$/, 'prj'), 'utf8');
    const p = join(dir, 'pe.tif');
    writeFileSync(p, encodeTiff([{ width: 1, height: 1, dtype: 'uint8', geoTransform: [500_000, 1, 0, 4_000_000, 0, -1], geoKeys: { model: 1, projected: 32767, citation: `ESRI PE String = ${wkt}` } }]));
    const src = await openGeoTiff(p);
    expect(src.meta.crs?.epsg).toBe(4546);
    await src.close();
  });

  it('reads "nan" GDAL_NODATA as NaN and no GDAL_NODATA as null', async () => {
    const p = join(dir, 'nan.tif');
    writeFileSync(p, encodeTiff([{ width: 1, height: 1, dtype: 'float32', geoTransform: [0, 1, 0, 0, 0, -1], geoKeys: { model: 1, projected: 4546 }, nodata: 'nan' }]));
    const a = await openGeoTiff(p);
    const b = await openGeoTiff(f.tifPixelIsPoint);
    expect(Number.isNaN(a.meta.nodata)).toBe(true);
    expect(b.meta.nodata).toBeNull();
    await a.close();
    await b.close();
  });
});

describe('GeoTIFF windowed reads', () => {
  it('reads windows across tile borders of a tiled UInt16 raster as Float64', async () => {
    const src = await openGeoTiff(f.tifTiledOverview);
    const w = await src.readWindow(14, 15, 4, 2); // spans tiles (0,0),(1,0),(0,1),(1,1)
    expect(w).toBeInstanceOf(Float64Array);
    expect(Array.from(w)).toEqual([15 * 40 + 14, 15 * 40 + 15, 15 * 40 + 16, 15 * 40 + 17, 16 * 40 + 14, 16 * 40 + 15, 16 * 40 + 16, 16 * 40 + 17]);
    expect(Array.from(await src.readWindow(39, 23, 1, 1))).toEqual([23 * 40 + 39]);
    await src.close();
  });

  it('reads a chosen band of a multi-band raster', async () => {
    const p = join(dir, 'rgb.tif');
    writeFileSync(p, encodeTiff([{ width: 2, height: 1, bands: 3, dtype: 'uint8', data: [1, 2, 3, 4, 5, 6], geoTransform: [0, 1, 0, 0, 0, -1], geoKeys: { model: 1, projected: 4546 } }]));
    const src = await openGeoTiff(p);
    expect(src.meta.bands).toBe(3);
    expect(Array.from(await src.readWindow(0, 0, 2, 1, 2))).toEqual([3, 6]);
    await src.close();
  });

  it('refuses a window outside the raster with E_ARG_INVALID', async () => {
    const src = await openGeoTiff(f.tifFloat32_4546);
    expect(await codeOf(src.readWindow(2, 0, 3, 1))).toBe('E_ARG_INVALID');
    expect(await codeOf(src.readWindow(0, 0, 1, 1, 1))).toBe('E_ARG_INVALID');
    await src.close();
  });
});

describe('GeoTIFF faults', () => {
  it('gives E_FILE_EMPTY, E_TIFF_MAGIC, E_FILE_NOT_FOUND for zero bytes, wrong magic and no file', async () => {
    expect(await codeOf(openGeoTiff(f.empty))).toBe('E_FILE_EMPTY');
    expect(await codeOf(openGeoTiff(f.notTiff))).toBe('E_TIFF_MAGIC');
    expect(await codeOf(openGeoTiff(join(dir, 'nope.tif')))).toBe('E_FILE_NOT_FOUND');
  });

  it('gives E_TIFF_CORRUPT at open for a file whose pixel data was cut off', async () => {
    expect(await codeOf(openGeoTiff(f.tifTruncated))).toBe('E_TIFF_CORRUPT');
  });

  it('gives E_TIFF_CORRUPT (never success or another crash) for every truncation of a valid TIFF', async () => {
    // Both layouts: directory after the data (as encodeTiff writes) and before it (as GDAL does).
    // The first layout ends with one alignment byte after the NUL-terminated GDAL_NODATA text,
    // which no reader needs; every other byte is needed.
    const cases: [Uint8Array, number][] = [[readFileSync(f.tifInt16_4490), 1], [moveIfdToFront(readFileSync(f.tifInt16_4490)), 0]];
    for (const [full, pad] of cases) {
      const p = join(dir, 'cut.tif');
      for (let n = 8; n < full.length - pad; n++) {
        writeFileSync(p, full.subarray(0, n));
        expect(await codeOf(openGeoTiff(p)), `cut at ${n} of ${full.length}`).toBe('E_TIFF_CORRUPT');
      }
    }
  });

  it('gives E_TIFF_ROTATED for a ModelTransformation with rotation terms', async () => {
    expect(await codeOf(openGeoTiff(f.tifRotated))).toBe('E_TIFF_ROTATED');
  });

  it('gives E_RASTER_TOO_LARGE for 100000 × 100000 pixels before allocating anything', async () => {
    expect(await codeOf(openGeoTiff(f.tifHuge))).toBe('E_RASTER_TOO_LARGE');
  });

  it('gives E_CRS_UNKNOWN for an EPSG code whose projection RiskAtlas cannot compute (22300, Tunisia Mining Grid)', async () => {
    const p = join(dir, 'unknown_epsg.tif');
    writeFileSync(p, encodeTiff([{ width: 1, height: 1, dtype: 'uint8', geoTransform: [0, 1, 0, 0, 0, -1], geoKeys: { model: 1, projected: 22300 } }]));
    expect(await codeOf(openGeoTiff(p))).toBe('E_CRS_UNKNOWN');
  });
});

describe.skipIf(!hasGdalinfo)('GeoTIFF reader against gdalinfo', () => {
  it('agrees with GDAL on size, type, geotransform (pixel-is-point included), nodata and EPSG code', async () => {
    const gdalType: Record<string, string> = { Float32: 'float32', Int16: 'int16', Byte: 'uint8', UInt16: 'uint16' };
    for (const path of [f.tifFloat32_4546, f.tifInt16_4490, f.tifPixelIsPoint, f.tifTiledOverview]) {
      const info = JSON.parse(execFileSync('/usr/bin/gdalinfo', ['-json', path], { encoding: 'utf8' })) as {
        size: [number, number]; geoTransform: number[]; bands: { type: string; noDataValue?: number; overviews?: unknown[] }[]; coordinateSystem?: { wkt: string };
      };
      const src = await openGeoTiff(path);
      expect([src.meta.width, src.meta.height]).toEqual(info.size);
      expect(src.meta.dtype).toBe(gdalType[info.bands[0]!.type]);
      src.meta.geoTransform.forEach((v, i) => expect(v).toBeCloseTo(info.geoTransform[i]!, 9));
      expect(src.meta.nodata).toBe(info.bands[0]!.noDataValue ?? null);
      expect(src.meta.overviews).toBe(info.bands[0]!.overviews?.length ?? 0);
      const code = [...(info.coordinateSystem?.wkt ?? '').matchAll(/ID\["EPSG",(\d+)\]/g)].pop()?.[1];
      expect(String(src.meta.crs?.epsg)).toBe(code);
      await src.close();
    }
  });
});
