/**
 * The GeoPackage writer read back by our reader and by GDAL/OGR (valid GeoPackage, CRS,
 * feature count, Chinese field names and values, polygons with holes valid).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { writeGeoPackage } from '../../../../src-main/engine/export/geopackageWriter';
import { readGeoPackage } from '../../../../src-main/engine/io/geopackage';
import { hasReference, PYTHON } from '../../../fixtures/referenceTools';

const dir = mkdtempSync(join(tmpdir(), 'ra-gpkgw-'));
const fc: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { 分区名称: '重点防治区', FQDM: 1, MJ_KM2: 12.5 },
      geometry: { type: 'Polygon', coordinates: [[[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]], [[40, 40], [40, 60], [60, 60], [60, 40], [40, 40]]] },
    },
    { type: 'Feature', properties: { 分区名称: '一般防治区', FQDM: 3, MJ_KM2: 0.25 }, geometry: { type: 'Polygon', coordinates: [[[100, 0], [200, 0], [200, 100], [100, 100], [100, 0]]] } },
  ],
};

describe('GeoPackage writer', () => {
  it('round-trips through our reader with CRS, typed fields and Chinese names', async () => {
    await writeGeoPackage(join(dir, 'z.gpkg'), 'zoning', fc, 4546);
    const l = await readGeoPackage(join(dir, 'z.gpkg'));
    expect(l.meta).toMatchObject({ featureCount: 2, geometryType: 'Polygon', crs: { epsg: 4546 } });
    expect(l.meta.fields).toEqual([{ name: '分区名称', type: 'string' }, { name: 'FQDM', type: 'integer' }, { name: 'MJ_KM2', type: 'number' }]);
    expect(l.features.features[0]!.properties).toEqual({ 分区名称: '重点防治区', FQDM: 1, MJ_KM2: 12.5 });
    expect(l.features.features[0]!.geometry).toEqual(fc.features[0]!.geometry);
  });

  it('writes the same bytes for the same features', async () => {
    await writeGeoPackage(join(dir, 'a.gpkg'), 'zoning', fc, 4546);
    await writeGeoPackage(join(dir, 'b.gpkg'), 'zoning', fc, 4546);
    expect(readFileSync(join(dir, 'a.gpkg')).equals(readFileSync(join(dir, 'b.gpkg')))).toBe(true);
  });

  it.skipIf(!hasReference('osgeo'))('is read by GDAL/OGR as a GeoPackage with EPSG:4546, valid polygons and Chinese attributes', async () => {
    await writeGeoPackage(join(dir, 'ogr.gpkg'), 'zoning', fc, 4546);
    const py = [
      'import sys, json',
      'from osgeo import ogr',
      'ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayer(0)',
      "print(json.dumps({'driver': ds.GetDriver().GetName(), 'epsg': lyr.GetSpatialRef().GetAuthorityCode(None), 'rows': [[f.GetField('分区名称'), f.GetGeometryRef().IsValid(), f.GetGeometryRef().GetArea()] for f in lyr]}, ensure_ascii=False))",
    ].join('\n');
    const out = execFileSync(PYTHON, ['-c', py, join(dir, 'ogr.gpkg')], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ driver: 'GPKG', epsg: '4546', rows: [['重点防治区', true, 9600], ['一般防治区', true, 10000]] });
  });
});
