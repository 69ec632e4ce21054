import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { crsFromEpsg, transformer } from '../../../../src-main/engine/crs/registry';
import { crsFromWkt, crsToWkt } from '../../../../src-main/engine/crs/wkt';

const hasGdal = existsSync('/usr/bin/gdaltransform');

describe('CRS registry', () => {
  it('knows every CGCS2000 Gauss-Krüger zone with the right central meridian and false easting', () => {
    expect(crsFromEpsg(4491).proj4).toContain('+lon_0=75 +k=1 +x_0=13500000');
    expect(crsFromEpsg(4502).proj4).toContain('+lon_0=75 +k=1 +x_0=500000');
    expect(crsFromEpsg(4513).proj4).toContain('+lon_0=75 +k=1 +x_0=25500000');
    expect(crsFromEpsg(4527).proj4).toContain('+lon_0=117 +k=1 +x_0=39500000');
    expect(crsFromEpsg(4546).proj4).toContain('+lon_0=111 +k=1 +x_0=500000');
    expect(crsFromEpsg(4554).proj4).toContain('+lon_0=135');
    expect(crsFromEpsg(4546).name).toBe('CGCS2000 / 3-degree Gauss-Kruger CM 111E');
    expect(() => crsFromEpsg(9999)).toThrow(/not a CRS/);
  });

  it('puts the central meridian at x = 500 km', () => {
    const [x] = transformer(4490, 4546)(111, 36.4);
    expect(x).toBeCloseTo(500_000, 6);
  });

  it.skipIf(!hasGdal)('agrees with GDAL/PROJ to 1 mm for 4490 → 4546 and 4490 → 4527', () => {
    for (const [epsg, lon, lat] of [[4546, 110.73, 36.41], [4527, 116.39, 39.91]] as const) {
      const out = execFileSync('/usr/bin/gdaltransform', ['-s_srs', 'EPSG:4490', '-t_srs', `EPSG:${epsg}`, '-output_xy'], { input: `${lon} ${lat}\n`, encoding: 'utf8' });
      const [gx, gy] = out.trim().split(/\s+/).map(Number);
      const [x, y] = transformer(4490, epsg)(lon, lat);
      expect(Math.abs(x - gx!)).toBeLessThan(0.001);
      expect(Math.abs(y - gy!)).toBeLessThan(0.001);
    }
  });
});

describe('.prj WKT', () => {
  it('recognises ESRI names, EPSG authorities and GK parameters', () => {
    expect(crsFromWkt(crsToWkt(4546)).epsg).toBe(4546);
    expect(crsFromWkt(crsToWkt(4490)).epsg).toBe(4490);
    expect(crsFromWkt(crsToWkt(4526)).epsg).toBe(4526);
    expect(crsFromWkt('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]').epsg).toBe(4326);
    // An unnamed GK projection on CGCS2000, found by central meridian and false easting.
    const custom = 'PROJCS["my_projection",GEOGCS["GCS_CGCS_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    expect(crsFromWkt(custom).epsg).toBe(4527);
  });

  it('refuses an empty .prj and text that is no CRS', () => {
    expect(() => crsFromWkt('  ')).toThrow(/empty/);
    expect(() => crsFromWkt('hello world')).toThrow(/unrecognised CRS/);
  });

  it.skipIf(!existsSync('/usr/bin/python3'))('writes .prj text that GDAL identifies as the same EPSG code', () => {
    // FindMatches is what ogrinfo/QGIS use to name the CRS of a .prj (confidence 100 = exact).
    const py = 'import sys\nfrom osgeo import osr\ns=osr.SpatialReference()\ns.SetFromUserInput(sys.argv[1])\nm=[x for x in s.FindMatches() if x[1]==100]\nprint(m[0][0].GetAuthorityCode(None) if m else None)';
    for (const code of [4490, 4546, 4527]) {
      let out = '';
      try {
        out = execFileSync('/usr/bin/python3', ['-c', py, crsToWkt(code)], { encoding: 'utf8' }).trim();
      } catch {
        return; // GDAL's Python bindings are absent: nothing to compare with
      }
      expect(out).toBe(String(code));
    }
  });
});
