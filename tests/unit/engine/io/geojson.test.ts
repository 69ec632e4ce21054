/** The GeoJSON reader: RFC 7946, the legacy crs member, and the coded errors for bad input. */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGeoJson } from '../../../../src-main/engine/io/geojson';
import { makeFixtures, type FixturePaths } from '../../../fixtures/io/makeFixtures';
import { codeOf } from '../../../fixtures/errorCode';

let dir: string;
let f: FixturePaths;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ra-gj-'));
  f = makeFixtures(dir);
});

const point = { type: 'Feature', properties: { A: 1 }, geometry: { type: 'Point', coordinates: [482_000, 4_030_000] } };
const withCrs = (name: string): string => JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name } }, features: [point] });

describe('GeoJSON reader', () => {
  it('takes an RFC 7946 file as EPSG:4326 and infers string, integer and number fields', async () => {
    const l = await readGeoJson(f.geojson);
    expect(l.meta).toMatchObject({
      format: 'GeoJSON', crs: { epsg: 4326 }, featureCount: 2, geometryType: 'Point', extent: [110.8, 36.4, 110.9, 36.5],
      fields: [{ name: 'XXMC', type: 'string' }, { name: 'XSS', type: 'integer' }, { name: 'MJ', type: 'number' }],
    });
    expect(l.features.features[0]!.properties!.XXMC).toBe('第一小学');
  });

  it('takes the legacy crs member and keeps the coordinates as written', async () => {
    const l = await readGeoJson(f.geojsonLegacy);
    expect(l.meta.crs?.epsg).toBe(4546);
    expect(l.features.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [482_000, 4_030_000] });
  });

  it('understands every common spelling of the legacy crs name', async () => {
    const cases: [string, number][] = [
      ['urn:ogc:def:crs:EPSG::4490', 4490],
      ['EPSG:4546', 4546],
      ['urn:ogc:def:crs:EPSG:6.6:4527', 4527],
      ['http://www.opengis.net/def/crs/EPSG/0/4546', 4546],
      ['urn:ogc:def:crs:OGC:1.3:CRS84', 4326],
    ];
    for (const [name, epsg] of cases) {
      const p = join(dir, `crs_${epsg}_${name.length}.geojson`);
      writeFileSync(p, name.endsWith('CRS84') ? withCrs(name).replace('482000', '110').replace('4030000', '36') : withCrs(name));
      expect((await readGeoJson(p)).meta.crs?.epsg, name).toBe(epsg);
    }
  });

  it('refuses projected coordinates with no crs member (E_CRS_MISSING) unless the CRS is stated', async () => {
    expect(await codeOf(readGeoJson(f.geojsonProjectedNoCrs))).toBe('E_CRS_MISSING');
    expect((await readGeoJson(f.geojsonProjectedNoCrs, { crs: 4546 })).meta.crs?.epsg).toBe(4546);
  });

  it('reads a bare Feature and a bare geometry, and a UTF-8 BOM', async () => {
    writeFileSync(join(dir, 'feature.geojson'), '\uFEFF' + JSON.stringify({ ...point, geometry: { type: 'Point', coordinates: [110, 36] } }));
    writeFileSync(join(dir, 'geom.geojson'), JSON.stringify({ type: 'LineString', coordinates: [[110, 36], [111, 37]] }));
    expect((await readGeoJson(join(dir, 'feature.geojson'))).meta.featureCount).toBe(1);
    expect((await readGeoJson(join(dir, 'geom.geojson'))).meta.geometryType).toBe('LineString');
  });

  it('gives E_JSON_INVALID for broken JSON and E_GEOJSON_INVALID for JSON that is not GeoJSON', async () => {
    expect(await codeOf(readGeoJson(f.jsonInvalid))).toBe('E_JSON_INVALID');
    expect(await codeOf(readGeoJson(f.jsonNotGeo))).toBe('E_GEOJSON_INVALID');
    writeFileSync(join(dir, 'badgeom.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Circle', radius: 3 } }] }));
    expect(await codeOf(readGeoJson(join(dir, 'badgeom.geojson')))).toBe('E_GEOJSON_INVALID');
  });

  it('gives E_CRS_UNKNOWN for a crs member it cannot read and E_FILE_EMPTY for zero bytes', async () => {
    writeFileSync(join(dir, 'weird.geojson'), withCrs('my local grid'));
    writeFileSync(join(dir, 'zero.geojson'), '');
    expect(await codeOf(readGeoJson(join(dir, 'weird.geojson')))).toBe('E_CRS_UNKNOWN');
    expect(await codeOf(readGeoJson(join(dir, 'zero.geojson')))).toBe('E_FILE_EMPTY');
  });
});
