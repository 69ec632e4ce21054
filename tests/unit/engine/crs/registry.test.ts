/**
 * EPSG codes → CRS definitions and transforms between them, datum shifts included. Where GDAL's
 * Python bindings are installed, the CGCS2000, Xi'an 1980 and Beijing 1954 codes and points
 * transformed through them are checked against PROJ itself; without GDAL those tests are skipped.
 */
import { describe, expect, it } from 'vitest';
import { crsFromEpsg, datumRouteBetween, isGeographic, isKnownEpsg, linearUnitMetres, transformer } from '../../../../src-main/engine/crs/registry';
import { hasReference, py } from '../../../fixtures/referenceTools';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const GRS80 = '+a=6378137 +rf=298.257222101';
/** North Carolina, where EPSG publishes NAD27 → WGS 84 shifts. */
const NC: [number, number, number, number] = [-80, 35, -78, 36];

describe('CRS registry', () => {
  it('numbers the CGCS2000 Gauss-Krüger zones as EPSG does (6° and 3°, with and without zone prefix)', () => {
    expect(crsFromEpsg(4491)).toMatchObject({ name: 'CGCS2000 / Gauss-Kruger zone 13' });
    expect(crsFromEpsg(4491).proj4).toContain(`+lon_0=75 +k=1 +x_0=13500000 +y_0=0 +units=m ${GRS80}`);
    expect(crsFromEpsg(4501).proj4).toContain('+lon_0=135 +k=1 +x_0=23500000');
    expect(crsFromEpsg(4502)).toMatchObject({ name: 'CGCS2000 / Gauss-Kruger CM 75E' });
    expect(crsFromEpsg(4513).proj4).toContain('+lon_0=75 +k=1 +x_0=25500000');
    expect(crsFromEpsg(4527).proj4).toContain('+lon_0=117 +k=1 +x_0=39500000');
    expect(crsFromEpsg(4546)).toMatchObject({ epsg: 4546, name: 'CGCS2000 / 3-degree Gauss-Kruger CM 111E' });
    for (let c = 4491; c <= 4554; c++) expect(isKnownEpsg(c)).toBe(true);
  });

  it('knows the whole EPSG dataset proj4 can compute: European, American and world CRSs alongside the Chinese ones', () => {
    for (const c of [4490, 4326, 3857, 4214, 4610, 2327, 2390, 2401, 2442, 21413, 21463, 3035, 32632, 32750, 4267, 26917, 2263, 27700, 2056, 28992, 5880, 4674]) expect(isKnownEpsg(c), `EPSG:${c}`).toBe(true);
    expect(crsFromEpsg(3035).name).toBe('ETRS89-extended / LAEA Europe');
    expect(isGeographic(4267)).toBe(true);
    expect(isGeographic(3035)).toBe(false);
    expect(linearUnitMetres(3035)).toBe(1);
    expect(linearUnitMetres(2263)).toBeCloseTo(0.3048006096, 9);
  });

  it('throws E_CRS_UNKNOWN for a code that is not in the dataset, one proj4 cannot compute and one measured in grads', () => {
    for (const c of [9999, 22300, 4807]) {
      expect(() => crsFromEpsg(c), `EPSG:${c}`).toThrow(expect.objectContaining({ code: 'E_CRS_UNKNOWN' }));
      expect(isKnownEpsg(c)).toBe(false);
    }
    expect(() => transformer(4490, 9999)).toThrow(expect.objectContaining({ code: 'E_CRS_UNKNOWN' }));
  });

  it('puts the central meridian at x = 500 km (and the zone prefix in front when the code has one)', () => {
    expect(transformer(4490, 4546)(111, 36.4)[0]).toBeCloseTo(500_000, 6);
    expect(transformer(4490, 4525)(111, 36.4)[0]).toBeCloseTo(37_500_000, 6);
  });

  it('round-trips 4490 → 4546 → 4490 to 1e-9 degrees and is the identity for equal codes', () => {
    const [x, y] = transformer(4490, 4546)(110.73, 36.41);
    const [lon, lat] = transformer(4546, 4490)(x, y);
    expect(lon).toBeCloseTo(110.73, 9);
    expect(lat).toBeCloseTo(36.41, 9);
    expect(transformer(4546, 4546)(1, 2)).toEqual([1, 2]);
  });

  it.skipIf(!hasReference('osgeo'))('matches PROJ for all 64 CGCS2000 Gauss-Krüger codes: name, central meridian, false easting, scale', () => {
    const out = py(`import json
from osgeo import osr
r = {}
for c in range(4491, 4555):
    s = osr.SpatialReference(); s.ImportFromEPSG(c)
    r[c] = [s.GetName(), s.GetProjParm('central_meridian'), s.GetProjParm('false_easting'), s.GetProjParm('scale_factor'), s.GetProjParm('false_northing'), s.GetAttrValue('DATUM')]
print(json.dumps(r))`);
    const ref = JSON.parse(out) as Record<string, [string, number, number, number, number, string]>;
    for (let c = 4491; c <= 4554; c++) {
      const [name, cm, fe, k, fn, datum] = ref[c]!;
      const def = crsFromEpsg(c);
      expect(def.name, `EPSG:${c}`).toBe(name);
      expect(def.proj4, `EPSG:${c}`).toContain(`+lon_0=${cm} +k=${k} +x_0=${fe} +y_0=${fn} +units=m ${GRS80}`);
      expect(datum).toBe('China_2000');
    }
  });

  it.skipIf(!hasReference('osgeo'))("matches PROJ for every Xi'an 1980 and Beijing 1954 Gauss-Krüger code: name, central meridian, false easting, ellipsoid", () => {
    const codes = [...range(2327, 2390), ...range(2401, 2442), ...range(21413, 21423), ...range(21453, 21463)];
    const out = py(
      `import json, sys
from osgeo import osr
r = {}
for c in json.loads(sys.argv[1]):
    s = osr.SpatialReference(); s.ImportFromEPSG(c)
    r[c] = [s.GetName(), s.GetProjParm('central_meridian'), s.GetProjParm('false_easting'), s.GetSemiMajor(), s.GetInvFlattening()]
print(json.dumps(r))`,
      [JSON.stringify(codes)],
    );
    const ref = JSON.parse(out) as Record<string, [string, number, number, number, number]>;
    for (const c of codes) {
      const [name, cm, fe, a, rf] = ref[c]!;
      const def = crsFromEpsg(c);
      expect(def.name, `EPSG:${c}`).toBe(name);
      expect(def.proj4, `EPSG:${c}`).toContain(`+lon_0=${cm} +k=1 +x_0=${fe} +y_0=0 +units=m +a=${a} +rf=${rf}`);
    }
  });

  it.skipIf(!hasReference('osgeo'))('agrees with GDAL/PROJ to 1 mm for points transformed 4490 → 4546, 4490 → 4527, 4490 → 4502, 4610 → 2382 and 4214 → 2434', () => {
    const code = `import sys
from osgeo import osr
a = osr.SpatialReference(); a.ImportFromEPSG(int(sys.argv[1])); a.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
b = osr.SpatialReference(); b.ImportFromEPSG(int(sys.argv[2])); b.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
x, y, _ = osr.CoordinateTransformation(a, b).TransformPoint(float(sys.argv[3]), float(sys.argv[4]))
print(repr(x), repr(y))`;
    const cases = [[4490, 4546, 110.73, 36.41], [4490, 4546, 112.4, 35.2], [4490, 4527, 116.39, 39.91], [4490, 4502, 76.1, 39.5], [4610, 2382, 110.73, 36.41], [4214, 2434, 111.2, 30.5]] as const;
    for (const [from, to, lon, lat] of cases) {
      const [gx, gy] = py(code, [String(from), String(to), String(lon), String(lat)]).split(/\s+/).map(Number);
      const [x, y] = transformer(from, to)(lon, lat);
      expect(Math.abs(x - gx!), `EPSG:${from} → ${to} x`).toBeLessThan(0.001);
      expect(Math.abs(y - gy!), `EPSG:${from} → ${to} y`).toBeLessThan(0.001);
    }
  });
});

