/**
 * The readers on real-format fixtures made by code: shapefiles (GBK and UTF-8, with and
 * without .cpg, loose and zipped, missing parts, truncated), GeoJSON (RFC 7946 and legacy
 * crs), GeoTIFFs (written by our writer, truncated, wrong magic), and the coded errors.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { readShapefile } from '../../../../src-main/engine/io/shapefile';
import { readGeoJson } from '../../../../src-main/engine/io/geojson';
import { openGeoTiff } from '../../../../src-main/engine/io/geotiff';
import { inspect } from '../../../../src-main/engine/io/inspect';
import { writeGeoTiff } from '../../../../src-main/engine/export/geotiffWriter';
import { crsToWkt } from '../../../../src-main/engine/crs/wkt';
import { writeShapefileFixture, type FixtureFeature, type FixtureField } from '../../../fixtures/io/shapefileFixture';
import { codeOf } from '../../../fixtures/errorCode';

const dir = mkdtempSync(join(tmpdir(), 'ra-io-'));
const PRJ_4546 = crsToWkt(4546);

// Townships: a square with a hole and a plain square, clockwise outer rings.
const townships: FixtureFeature[] = [
  {
    geometry: [
      [[0, 0], [0, 100], [100, 100], [100, 0], [0, 0]],
      [[40, 40], [60, 40], [60, 60], [40, 60], [40, 40]],
    ],
    props: { XZQDM: '141023100', XZQMC: '城关镇', RK: 12345 },
  },
  { geometry: [[[100, 0], [100, 100], [200, 100], [200, 0], [100, 0]]], props: { XZQDM: '141023201', XZQMC: '东川乡', RK: 678 } },
];
const fields: FixtureField[] = [
  { name: 'XZQDM', type: 'C', length: 12 },
  { name: 'XZQMC', type: 'C', length: 30 },
  { name: 'RK', type: 'N', length: 10 },
];


describe('shapefile reader', () => {
  it('reads GBK Chinese names declared by .cpg, with field types and holes', async () => {
    const base = join(dir, 'gbk_cpg');
    writeShapefileFixture(base, townships, fields, { encoding: 'gbk', cpg: 'GBK', prj: PRJ_4546 });
    const l = await readShapefile(`${base}.shp`);
    expect(l.meta).toMatchObject({ featureCount: 2, geometryType: 'Polygon', encoding: 'gbk', crs: { epsg: 4546 }, extent: [0, 0, 200, 100] });
    expect(l.meta.fields).toEqual([{ name: 'XZQDM', type: 'string' }, { name: 'XZQMC', type: 'string' }, { name: 'RK', type: 'integer' }]);
    expect(l.features.features.map((f) => f.properties!.XZQMC)).toEqual(['城关镇', '东川乡']);
    expect(l.features.features[0]!.properties!.RK).toBe(12345);
    const g = l.features.features[0]!.geometry;
    expect(g.type).toBe('Polygon');
    expect((g as { coordinates: unknown[] }).coordinates).toHaveLength(2);
  });

  it('detects GBK without a .cpg and UTF-8 without a .cpg', async () => {
    writeShapefileFixture(join(dir, 'gbk_nocpg'), townships, fields, { encoding: 'gbk', prj: PRJ_4546 });
    writeShapefileFixture(join(dir, 'utf8_nocpg'), townships, fields, { encoding: 'utf-8', prj: PRJ_4546 });
    const a = await readShapefile(join(dir, 'gbk_nocpg.shp'));
    const b = await readShapefile(join(dir, 'utf8_nocpg.shp'));
    expect([a.meta.encoding, b.meta.encoding]).toEqual(['gbk', 'utf-8']);
    expect(a.features.features[1]!.properties!.XZQMC).toBe('东川乡');
    expect(b.features.features[1]!.properties!.XZQMC).toBe('东川乡');
  });

  it('reads a zipped shapefile', async () => {
    const base = join(dir, 'zipme');
    writeShapefileFixture(base, townships, fields, { encoding: 'gbk', cpg: 'GBK', prj: PRJ_4546 });
    const zip = zipSync(Object.fromEntries(['shp', 'shx', 'dbf', 'cpg', 'prj'].map((e) => [`乡镇/zipme.${e}`, readFileSync(`${base}.${e}`)])));
    writeFileSync(join(dir, 'zipme.zip'), zip);
    const l = await readShapefile(join(dir, 'zipme.zip'));
    expect(l.meta.featureCount).toBe(2);
    expect(l.features.features[0]!.properties!.XZQMC).toBe('城关镇');
  });

  it('refuses a zip that unpacks beyond the limit (zip bomb)', async () => {
    const zeros = new Uint8Array(210 * 1024 * 1024);
    writeFileSync(join(dir, 'bomb.zip'), zipSync({ 'a.shp': zeros }, { level: 9 }));
    expect(await codeOf(readShapefile(join(dir, 'bomb.zip')))).toBe('E_ZIP_CORRUPT');
  }, 60_000);

  it('asks for the CRS when .prj is missing and takes it from opts.crs', async () => {
    const base = join(dir, 'noprj');
    writeShapefileFixture(base, townships, fields, { encoding: 'utf-8', cpg: 'UTF-8' });
    expect(await codeOf(readShapefile(`${base}.shp`))).toBe('E_CRS_MISSING');
    expect((await readShapefile(`${base}.shp`, { crs: 4546 })).meta.crs?.epsg).toBe(4546);
  });

  it('rebuilds a missing .shx with a warning', async () => {
    const base = join(dir, 'noshx');
    writeShapefileFixture(base, townships, fields, { prj: PRJ_4546, omit: ['shx'] });
    const l = await readShapefile(`${base}.shp`);
    expect(l.meta.featureCount).toBe(2);
    expect(l.meta.warnings.join()).toMatch(/\.shx missing/);
  });

  it('gives its own code for a DBF shorter than the SHP, a truncated SHP and a missing DBF', async () => {
    const base = join(dir, 'short');
    writeShapefileFixture(base, townships, fields, { prj: PRJ_4546 });
    writeShapefileFixture(join(dir, 'one'), townships.slice(0, 1), fields, { prj: PRJ_4546 });
    writeFileSync(`${base}.dbf`, readFileSync(join(dir, 'one.dbf')));
    expect(await codeOf(readShapefile(`${base}.shp`))).toBe('E_DBF_CORRUPT');
    writeShapefileFixture(join(dir, 'trunc'), townships, fields, { prj: PRJ_4546 });
    const shp = readFileSync(join(dir, 'trunc.shp'));
    writeFileSync(join(dir, 'trunc.shp'), shp.subarray(0, shp.length - 30));
    expect(await codeOf(readShapefile(join(dir, 'trunc.shp')))).toBe('E_SHP_CORRUPT');
    writeShapefileFixture(join(dir, 'nodbf'), townships, fields, { prj: PRJ_4546, omit: ['dbf'] });
    expect(await codeOf(readShapefile(join(dir, 'nodbf.shp')))).toBe('E_SHP_MISSING_PART');
  });

  it('reads points', async () => {
    writeShapefileFixture(join(dir, 'pts'), [{ geometry: [1, 2], props: { MC: '避难场所', RNRS: 500 } }], [{ name: 'MC', type: 'C', length: 20 }, { name: 'RNRS', type: 'N', length: 8 }], { prj: crsToWkt(4490), cpg: 'UTF-8' });
    const l = await readShapefile(join(dir, 'pts.shp'));
    expect(l.meta).toMatchObject({ geometryType: 'Point', crs: { epsg: 4490 } });
    expect(l.features.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [1, 2] });
  });
});

describe('GeoJSON reader', () => {
  it('takes RFC 7946 coordinates as EPSG:4326 and the legacy crs member as given', async () => {
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { XXMC: '第一小学', XSS: 420 }, geometry: { type: 'Point', coordinates: [110.8, 36.4] } }] };
    writeFileSync(join(dir, 'a.geojson'), JSON.stringify(fc));
    writeFileSync(join(dir, 'b.geojson'), JSON.stringify({ ...fc, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4546' } } }));
    const a = await readGeoJson(join(dir, 'a.geojson'));
    expect(a.meta).toMatchObject({ crs: { epsg: 4326 }, featureCount: 1, geometryType: 'Point', fields: [{ name: 'XXMC', type: 'string' }, { name: 'XSS', type: 'integer' }] });
    expect((await readGeoJson(join(dir, 'b.geojson'))).meta.crs?.epsg).toBe(4546);
  });

  it('gives E_JSON_INVALID for broken JSON and E_GEOJSON_INVALID for JSON that is not GeoJSON', async () => {
    writeFileSync(join(dir, 'bad.geojson'), '{"type": "FeatureCollection", ');
    writeFileSync(join(dir, 'notgeo.geojson'), '{"hello": 1}');
    expect(await codeOf(readGeoJson(join(dir, 'bad.geojson')))).toBe('E_JSON_INVALID');
    expect(await codeOf(readGeoJson(join(dir, 'notgeo.geojson')))).toBe('E_GEOJSON_INVALID');
  });
});

describe('GeoTIFF reader', () => {
  const gt: [number, number, number, number, number, number] = [500_000, 100, 0, 4_000_000, 0, -100];

  it('reads metadata and windows of a tiled Int16 raster with negative values and nodata', async () => {
    const data = Int16Array.from({ length: 300 * 200 }, (_, i) => (i % 300) - 150);
    data[0] = -32768;
    await writeGeoTiff(join(dir, 'i16.tif'), data, { width: 300, height: 200, dtype: 'int16', nodata: -32768, epsg: 4546, geoTransform: gt });
    const src = await openGeoTiff(join(dir, 'i16.tif'));
    expect(src.meta).toMatchObject({ width: 300, height: 200, bands: 1, dtype: 'int16', nodata: -32768, crs: { epsg: 4546 }, tiled: true, compression: 'deflate', extent: [500_000, 3_980_000, 530_000, 4_000_000] });
    const win = await src.readWindow(290, 100, 10, 2);
    expect(Array.from(win.subarray(0, 10))).toEqual([140, 141, 142, 143, 144, 145, 146, 147, 148, 149]);
    expect((await src.readWindow(0, 0, 2, 1))[0]).toBe(-32768);
    await src.close();
  });

  it('reports EPSG:4490 for geographic CGCS2000', async () => {
    await writeGeoTiff(join(dir, 'geo.tif'), new Float32Array(4).fill(0.15), { width: 2, height: 2, dtype: 'float32', epsg: 4490, geoTransform: [110, 0.005, 0, 37, 0, -0.005] });
    expect((await inspect(join(dir, 'geo.tif'))).ok && ((await inspect(join(dir, 'geo.tif'))) as { value: { crs: { epsg: number } } }).value.crs.epsg).toBe(4490);
  });

  it('gives E_TIFF_CORRUPT for a truncated file, E_TIFF_MAGIC for wrong magic, E_FILE_EMPTY for zero bytes', async () => {
    const full = readFileSync(join(dir, 'i16.tif'));
    writeFileSync(join(dir, 'cut.tif'), full.subarray(0, Math.floor(full.length / 2)));
    writeFileSync(join(dir, 'magic.tif'), Buffer.from('PK\x03\x04 not a tiff'));
    writeFileSync(join(dir, 'zero.tif'), '');
    for (const [f, code] of [['cut.tif', 'E_TIFF_CORRUPT'], ['magic.tif', 'E_TIFF_MAGIC'], ['zero.tif', 'E_FILE_EMPTY'], ['missing.tif', 'E_FILE_NOT_FOUND']] as const) {
      const r = await inspect(join(dir, f));
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(code);
        expect(r.error.file).toBe(join(dir, f));
      }
    }
  });
});
