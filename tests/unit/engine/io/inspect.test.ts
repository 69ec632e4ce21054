/** Format detection, readVector dispatch and inspect: every outcome a Result, every error naming the file. */
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectFormat, readVector } from '../../../../src-main/engine/io/openLayer';
import { inspect, vectorExtent } from '../../../../src-main/engine/io/inspect';
import { makeFixtures, type FixturePaths } from '../../../fixtures/io/makeFixtures';
import { codeOf } from '../../../fixtures/errorCode';

let dir: string;
let f: FixturePaths;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ra-insp-'));
  f = makeFixtures(dir);
});

describe('detectFormat', () => {
  it('goes by extension in any letter case', async () => {
    expect(await detectFormat(f.tifFloat32_4546)).toBe('GeoTIFF');
    expect(await detectFormat(f.shpUpperCaseExt)).toBe('Shapefile');
    expect(await detectFormat(f.zip)).toBe('Shapefile');
    expect(await detectFormat(f.geojson)).toBe('GeoJSON');
  });

  it('sniffs the magic bytes of files without a telling extension', async () => {
    for (const [src, name, fmt] of [[f.tifInt16_4490, 'a.dat', 'GeoTIFF'], [f.shpUtf8, 'b.bin', 'Shapefile'], [f.zip, 'c.bin', 'Shapefile'], [f.geojson, 'd', 'GeoJSON']] as const) {
      copyFileSync(src, join(dir, name));
      expect(await detectFormat(join(dir, name)), name).toBe(fmt);
    }
  });

  it('gives E_FORMAT_UNKNOWN, E_FILE_EMPTY and E_FILE_NOT_FOUND', async () => {
    writeFileSync(join(dir, 'x.xyz'), 'hello');
    writeFileSync(join(dir, 'empty.xyz'), '');
    expect(await codeOf(detectFormat(join(dir, 'x.xyz')))).toBe('E_FORMAT_UNKNOWN');
    expect(await codeOf(detectFormat(join(dir, 'empty.xyz')))).toBe('E_FILE_EMPTY');
    expect(await codeOf(detectFormat(join(dir, 'gone.shp')))).toBe('E_FILE_NOT_FOUND');
  });
});

describe('readVector', () => {
  it('dispatches shapefiles and GeoJSON, passing the stated CRS on', async () => {
    expect((await readVector(f.shpNoPrj, { crs: 4546 })).meta.crs?.epsg).toBe(4546);
    expect((await readVector(f.geojson)).meta.format).toBe('GeoJSON');
  });

  it('refuses a raster where a vector is needed', async () => {
    expect(await codeOf(readVector(f.tifFloat32_4546))).toBe('E_MODEL_LAYER');
  });
});

describe('inspect', () => {
  it('returns raster meta for a GeoTIFF and vector meta for a shapefile', async () => {
    const r = await inspect(f.tifFloat32_4546);
    expect(r).toMatchObject({ ok: true, value: { kind: 'raster', crs: { epsg: 4546 }, nodata: -9999 } });
    const v = await inspect(f.shpGbkCpg);
    expect(v).toMatchObject({ ok: true, value: { kind: 'vector', featureCount: 2, encoding: 'gbk' } });
  });

  it('passes opts.crs to a shapefile without .prj', async () => {
    expect(await inspect(f.shpNoPrj)).toMatchObject({ ok: false, error: { code: 'E_CRS_MISSING' } });
    expect(await inspect(f.shpNoPrj, { crs: 4546 })).toMatchObject({ ok: true, value: { crs: { epsg: 4546 } } });
  });

  it('never throws: each fault comes back as its code with the file path set', async () => {
    const cases: [string, string][] = [
      [f.empty, 'E_FILE_EMPTY'],
      [f.notTiff, 'E_TIFF_MAGIC'],
      [f.tifTruncated, 'E_TIFF_CORRUPT'],
      [join(dir, 'missing.tif'), 'E_FILE_NOT_FOUND'],
      [f.shpTruncated, 'E_SHP_CORRUPT'],
      [f.shpDbfShort, 'E_DBF_CORRUPT'],
      [f.jsonInvalid, 'E_JSON_INVALID'],
      [f.jsonNotGeo, 'E_GEOJSON_INVALID'],
    ];
    for (const [path, code] of cases) {
      const r = await inspect(path);
      expect(r, path).toMatchObject({ ok: false, error: { code, file: path } });
    }
  });

  it('vectorExtent spans every coordinate and is null without geometry', () => {
    expect(vectorExtent({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[1, 5], [3, 2]] } }] })).toEqual([1, 2, 3, 5]);
    expect(vectorExtent({ type: 'FeatureCollection', features: [] })).toBeNull();
  });
});
