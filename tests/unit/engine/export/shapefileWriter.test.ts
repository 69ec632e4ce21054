/**
 * The shapefile writer read back by our reader and, when present, by GDAL/OGR: geometry
 * types, ring orientation (outer clockwise, holes counter-clockwise per the ESRI spec, so
 * GIS software sees holes as holes), CRS from the .prj, Chinese attributes in UTF-8 and GBK.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { writeShapefile } from '../../../../src-main/engine/export/shapefileWriter';
import { readShapefile } from '../../../../src-main/engine/io/shapefile';
import { ringArea } from '../../../../src-main/engine/zoning/polygonise';
import { hasReference, PYTHON } from '../../../fixtures/referenceTools';

const dir = mkdtempSync(join(tmpdir(), 'ra-shpw-'));
// Outer ring counter-clockwise and the hole clockwise, as GeoJSON (RFC 7946) has them.
const fc: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { XZQMC: '城关镇', RK: 12345, MJ: 1.5 },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]],
          [[40, 40], [40, 60], [60, 60], [60, 40], [40, 40]],
        ],
      },
    },
    { type: 'Feature', properties: { XZQMC: '东川乡', RK: 678, MJ: 0.25 }, geometry: { type: 'Polygon', coordinates: [[[100, 0], [200, 0], [200, 100], [100, 100], [100, 0]]] } },
  ],
};

describe('shapefile writer', () => {
  for (const encoding of ['utf-8', 'gbk'] as const) {
    it(`round-trips polygons with holes and ${encoding} Chinese attributes through our reader`, async () => {
      const files = await writeShapefile(join(dir, `t_${encoding}`), fc, { epsg: 4546, encoding });
      expect(files.map((f) => f.slice(-4))).toEqual(['.shp', '.shx', '.dbf', '.prj', '.cpg']);
      expect(readFileSync(join(dir, `t_${encoding}.cpg`), 'utf8')).toBe(encoding === 'gbk' ? 'GBK' : 'UTF-8');
      const l = await readShapefile(join(dir, `t_${encoding}.shp`));
      expect(l.meta).toMatchObject({ featureCount: 2, crs: { epsg: 4546 }, encoding });
      expect(l.features.features.map((f) => f.properties!.XZQMC)).toEqual(['城关镇', '东川乡']);
      expect(l.features.features[0]!.properties!.RK).toBe(12345);
      const g = l.features.features[0]!.geometry as { type: string; coordinates: number[][][] };
      expect(g.coordinates).toHaveLength(2);
      // The .shp stores the outer ring clockwise (negative signed area) and the hole counter-clockwise.
      const shp = readFileSync(join(dir, `t_${encoding}.shp`));
      const v = new DataView(shp.buffer, shp.byteOffset);
      const pts = (start: number, n: number): number[][] => Array.from({ length: n }, (_, i) => [v.getFloat64(start + 16 * i, true), v.getFloat64(start + 16 * i + 8, true)]);
      const base = 100 + 8 + 44 + 8; // first record: header, shape header, two part indices
      expect(ringArea(pts(base, 5))).toBeLessThan(0);
      expect(ringArea(pts(base + 80, 5))).toBeGreaterThan(0);
    });
  }

  it('refuses mixed geometry types', async () => {
    const mixed: FeatureCollection = { type: 'FeatureCollection', features: [fc.features[0]!, { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } }] };
    await expect(writeShapefile(join(dir, 'mixed'), mixed, { epsg: 4546 })).rejects.toMatchObject({ code: 'E_WRITE' });
  });

  it.skipIf(!hasReference('osgeo'))('is read by GDAL/OGR as valid polygons with the hole, the CRS and the Chinese names', async () => {
    await writeShapefile(join(dir, 'ogr'), fc, { epsg: 4546, encoding: 'gbk' });
    const py = [
      'import sys, json',
      'from osgeo import ogr',
      'ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayer(0)',
      "m = [x for x in lyr.GetSpatialRef().FindMatches() if x[1] == 100]",
      "print(json.dumps({'epsg': m[0][0].GetAuthorityCode(None), 'rows': [[f.GetField('XZQMC'), f.GetGeometryRef().GetGeometryName(), f.GetGeometryRef().IsValid(), f.GetGeometryRef().GetArea()] for f in lyr]}, ensure_ascii=False))",
    ].join('\n');
    const out = execFileSync(PYTHON, ['-c', py, join(dir, 'ogr.shp')], { encoding: 'utf8' });
    const r = JSON.parse(out);
    expect(r.epsg).toBe('4546');
    expect(r.rows).toEqual([
      ['城关镇', 'POLYGON', true, 9600],
      ['东川乡', 'POLYGON', true, 10000],
    ]);
  });
});
