/**
 * CRS registry and .prj WKT recognition. Where GDAL's Python bindings are installed, the
 * definitions of all 64 CGCS2000 Gauss-Krüger codes and a transformed point are checked
 * against PROJ itself; without GDAL those tests are skipped.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import proj4 from 'proj4';
import { crsFromEpsg, isKnownEpsg, knownEpsgCodes, registerAll, transformer } from '../../../../src-main/engine/crs/registry';
import { crsFromWkt, crsToWkt } from '../../../../src-main/engine/crs/wkt';
import { PRJ } from '../../../fixtures/io/makeFixtures';

const hasOsr = ((): boolean => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'from osgeo import osr'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const py = (code: string, ...args: string[]): string => execFileSync('/usr/bin/python3', ['-c', code, ...args], { encoding: 'utf8' }).trim();

describe('CRS registry', () => {
  it('numbers the CGCS2000 Gauss-Krüger zones as EPSG does (6° and 3°, with and without zone prefix)', () => {
    expect(crsFromEpsg(4491)).toMatchObject({ name: 'CGCS2000 / Gauss-Kruger zone 13' });
    expect(crsFromEpsg(4491).proj4).toContain('+lon_0=75 +k=1 +x_0=13500000 +y_0=0 +ellps=GRS80');
    expect(crsFromEpsg(4501).proj4).toContain('+lon_0=135 +k=1 +x_0=23500000');
    expect(crsFromEpsg(4502)).toMatchObject({ name: 'CGCS2000 / Gauss-Kruger CM 75E' });
    expect(crsFromEpsg(4502).proj4).toContain('+lon_0=75 +k=1 +x_0=500000');
    expect(crsFromEpsg(4513).proj4).toContain('+lon_0=75 +k=1 +x_0=25500000');
    expect(crsFromEpsg(4527).proj4).toContain('+lon_0=117 +k=1 +x_0=39500000');
    expect(crsFromEpsg(4533).proj4).toContain('+lon_0=135 +k=1 +x_0=45500000');
    expect(crsFromEpsg(4534)).toMatchObject({ name: 'CGCS2000 / 3-degree Gauss-Kruger CM 75E' });
    expect(crsFromEpsg(4546)).toMatchObject({ epsg: 4546, name: 'CGCS2000 / 3-degree Gauss-Kruger CM 111E' });
    expect(crsFromEpsg(4554).proj4).toContain('+lon_0=135 +k=1 +x_0=500000');
    for (let c = 4491; c <= 4554; c++) expect(isKnownEpsg(c)).toBe(true);
    for (const c of [4490, 4326, 3857, 4214, 4610, 32649, 2327, 2390, 2401, 2442, 21413, 21463]) expect(isKnownEpsg(c)).toBe(true);
  });

  it('throws E_CRS_UNKNOWN for a code it does not know', () => {
    expect(() => crsFromEpsg(9999)).toThrow(expect.objectContaining({ code: 'E_CRS_UNKNOWN' }));
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

  it('registers every known code in a proj4 instance', () => {
    registerAll(proj4);
    expect(proj4('EPSG:4490', 'EPSG:4546', [111, 36.4])[0]).toBeCloseTo(500_000, 6);
    expect(knownEpsgCodes().every((c) => proj4.defs(`EPSG:${c}`) !== undefined)).toBe(true);
  });

  it.skipIf(!hasOsr)('matches PROJ for all 64 CGCS2000 Gauss-Krüger codes: name, central meridian, false easting, scale', () => {
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
      expect(def.proj4, `EPSG:${c}`).toContain(`+lon_0=${cm} +k=${k} +x_0=${fe} +y_0=${fn} +ellps=GRS80`);
      expect(datum).toBe('China_2000');
    }
  });

  it.skipIf(!hasOsr)("matches PROJ for every Xi'an 1980 and Beijing 1954 Gauss-Krüger code: name, central meridian, false easting, ellipsoid", () => {
    const codes = [...range(2327, 2390), ...range(2401, 2442), ...range(21413, 21423), ...range(21453, 21463)];
    const out = py(`import json, sys
from osgeo import osr
r = {}
for c in json.loads(sys.argv[1]):
    s = osr.SpatialReference(); s.ImportFromEPSG(c)
    r[c] = [s.GetName(), s.GetProjParm('central_meridian'), s.GetProjParm('false_easting'), s.GetSemiMajor(), s.GetInvFlattening()]
print(json.dumps(r))`, JSON.stringify(codes));
    const ref = JSON.parse(out) as Record<string, [string, number, number, number, number]>;
    for (const c of codes) {
      const [name, cm, fe, a, rf] = ref[c]!;
      const def = crsFromEpsg(c);
      expect(def.name, `EPSG:${c}`).toBe(name);
      expect(def.proj4, `EPSG:${c}`).toContain(`+lon_0=${cm} +k=1 +x_0=${fe} +y_0=0`);
      const p = proj4(def.proj4) as unknown as { oProj: { a: number; b: number } };
      expect(p.oProj.a, `EPSG:${c} a`).toBeCloseTo(a, 3);
      expect(p.oProj.a / (p.oProj.a - p.oProj.b), `EPSG:${c} 1/f`).toBeCloseTo(rf, 3);
    }
  });

  it.skipIf(!hasOsr)('agrees with GDAL/PROJ to 1 mm for points transformed 4490 → 4546, 4490 → 4527 and 4490 → 4502', () => {
    const code = `import sys
from osgeo import osr
a = osr.SpatialReference(); a.ImportFromEPSG(4490); a.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
b = osr.SpatialReference(); b.ImportFromEPSG(int(sys.argv[1])); b.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
x, y, _ = osr.CoordinateTransformation(a, b).TransformPoint(float(sys.argv[2]), float(sys.argv[3]))
print(repr(x), repr(y))`;
    for (const [epsg, lon, lat] of [[4546, 110.73, 36.41], [4546, 112.4, 35.2], [4527, 116.39, 39.91], [4502, 76.1, 39.5]] as const) {
      const [gx, gy] = py(code, String(epsg), String(lon), String(lat)).split(/\s+/).map(Number);
      const [x, y] = transformer(4490, epsg)(lon, lat);
      expect(Math.abs(x - gx!), `EPSG:${epsg} x`).toBeLessThan(0.001);
      expect(Math.abs(y - gy!), `EPSG:${epsg} y`).toBeLessThan(0.001);
    }
  });
});

describe('.prj WKT → EPSG', () => {
  it('recognises the ESRI .prj samples: CGCS2000 3-degree GK CM 111E, CGCS2000 geographic, WGS84, a GK zone with prefix', () => {
    expect(crsFromWkt(PRJ.cgcs2000_3deg_cm111).epsg).toBe(4546);
    expect(crsFromWkt(PRJ.cgcs2000).epsg).toBe(4490);
    expect(crsFromWkt(PRJ.wgs84).epsg).toBe(4326);
    expect(crsFromWkt(PRJ.cgcs2000_3deg_zone37).epsg).toBe(4525);
  });

  it('takes the top-level EPSG authority of OGC WKT1 and WKT2, not an inner one', () => {
    const wkt1 = 'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 111E",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",111],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","4546"]]';
    expect(crsFromWkt(wkt1).epsg).toBe(4546);
    const wkt2 = 'PROJCRS["whatever",BASEGEOGCRS["China Geodetic Coordinate System 2000",DATUM["China 2000",ELLIPSOID["CGCS2000",6378137,298.257222101]],ID["EPSG",4490]],CONVERSION["3-degree Gauss-Kruger CM 117E",METHOD["Transverse Mercator",ID["EPSG",9807]],PARAMETER["Longitude of natural origin",117],PARAMETER["False easting",500000]],CS[Cartesian,2],ID["EPSG",4548]]';
    expect(crsFromWkt(wkt2).epsg).toBe(4548);
  });

  it('recognises names in their common spellings', () => {
    const geog = (name: string): string => `GEOGCS["${name}",DATUM["x",SPHEROID["y",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["Degree",0.0174532925199433]]`;
    for (const n of ['CGCS_2000', 'GCS_China_Geodetic_Coordinate_System_2000', 'CGCS2000']) expect(crsFromWkt(geog(n)).epsg, n).toBe(4490);
    expect(crsFromWkt('PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 111E",GEOGCS["x",DATUM["x",SPHEROID["x",6378137,298.257222101]]],PROJECTION["Transverse_Mercator"]]').epsg).toBe(4546);
    expect(crsFromWkt('PROJCS["WGS_84_Pseudo_Mercator",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]],PROJECTION["Mercator_Auxiliary_Sphere"]]').epsg).toBe(3857);
    expect(crsFromWkt('PROJCS["CGCS2000_GK_Zone_19",GEOGCS["x",DATUM["x",SPHEROID["x",6378137,298.257222101]]],PROJECTION["Gauss_Kruger"]]').epsg).toBe(4497);
  });

  it('recognises an unnamed CGCS2000 Transverse Mercator by central meridian and false easting, but only with k = 1', () => {
    const tm = (k: number): string =>
      `PROJCS["my_projection",GEOGCS["GCS_CGCS_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",${k}],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
    expect(crsFromWkt(tm(1)).epsg).toBe(4527);
    const other = crsFromWkt(tm(0.9996));
    expect(other.epsg).toBeNull();
    expect(other.name).toBe('my_projection');
  });

  it("recognises Xi'an 1980 and Beijing 1954 Gauss-Krüger zones by name and, unnamed, by ellipsoid and parameters", () => {
    const gk = (name: string, spheroid: string, rf: number, fe: number, cm: number): string =>
      `PROJCS["${name}",GEOGCS["g",DATUM["d",SPHEROID["${spheroid}",6378140.0,${rf}]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",${fe}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${cm}],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
    expect(crsFromWkt(gk('Xian_1980_3_Degree_GK_CM_111E', 'Xian_1980', 298.257, 500000, 111)).epsg).toBe(2382);
    expect(crsFromWkt(gk('my tm', 'IAG_1975', 298.257, 37500000, 111)).epsg).toBe(2361);
    expect(crsFromWkt(gk('Beijing_1954_3_Degree_GK_CM_111E', 'Krasovsky_1940', 298.3, 500000, 111)).epsg).toBe(2434);
    expect(crsFromWkt(gk('my tm', 'unnamed', 298.3, 19500000, 111)).epsg).toBe(21419);
    expect(crsFromWkt(gk('my tm', 'unnamed', 298.3, 500000, 111)).epsg).toBe(2434); // 3° and 6° CM 111E coincide; the 3° code is the one ArcGIS writes
    expect(crsFromWkt('GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]').epsg).toBe(4610);
  });

  it('keeps a CRS it cannot name as WKT with epsg null (e.g. a Lambert projection), so nothing is guessed', () => {
    const lcc = 'PROJCS["Asia_Lambert_Conformal_Conic",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Standard_Parallel_1",30.0],PARAMETER["Standard_Parallel_2",62.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    const c = crsFromWkt(lcc);
    expect(c.epsg).toBeNull();
    expect(c.proj4).toBe(lcc);
    expect(proj4(c.proj4).forward([105, 36])[0]).toBeCloseTo(0, 3);
  });

  it('gives E_CRS_MISSING for an empty .prj and E_CRS_UNKNOWN for text that is no CRS', () => {
    expect(() => crsFromWkt('  ')).toThrow(expect.objectContaining({ code: 'E_CRS_MISSING' }));
    expect(() => crsFromWkt('hello world')).toThrow(expect.objectContaining({ code: 'E_CRS_UNKNOWN' }));
  });
});

describe('EPSG → .prj WKT', () => {
  it('writes ESRI WKT that reads back as the same code for 4490, 4326 and every Gauss-Krüger zone', () => {
    for (const c of [4490, 4326, ...Array.from({ length: 64 }, (_, i) => 4491 + i)]) expect(crsFromWkt(crsToWkt(c)).epsg).toBe(c);
    expect(() => crsToWkt(3857)).toThrow(expect.objectContaining({ code: 'E_CRS_UNKNOWN' }));
  });

  it.skipIf(!hasOsr)('writes .prj text that GDAL identifies as the same EPSG code', () => {
    // FindMatches is what ogrinfo/QGIS use to name the CRS of a .prj (confidence 100 = exact).
    const code = 'import sys\nfrom osgeo import osr\ns=osr.SpatialReference()\ns.SetFromUserInput(sys.argv[1])\nm=[x for x in s.FindMatches() if x[1]==100]\nprint(m[0][0].GetAuthorityCode(None) if m else None)';
    for (const c of [4490, 4326, 4546, 4527, 4491]) expect(py(code, crsToWkt(c))).toBe(String(c));
  });
});
