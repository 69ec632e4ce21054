/** EPSG → .prj text: ESRI spelling for CGCS2000 and WGS 84, OGC WKT1 with the EPSG authority for the rest. */
import { describe, expect, it } from 'vitest';
import { crsToWkt } from '../../../../src-main/engine/crs/wkt';
import { identifyWkt } from '../../../../src-main/engine/crs/identify';
import { hasReference, py } from '../../../fixtures/referenceTools';

describe('EPSG → .prj WKT', () => {
  it('writes ESRI WKT for 4490, 4326 and every CGCS2000 Gauss-Krüger zone that reads back as the same code', () => {
    for (const c of [4490, 4326, ...Array.from({ length: 64 }, (_, i) => 4491 + i)]) {
      expect(crsToWkt(c)).not.toContain('AUTHORITY');
      expect(identifyWkt(crsToWkt(c), '.prj').epsg, `EPSG:${c}`).toBe(c);
    }
  });

  it('writes any other code as OGC WKT1 declaring its EPSG code (ETRS89 LAEA, UTM, NAD27, a US-feet state plane, Web Mercator)', () => {
    for (const c of [3035, 32632, 4267, 2263, 3857, 27700]) {
      const crs = identifyWkt(crsToWkt(c), '.prj');
      expect(crs.epsg, `EPSG:${c}`).toBe(c);
      expect(crs.identification!.level).toBe('declared');
    }
    expect(crsToWkt(2263)).toContain('PARAMETER["false_easting",984249.9999999999]');
  });

  it('refuses a projection it does not write (Krovak) with E_CRS_UNKNOWN', () => {
    expect(() => crsToWkt(5514)).toThrow(expect.objectContaining({ code: 'E_CRS_UNKNOWN' }));
  });

  it.skipIf(!hasReference('osgeo'))('writes .prj text that GDAL identifies as the same EPSG code', () => {
    // FindMatches is what ogrinfo/QGIS use to name the CRS of a .prj (confidence 100 = exact).
    const code = 'import sys\nfrom osgeo import osr\ns=osr.SpatialReference()\ns.SetFromUserInput(sys.argv[1])\nm=[x for x in s.FindMatches() if x[1]==100]\nprint(s.GetAuthorityCode(None) or (m[0][0].GetAuthorityCode(None) if m else None))';
    for (const c of [4490, 4326, 4546, 4527, 4491, 3035, 32632, 4267, 27700]) expect(py(code, [crsToWkt(c)]), `EPSG:${c}`).toBe(String(c));
  });
});
