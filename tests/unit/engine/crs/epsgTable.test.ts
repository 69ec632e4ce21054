/**
 * The committed EPSG table (resources/crs/epsg.json) against PROJ: every projected CRS puts the
 * centre of its area of use where PROJ puts it, and every published datum shift moves it as
 * PROJ does when told to use that EPSG transformation. Skipped without GDAL's Python bindings.
 */
import { describe, expect, it } from 'vitest';
import { boxCentre, boxContains, epsgTable } from '../../../../src-main/engine/crs/epsgTable';
import { crsFromEpsg, transformer } from '../../../../src-main/engine/crs/registry';
import { hasReference, py } from '../../../fixtures/referenceTools';

/** PROJ's result for each [code, base, lon, lat]: the point in `code` (traditional GIS order), or null. */
const PROJECT = `import json, sys
from osgeo import osr, gdal
gdal.UseExceptions()
out = {}
for code, base, lon, lat in json.load(sys.stdin):
    a = osr.SpatialReference(); a.ImportFromEPSG(base); a.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    b = osr.SpatialReference(); b.ImportFromEPSG(code); b.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    out[code] = list(osr.CoordinateTransformation(a, b).TransformPoint(lon, lat)[:2])
print(json.dumps(out))`;

/** PROJ's result for each [crs, operation, lon, lat]: the point moved to WGS 84 by exactly that EPSG operation. */
const SHIFT = `import json, sys
from osgeo import osr, gdal
gdal.UseExceptions()
out = {}
w = osr.SpatialReference(); w.ImportFromEPSG(4326); w.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
for crs, op, lon, lat in json.load(sys.stdin):
    a = osr.SpatialReference(); a.ImportFromEPSG(crs); a.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    o = osr.CoordinateTransformationOptions(); o.SetOperation(f'urn:ogc:def:coordinateOperation:EPSG::{op}')
    out[op] = list(osr.CoordinateTransformation(a, w, o).TransformPoint(lon, lat)[:2])
print(json.dumps(out))`;

describe('EPSG table', () => {
  it('states its source: the EPSG and PROJ versions it was generated from', () => {
    const { source, geographic, projected, shifts } = epsgTable();
    expect(source.text).toMatch(/^EPSG dataset v\d+\.\d+ .*PROJ \d+\.\d+\.\d+ proj\.db/);
    expect(source.epsgVersion).toMatch(/^v\d+/);
    expect(geographic.size).toBeGreaterThan(600);
    expect(projected.size).toBeGreaterThan(5000);
    expect([...shifts.values()].flat().length).toBeGreaterThan(700);
  });

  it('gives each CRS its area of use (CGCS2000 zone 39 around 117°E, in China)', () => {
    const area = epsgTable().projected.get(4527)!.area!;
    expect(boxContains(area, 117, 39)).toBe(true);
    expect(boxContains(area, 120, 39)).toBe(false);
    // NAD27's area crosses the antimeridian (Aleutians): a box whose west lies east of its east.
    const nad27 = epsgTable().geographic.get(4267)!.area!;
    expect(boxContains(nad27, 179, 52)).toBe(true);
    expect(boxContains(nad27, -79, 35.5)).toBe(true);
    expect(boxContains(nad27, 10, 50)).toBe(false);
    expect(boxCentre([170, 0, -170, 10])).toEqual([180, 5]);
  });

  it.skipIf(!hasReference('osgeo'))('puts the centre of every projected CRS\'s area of use where PROJ does (1 mm; 5 mm for Cassini-Soldner, whose series differ)', () => {
    const t = epsgTable();
    // Projected CRSs whose base counts in grads (NTF Paris…) take their input in grads in PROJ; they are compared through their own definition elsewhere.
    const items = [...t.projected.values()].filter((p) => p.area && t.geographic.get(p.base)!.unitDegrees === 1).map((p) => [p.code, p.base, ...boxCentre(p.area!)] as const);
    const ref = JSON.parse(py(PROJECT, [], JSON.stringify(items))) as Record<string, [number, number]>;
    const off: string[] = [];
    for (const [code, base, lon, lat] of items) {
      const [x, y] = transformer(base, code)(lon, lat);
      const [gx, gy] = ref[code]!;
      const tol = /\+proj=cass\b/.test(t.projected.get(code)!.projection) ? 5e-3 : 1e-3;
      if (!(Math.hypot(x - gx, y - gy) < tol)) off.push(`EPSG:${code} off by ${Math.hypot(x - gx, y - gy)}`);
    }
    expect(off).toEqual([]);
    expect(items.length).toBeGreaterThan(5300);
  });

  it.skipIf(!hasReference('osgeo'))('moves every point by each published shift as PROJ does with that EPSG operation (1 mm)', () => {
    const t = epsgTable();
    const items = [...t.shifts.values()].flat().filter((s) => s.area && t.geographic.get(s.crs)!.unitDegrees === 1).map((s) => [s.crs, s.code, ...boxCentre(s.area!)] as const);
    const ref = JSON.parse(py(SHIFT, [], JSON.stringify(items))) as Record<string, [number, number]>;
    const off: string[] = [];
    for (const [crs, op, lon, lat] of items) {
      const shift = t.shifts.get(crs)!.find((s) => s.code === op)!;
      const from = { ...crsFromEpsg(crs), proj4: `+proj=longlat ${t.geographic.get(crs)!.ellipsoid} +towgs84=${shift.towgs84} +no_defs` };
      const [x, y] = transformer(from, 4326)(lon, lat);
      const [gx, gy] = ref[op]!;
      const metres = Math.hypot((x - gx) * 111_320 * Math.cos((lat * Math.PI) / 180), (y - gy) * 110_540);
      if (!(metres < 1e-3)) off.push(`EPSG:${op} ${shift.name} off by ${metres} m`);
    }
    expect(off).toEqual([]);
  });
});
