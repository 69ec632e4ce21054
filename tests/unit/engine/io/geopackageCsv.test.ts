/**
 * GeoPackage (made with sql.js here, and by GDAL's ogr2ogr when present) and CSV survey
 * points (UTF-8 with BOM, GBK, tab-separated, projected x/y), and their coded errors.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGeoPackage } from '../../../../src-main/engine/io/geopackage';
import { loadSqlJs } from '../../../../src-main/engine/io/sqlite';
import { readCsvPoints } from '../../../../src-main/engine/io/csvPoints';
import { inspect } from '../../../../src-main/engine/io/inspect';
import { gbk } from '../../../fixtures/io/shapefileFixture';
import { codeOf } from '../../../fixtures/errorCode';

const dir = mkdtempSync(join(tmpdir(), 'ra-gpkg-'));

/** A GeoPackage point/polygon blob: "GP", version 0, flags (little-endian, no envelope), srs id, WKB. */
function gpBlob(wkb: number[]): Uint8Array {
  const head = new Uint8Array(8);
  head.set([0x47, 0x50, 0, 0x01]);
  new DataView(head.buffer).setInt32(4, 4546, true);
  return Uint8Array.from([...head, ...wkb]);
}
function wkbPoint(x: number, y: number): number[] {
  const b = new DataView(new ArrayBuffer(21));
  b.setUint8(0, 1);
  b.setUint32(1, 1, true);
  b.setFloat64(5, x, true);
  b.setFloat64(13, y, true);
  return [...new Uint8Array(b.buffer)];
}
function wkbPolygon(ring: [number, number][]): number[] {
  const b = new DataView(new ArrayBuffer(13 + 16 * ring.length));
  b.setUint8(0, 1);
  b.setUint32(1, 3, true);
  b.setUint32(5, 1, true);
  b.setUint32(9, ring.length, true);
  ring.forEach(([x, y], i) => (b.setFloat64(13 + 16 * i, x, true), b.setFloat64(21 + 16 * i, y, true)));
  return [...new Uint8Array(b.buffer)];
}

async function makeGpkg(path: string, opts: { geometryColumns?: boolean; blobs?: Uint8Array[] } = {}): Promise<void> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.run(`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT, organization_coordsys_id INTEGER, definition TEXT, description TEXT);
    INSERT INTO gpkg_spatial_ref_sys VALUES ('CGCS2000 / 3-degree Gauss-Kruger CM 111E', 4546, 'EPSG', 4546, 'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 111E"]', '');
    CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, description TEXT, last_change TEXT, min_x REAL, min_y REAL, max_x REAL, max_y REAL, srs_id INTEGER);
    INSERT INTO gpkg_contents VALUES ('shelters', 'features', 'shelters', '', '2026-01-01', 0, 0, 0, 0, 4546);
    CREATE TABLE shelters (fid INTEGER PRIMARY KEY, geom BLOB, MC TEXT, RNRS INTEGER, MJ REAL);`);
  if (opts.geometryColumns !== false) {
    db.run(`CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER, z TINYINT, m TINYINT);
      INSERT INTO gpkg_geometry_columns VALUES ('shelters', 'geom', 'POINT', 4546, 0, 0);`);
  }
  const blobs = opts.blobs ?? [gpBlob(wkbPoint(470_000, 4_030_000)), gpBlob(wkbPoint(471_000, 4_031_000))];
  blobs.forEach((b, i) => db.run('INSERT INTO shelters (geom, MC, RNRS, MJ) VALUES (?, ?, ?, ?)', [b, i ? '滨河公园避难场所' : '中心广场避难场所', 6000 - i * 1500, 2.5]));
  writeFileSync(path, db.export());
  db.close();
}


