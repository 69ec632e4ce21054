/**
 * EPSG → WKT for the .prj files and GeoPackage definitions RiskAtlas writes. CGCS2000 (4490
 * and its Gauss-Krüger zones 4491–4554) and WGS 84 are written in ESRI's spelling, as ArcGIS
 * writes them (county data goes back into ArcGIS); every other code as OGC WKT1 with the EPSG
 * authority at the top, which GDAL, QGIS and ArcGIS identify by that code.
 * Reading WKT is identify.ts.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import { epsgTable } from './epsgTable';
import { crsFromEpsg, esriNames } from './registry';

const GCS_CGCS2000 =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const GCS_WGS84 = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const param = (name: string, v: number): string => `PARAMETER[${quote(name)},${v}]`;
const num = (def: string, key: string, fallback: number): number => {
  const m = new RegExp(`\\+${key}=([-+0-9.eE]+)`).exec(def);
  return m ? Number(m[1]) : fallback;
};

/**
 * OGC WKT1 projection and parameters of a proj4 definition (false easting and northing in the
 * CRS's unit of `unitMetres` metres); undefined for methods RiskAtlas does not write.
 */
function wkt1Projection(def: string, unitMetres: number): string | undefined {
  const proj = /\+proj=(\w+)/.exec(def)?.[1];
  const zone = num(def, 'zone', NaN);
  const p = (k: string, fallback = 0): number => num(def, k, fallback);
  const fefn = [param('false_easting', p('x_0') / unitMetres), param('false_northing', p('y_0') / unitMetres)];
  const method = (name: string, params: string[]): string => [`PROJECTION[${quote(name)}]`, ...params].join(',');
  switch (proj) {
    case 'utm':
      return method('Transverse_Mercator', [param('latitude_of_origin', 0), param('central_meridian', zone * 6 - 183), param('scale_factor', 0.9996), param('false_easting', 500000), param('false_northing', /\+south\b/.test(def) ? 10000000 : 0)]);
    case 'tmerc':
    case 'etmerc':
      return method('Transverse_Mercator', [param('latitude_of_origin', p('lat_0')), param('central_meridian', p('lon_0')), param('scale_factor', p('k', p('k_0', 1))), ...fefn]);
    case 'laea':
      return method('Lambert_Azimuthal_Equal_Area', [param('latitude_of_center', p('lat_0')), param('longitude_of_center', p('lon_0')), ...fefn]);
    case 'lcc':
      return /\+lat_2=/.test(def)
        ? method('Lambert_Conformal_Conic_2SP', [param('standard_parallel_1', p('lat_1')), param('standard_parallel_2', p('lat_2')), param('latitude_of_origin', p('lat_0')), param('central_meridian', p('lon_0')), ...fefn])
        : method('Lambert_Conformal_Conic_1SP', [param('latitude_of_origin', p('lat_1', p('lat_0'))), param('central_meridian', p('lon_0')), param('scale_factor', p('k_0', p('k', 1))), ...fefn]);
    case 'aea':
      return method('Albers_Conic_Equal_Area', [param('standard_parallel_1', p('lat_1')), param('standard_parallel_2', p('lat_2')), param('latitude_of_center', p('lat_0')), param('longitude_of_center', p('lon_0')), ...fefn]);
    case 'merc':
      return /\+lat_ts=/.test(def) && p('lat_ts') !== 0
        ? method('Mercator_2SP', [param('standard_parallel_1', p('lat_ts')), param('central_meridian', p('lon_0')), ...fefn])
        : method('Mercator_1SP', [param('central_meridian', p('lon_0')), param('scale_factor', p('k', p('k_0', 1))), ...fefn]);
    case 'sterea':
      return method('Oblique_Stereographic', [param('latitude_of_origin', p('lat_0')), param('central_meridian', p('lon_0')), param('scale_factor', p('k', p('k_0', 1))), ...fefn]);
    case 'stere':
      return method('Polar_Stereographic', [param('latitude_of_origin', p('lat_ts', p('lat_0'))), param('central_meridian', p('lon_0')), param('scale_factor', p('k', p('k_0', 1))), ...fefn]);
    case 'cass':
      return method('Cassini_Soldner', [param('latitude_of_origin', p('lat_0')), param('central_meridian', p('lon_0')), ...fefn]);
    case 'poly':
      return method('Polyconic', [param('latitude_of_origin', p('lat_0')), param('central_meridian', p('lon_0')), ...fefn]);
    default:
      return undefined;
  }
}

/** OGC WKT1 GEOGCS of a geographic code, with its EPSG authorities. */
function geogcs(code: number): string {
  const t = epsgTable();
  const g = t.geographic.get(code)!;
  const a = num(g.ellipsoid, 'a', num(g.ellipsoid, 'R', NaN));
  const rf = num(g.ellipsoid, 'rf', 0);
  const datumName = (t.datumNames.get(g.datum) ?? [g.name])[0]!.replace(/\W+/g, '_');
  return (
    `GEOGCS[${quote(g.name)},DATUM[${quote(datumName)},SPHEROID[${quote(`${datumName} ellipsoid`)},${a},${rf}],AUTHORITY["EPSG","${g.datum}"]],` +
    `PRIMEM["Greenwich",${num(g.ellipsoid, 'pm', 0)}],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","${code}"]]`
  );
}

/**
 * WKT for a .prj file or a GeoPackage definition: ESRI spelling for CGCS2000 (4490, 4491–4554)
 * and WGS 84 (4326), OGC WKT1 with the EPSG authority for every other code whose projection
 * is Transverse Mercator (UTM), Lambert (azimuthal, conformal), Albers, Mercator, stereographic,
 * Cassini or polyconic. Throws E_CRS_UNKNOWN for other codes.
 */
export function crsToWkt(epsg: number): string {
  if (epsg === 4490) return GCS_CGCS2000;
  if (epsg === 4326) return GCS_WGS84;
  const def = crsFromEpsg(epsg).proj4;
  if (epsg >= 4491 && epsg <= 4554) {
    const cm = num(def, 'lon_0', NaN);
    const fe = num(def, 'x_0', NaN);
    return (
      `PROJCS["${esriNames(epsg)[0]}",${GCS_CGCS2000},PROJECTION["Gauss_Kruger"],` +
      `PARAMETER["False_Easting",${fe.toFixed(1)}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${cm.toFixed(1)}],` +
      `PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
    );
  }
  const t = epsgTable();
  if (t.geographic.has(epsg)) return geogcs(epsg);
  const p = t.projected.get(epsg)!;
  const projection = wkt1Projection(def, p.unitMetres);
  if (!projection) throw new RiskAtlasError('E_CRS_UNKNOWN', `no .prj text for EPSG:${epsg} (${p.name}): its projection is not one RiskAtlas writes`, { params: { epsg: String(epsg) } });
  const unit = p.unitMetres === 1 ? 'UNIT["metre",1]' : `UNIT["unit",${p.unitMetres}]`;
  return `PROJCS[${quote(p.name)},${geogcs(p.base)},${projection},${unit},AUTHORITY["EPSG","${epsg}"]]`;
}
