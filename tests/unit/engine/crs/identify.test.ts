/**
 * Identification of WKT CRSs (.prj, GeoPackage definitions, GeoTIFF citations) against the
 * EPSG dataset: declared by an authority, matched by datum name + ellipsoid + projection, or
 * unknown with candidates — and never matched by the ellipsoid alone.
 */
import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import { identifyWkt } from '../../../../src-main/engine/crs/identify';
import { epsgTable } from '../../../../src-main/engine/crs/epsgTable';
import { crsFromEpsg } from '../../../../src-main/engine/crs/registry';
import { PRJ } from '../../../fixtures/io/makeFixtures';
import { hasReference, py } from '../../../fixtures/referenceTools';

const GCS_CGCS2000 = 'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const gk = (name: string, geogcs: string, fe: number, cm: number, k = 1): string =>
  `PROJCS["${name}",${geogcs},PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${fe}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${cm}],PARAMETER["Scale_Factor",${k}],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
const level = (wkt: string, extent?: [number, number, number, number]): [string, number | null] => {
  const c = identifyWkt(wkt, '.prj', extent);
  return [c.identification!.level, c.epsg];
};

describe('declared: an EPSG authority for the CRS itself', () => {
  it('takes the top-level authority of OGC WKT1 and WKT2, not an inner one', () => {
    const wkt1 =
      'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 111E",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",111],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","4546"]]';
    expect(level(wkt1)).toEqual(['declared', 4546]);
    const wkt2 =
      'PROJCRS["whatever",BASEGEOGCRS["China Geodetic Coordinate System 2000",DATUM["China 2000",ELLIPSOID["CGCS2000",6378137,298.257222101]],ID["EPSG",4490]],CONVERSION["3-degree Gauss-Kruger CM 117E",METHOD["Transverse Mercator",ID["EPSG",9807]],PARAMETER["Longitude of natural origin",117],PARAMETER["False easting",500000]],CS[Cartesian,2],ID["EPSG",4548]]';
    expect(level(wkt2)).toEqual(['declared', 4548]);
    expect(identifyWkt(wkt2, 'GeoPackage srs definition').identification!.source).toBe('EPSG authority in the GeoPackage srs definition');
  });

  it('names the authority it cannot compute with and leaves the CRS unknown', () => {
    const c = identifyWkt('GEOGCS["odd",DATUM["x",SPHEROID["y",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","99999"]]', '.prj');
    expect(c.epsg).toBeNull();
    expect(c.name).toContain('EPSG:99999');
  });
});

describe('matched: datum name, ellipsoid and projection all agree with one EPSG CRS', () => {
  it('matches the ESRI .prj samples: CGCS2000 3-degree GK CM 111E, zone 37 with its prefix, CGCS2000 and WGS 84 geographic', () => {
    expect(level(PRJ.cgcs2000_3deg_cm111)).toEqual(['matched', 4546]);
    expect(level(PRJ.cgcs2000_3deg_zone37)).toEqual(['matched', 4525]);
    expect(level(PRJ.cgcs2000)).toEqual(['matched', 4490]);
    expect(level(PRJ.wgs84)).toEqual(['matched', 4326]);
  });

  it('matches a .prj for "CGCS2000 3-degree GK zone 39" to EPSG:4527, also when it is named otherwise', () => {
    expect(level(gk('CGCS2000_3_Degree_GK_Zone_39', GCS_CGCS2000, 39500000, 117))).toEqual(['matched', 4527]);
    expect(level(gk('my_projection', GCS_CGCS2000, 39500000, 117))).toEqual(['matched', 4527]);
    expect(identifyWkt(gk('my_projection', GCS_CGCS2000, 39500000, 117), '.prj').identification!.source).toBe('.prj parameters (datum, ellipsoid, projection)');
  });

  it('matches an ESRI .prj for ETRS89 LAEA to EPSG:3035', () => {
    const laea =
      'PROJCS["ETRS_1989_LAEA",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Azimuthal_Equal_Area"],PARAMETER["False_Easting",4321000.0],PARAMETER["False_Northing",3210000.0],PARAMETER["Central_Meridian",10.0],PARAMETER["Latitude_Of_Origin",52.0],UNIT["Meter",1.0]]';
    expect(level(laea)).toEqual(['matched', 3035]);
  });

  it("matches Xi'an 1980 and Beijing 1954 Gauss-Krüger zones by their ESRI datum names", () => {
    const xian = 'GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
    const beijing = 'GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
    expect(level(gk('Xian_1980_3_Degree_GK_CM_111E', xian, 500000, 111))).toEqual(['matched', 2382]);
    expect(level(gk('Xian_1980_3_Degree_GK_Zone_37', xian, 37500000, 111))).toEqual(['matched', 2361]);
    expect(level(gk('Beijing_1954_3_Degree_GK_CM_111E', beijing, 500000, 111))).toEqual(['matched', 2434]);
    expect(level(gk('Beijing_1954_GK_Zone_19', beijing, 19500000, 111))).toEqual(['matched', 21419]);
    expect(level(xian)).toEqual(['matched', 4610]);
  });

  it('accepts the datum spellings of Chinese GIS software for CGCS2000', () => {
    for (const datum of ['CGCS2000', 'D_CGCS_2000', 'China_2000', 'China Geodetic Coordinate System 2000']) {
      expect(level(`GEOGCS["x",DATUM["${datum}",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["Degree",0.0174532925199433]]`), datum).toEqual(['matched', 4490]);
    }
  });
});

describe('unknown: the user is asked, with candidates', () => {
  it('never takes GRS80 alone for CGCS2000: a .prj with datum "D_unknown" is unknown, with candidates for where it lies', () => {
    const wkt = 'GEOGCS["GCS_SIRGAS_2000",DATUM["D_unknown",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
    const brazil = identifyWkt(wkt, '.prj', [-40.3, -4.2, -40.1, -4.0]);
    expect(brazil.epsg).toBeNull();
    expect(brazil.identification!.level).toBe('unknown');
    expect(brazil.identification!.candidates![0]).toEqual({ epsg: 4674, name: 'SIRGAS 2000' });
    expect(brazil.identification!.candidates!.map((c) => c.epsg)).not.toContain(4490);
    const china = identifyWkt(wkt.replace('GCS_SIRGAS_2000', 'GCS_unknown'), '.prj', [111, 36, 112, 37]);
    expect(china.identification!.candidates!.map((c) => c.epsg)).toContain(4490);
  });

  it('leaves a Transverse Mercator with k = 0.9996 on CGCS2000 unknown (no EPSG CRS has those parameters)', () => {
    const c = identifyWkt(gk('my_projection', GCS_CGCS2000, 39500000, 117, 0.9996), '.prj');
    expect(c.epsg).toBeNull();
    expect(c.name).toBe('my_projection');
  });

  it('keeps a CRS it cannot name computable: a custom Lambert conformal conic draws through its own definition', () => {
    const lcc =
      'PROJCS["Asia_Lambert_Conformal_Conic",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Standard_Parallel_1",30.0],PARAMETER["Standard_Parallel_2",62.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    const c = identifyWkt(lcc, '.prj');
    expect(c.epsg).toBeNull();
    expect(proj4(c.proj4).forward([105, 36])[0]).toBeCloseTo(0, 3);
  });

  it('gives E_CRS_MISSING for an empty text and E_CRS_UNKNOWN for text that is no CRS', () => {
    expect(() => identifyWkt('  ', '.prj')).toThrow(expect.objectContaining({ code: 'E_CRS_MISSING' }));
    expect(() => identifyWkt('hello world', '.prj')).toThrow(expect.objectContaining({ code: 'E_CRS_UNKNOWN' }));
    expect(() => identifyWkt('PROJCS["x",GEOGCS["y"', '.prj')).toThrow(expect.objectContaining({ code: 'E_CRS_UNKNOWN' }));
  });
});

describe.skipIf(!hasReference('osgeo'))('.prj text written by GDAL (ESRI flavour)', () => {
  /** Every 20th CRS of the table and every CGCS2000 one, as GDAL writes them into .prj files. */
  const codes = [...epsgTable().projected.keys(), ...epsgTable().geographic.keys()].filter((c, i) => i % 20 === 0 || (c >= 4490 && c <= 4554));
  const esri = (): Record<string, string> =>
    JSON.parse(
      py(
        `import json, sys
from osgeo import osr, gdal
gdal.UseExceptions()
out = {}
for c in json.load(sys.stdin):
    s = osr.SpatialReference(); s.ImportFromEPSG(c); s.MorphToESRI(); out[c] = s.ExportToWkt()
print(json.dumps(out))`,
        [],
        JSON.stringify(codes),
      ),
    ) as Record<string, string>;

  it('matches each CGCS2000 code exactly and 98 % of the sample to the same code or one EPSG defines identically', () => {
    const wkts = esri();
    let matched = 0;
    const wrong: string[] = [];
    for (const c of codes) {
      const crs = identifyWkt(wkts[c]!, '.prj');
      if (c >= 4490 && c <= 4554) expect(crs.epsg, `EPSG:${c}`).toBe(c);
      if (crs.identification!.level !== 'matched') continue;
      matched++;
      const plain = (code: number): string => crsFromEpsg(code).proj4.replace(/ \+towgs84=\S+/, '');
      if (crs.epsg !== c && plain(crs.epsg!) !== plain(c)) wrong.push(`EPSG:${c} matched as EPSG:${crs.epsg}`);
    }
    expect(wrong).toEqual([]);
    expect(matched / codes.length).toBeGreaterThan(0.98);
  });
});