describe('GeoPackage reader', () => {
  it('reads a feature table: EPSG from gpkg_spatial_ref_sys, GP blobs, typed fields, Chinese text', async () => {
    await makeGpkg(join(dir, 'a.gpkg'));
    const l = await readGeoPackage(join(dir, 'a.gpkg'));
    expect(l.meta).toMatchObject({ format: 'GeoPackage', featureCount: 2, geometryType: 'Point', crs: { epsg: 4546 } });
    expect(l.meta.fields).toEqual([{ name: 'MC', type: 'string' }, { name: 'RNRS', type: 'integer' }, { name: 'MJ', type: 'number' }]);
    expect(l.features.features[1]).toMatchObject({ properties: { MC: '滨河公园避难场所', RNRS: 4500 }, geometry: { type: 'Point', coordinates: [471_000, 4_031_000] } });
  });

  it('reads polygons', async () => {
    await makeGpkg(join(dir, 'poly.gpkg'), { blobs: [gpBlob(wkbPolygon([[0, 0], [10, 0], [10, 10], [0, 0]]))] });
    expect((await readGeoPackage(join(dir, 'poly.gpkg'))).features.features[0]!.geometry).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 0]]] });
  });

  it('gives E_GPKG_NO_GEOMETRY without a geometry column, E_GPKG_INVALID for a broken blob or a non-SQLite file', async () => {
    await makeGpkg(join(dir, 'nogeom.gpkg'), { geometryColumns: false });
    expect(await codeOf(readGeoPackage(join(dir, 'nogeom.gpkg')))).toBe('E_GPKG_NO_GEOMETRY');
    await makeGpkg(join(dir, 'badblob.gpkg'), { blobs: [gpBlob(wkbPoint(1, 2)).subarray(0, 20)] });
    expect(await codeOf(readGeoPackage(join(dir, 'badblob.gpkg')))).toBe('E_GPKG_INVALID');
    writeFileSync(join(dir, 'fake.gpkg'), 'definitely not sqlite');
    expect(await codeOf(readGeoPackage(join(dir, 'fake.gpkg')))).toBe('E_GPKG_INVALID');
  });

  it.skipIf(!existsSync('/usr/bin/ogr2ogr'))('reads a GeoPackage written by GDAL (envelopes, Chinese attributes)', async () => {
    const src = join(dir, 'src.geojson');
    writeFileSync(src, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { XZQMC: '城关镇', RK: 12 }, geometry: { type: 'Polygon', coordinates: [[[110.7, 36.4], [110.8, 36.4], [110.8, 36.5], [110.7, 36.4]]] } }] }));
    execFileSync('/usr/bin/ogr2ogr', ['-f', 'GPKG', '-a_srs', 'EPSG:4490', join(dir, 'gdal.gpkg'), src]);
    const l = await readGeoPackage(join(dir, 'gdal.gpkg'));
    expect(l.meta).toMatchObject({ featureCount: 1, geometryType: 'Polygon', crs: { epsg: 4490 } });
    expect(l.features.features[0]!.properties!.XZQMC).toBe('城关镇');
    expect((l.features.features[0]!.geometry as { coordinates: number[][][] }).coordinates[0]![1]).toEqual([110.8, 36.4]);
  });
});

describe('CSV survey points', () => {
  it('reads 经度/纬度 columns as CGCS2000 from UTF-8 with a BOM', async () => {
    writeFileSync(join(dir, 'a.csv'), '\uFEFF名称,经度,纬度,容纳人数\r\n中心广场,110.81,36.42,6000\r\n"河滨公园, 东区",110.82,36.43,4500\r\n');
    const l = await readCsvPoints(join(dir, 'a.csv'));
    expect(l.meta).toMatchObject({ format: 'CSV', featureCount: 2, geometryType: 'Point', crs: { epsg: 4490 }, encoding: 'utf-8' });
    expect(l.meta.fields).toEqual([{ name: '名称', type: 'string' }, { name: '容纳人数', type: 'integer' }]);
    expect(l.features.features[1]).toMatchObject({ properties: { 名称: '河滨公园, 东区', 容纳人数: 4500 }, geometry: { coordinates: [110.82, 36.43] } });
  });

  it('detects GBK (as Excel saves on a Chinese Windows) and tab separators, skipping rows without coordinates', async () => {
    writeFileSync(join(dir, 'gbk.csv'), gbk('隐患点编号\tlon\tlat\t威胁人数\nYH001\t110.7\t36.3\t12\nYH002\t\t\t5\n'));
    const l = await readCsvPoints(join(dir, 'gbk.csv'));
    expect(l.meta.encoding).toBe('gbk');
    expect(l.meta.featureCount).toBe(1);
    expect(l.features.features[0]!.properties!['隐患点编号']).toBe('YH001');
    expect(l.meta.warnings.join()).toMatch(/1 row/);
  });

  it('needs the CRS stated for projected x/y, and has its own code when no coordinate column exists', async () => {
    writeFileSync(join(dir, 'xy.csv'), 'MC,X,Y\nA,470000,4030000\n');
    expect(await codeOf(readCsvPoints(join(dir, 'xy.csv')))).toBe('E_CRS_MISSING');
    expect((await readCsvPoints(join(dir, 'xy.csv'), { crs: 4546 })).meta.crs?.epsg).toBe(4546);
    writeFileSync(join(dir, 'none.csv'), 'name,capacity\nA,1\n');
    const r = await inspect(join(dir, 'none.csv'));
    expect(r.ok ? 'ok' : r.error.code).toBe('E_CSV_NO_COORDS');
  });
});