describe('datum shifts', () => {
  it('gives a layer the most accurate published shift whose area holds it (NAD27 in North Carolina: EPSG:1173, ±10 m)', () => {
    const nad27 = crsFromEpsg(4267, { level: 'declared', source: 'test' }, NC);
    expect(nad27.datumShift).toEqual({ code: 1173, name: 'NAD27 to WGS 84 (4)', accuracy: 10, area: 'USA - CONUS - onshore' });
    expect(nad27.proj4).toContain('+towgs84=-8,160,176');
  });

  it.skipIf(!hasReference('osgeo'))('moves NAD27 coordinates to WGS 84 as PROJ does in North Carolina (to 1 mm)', () => {
    const [gx, gy] = py(`from osgeo import osr
a = osr.SpatialReference(); a.ImportFromEPSG(4267); a.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
b = osr.SpatialReference(); b.ImportFromEPSG(4326); b.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
x, y, _ = osr.CoordinateTransformation(a, b).TransformPoint(-79.0, 35.5)
print(repr(x), repr(y))`)
      .split(/\s+/)
      .map(Number);
    const [lon, lat] = transformer(crsFromEpsg(4267, undefined, NC), 4326)(-79, 35.5);
    expect(Math.abs(lon - gx!) * 90_000).toBeLessThan(0.001);
    expect(Math.abs(lat - gy!) * 111_000).toBeLessThan(0.001);
    expect(Math.hypot((lon + 79) * 90_000, (lat - 35.5) * 111_000)).toBeGreaterThan(20); // the shift is tens of metres, not nothing
  });

  it('applies no shift between two CRSs of one datum, whichever shifts they carry', () => {
    const nc = crsFromEpsg(4267, undefined, NC);
    const canada = crsFromEpsg(4267, undefined, [-100, 50, -99, 51]);
    expect(nc.datumShift!.code).not.toBe(canada.datumShift!.code);
    expect(transformer(nc, canada)(-79, 35.5)).toEqual([-79, 35.5]);
    expect(datumRouteBetween(nc, 26717)).toMatchObject({ kind: 'same', accuracy: 0 });
  });

  it('takes CGCS2000 as WGS 84 and says so, with its accuracy', () => {
    expect(crsFromEpsg(4490).datumShift).toMatchObject({ code: null, accuracy: 1 });
    expect(transformer(4490, 4326)(111, 36)).toEqual([111, 36]);
    expect(datumRouteBetween(4326, 4546)).toMatchObject({ kind: 'shift', accuracy: 1 });
  });

  it("has no shift for Xi'an 1980: longitude/latitude carried over, and the route says it is approximate", () => {
    expect(crsFromEpsg(4610).datumShift).toBeNull();
    expect(transformer(4610, 4490)(111, 36)).toEqual([111, 36]);
    const route = datumRouteBetween(2382, 4546);
    expect(route.kind).toBe('approximate');
    expect(route.text).toMatch(/Xian 1980.*approximate/);
  });

  it('takes no shift where none of the published ones covers the layer (Beijing 1954 in Hunan), as PROJ does', () => {
    expect(crsFromEpsg(4214, undefined, [111, 27, 112, 28]).datumShift).toBeNull();
    expect(crsFromEpsg(4214, undefined, [108, 36, 109, 37]).datumShift).toMatchObject({ code: 15918, accuracy: 1 });
  });
});
