/**
 * The analysis CRS of a new project: a suggestion from where the study area lies, the check of
 * a CRS the user types, and the CRS's real name for the sheets and the package.
 *
 * - In China (where CGCS2000 Gauss-Krüger zones are defined) the census works in the CGCS2000
 *   3° Gauss-Krüger zone of the study area's centre. Whether the zone number is written into
 *   the false easting (EPSG 4513–4533, X ≈ 39,500,000) or not (4534–4554, named by central
 *   meridian) follows the data: a study area already in a prefixed zone gets the prefixed zone.
 * - Elsewhere: the WGS 84 UTM zone.
 * Built on the EPSG table and the zone search of gridCrs.ts; no CRS list of its own.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import type { Extent } from '../../../src-shared/layer';
import { boxCentre, boxContains, epsgTable, type LonLatBox } from './epsgTable';
import { gridCrsProblem, utmZoneAt, zonePrefixed, zonesAt } from './gridCrs';
import { baseGeographic, isGeographic, isKnownEpsg, linearUnitMetres } from './registry';

/** CGCS2000, the national datum. */
const CGCS2000 = 4490;

/** A projected CRS offered for the analysis grid. */
export interface CrsOption {
  epsg: number;
  name: string;
}

/** The suggested analysis CRS for a study area, why, and the other CRSs that would do. */
export interface CrsSuggestion extends CrsOption {
  reason: { zh: string; en: string };
  alternatives: CrsOption[];
}

const nameOf = (epsg: number): string => epsgTable().projected.get(epsg)?.name ?? epsgTable().geographic.get(epsg)?.name ?? `EPSG:${epsg}`;
const option = (epsg: number): CrsOption => ({ epsg, name: nameOf(epsg) });
/** Zone width of a Gauss-Krüger CRS from its EPSG name: 3 for the "3-degree" zones, else 6. */
const zoneWidth = (epsg: number): 3 | 6 => (/3-degree/.test(nameOf(epsg)) ? 3 : 6);

/**
 * The analysis CRS for a study area whose extent is `lonLatExtent` ([west, south, east, north]
 * in degrees): the CGCS2000 3° Gauss-Krüger zone of its centre in China — prefixed when
 * `dataEpsg` (the CRS the study-area layer comes in) is a prefixed zone — else the WGS 84 UTM
 * zone. Alternatives: the zone with the other prefix convention, the 6° zone and the UTM zone.
 */
export function suggestAnalysisCrs(lonLatExtent: LonLatBox, dataEpsg?: number): CrsSuggestion {
  const [lon, lat] = boxCentre(lonLatExtent);
  const where = `${Math.abs(lon).toFixed(2)}°${lon < 0 ? 'W' : 'E'}, ${Math.abs(lat).toFixed(2)}°${lat < 0 ? 'S' : 'N'}`;
  const utm = utmZoneAt(lon, lat);
  const zones = zonesAt(CGCS2000, lon, lat);
  const three = zones.filter((z) => zoneWidth(z) === 3);
  if (!three.length) {
    return {
      ...option(utm),
      reason: {
        zh: `研究区中心（${where}）不在 2000国家大地坐标系高斯-克吕格分带范围内，采用所在的 WGS 84 UTM 投影带`,
        en: `the study area's centre (${where}) lies outside the CGCS2000 Gauss-Krüger zones: the WGS 84 UTM zone of the place`,
      },
      alternatives: dataEpsg !== undefined && usable(dataEpsg, lon, lat) && dataEpsg !== utm ? [option(dataEpsg)] : [],
    };
  }
  const prefixed = dataEpsg !== undefined && baseGeographic(dataEpsg) !== undefined && !isGeographic(dataEpsg) && zonePrefixed(dataEpsg);
  const chosen = three.find((z) => zonePrefixed(z) === prefixed) ?? three[0]!;
  const other = three.find((z) => z !== chosen);
  const six = zones.find((z) => zoneWidth(z) === 6 && zonePrefixed(z) === zonePrefixed(chosen));
  const alternatives = [other, six, utm].filter((z): z is number => z !== undefined).map(option);
  const zh = crsDisplayName(chosen, 'zh');
  return {
    ...option(chosen),
    reason: prefixed
      ? {
          zh: `研究区中心（${where}）所在的 2000国家大地坐标系 3度带；图层坐标带号写在横坐标里（${nameOf(dataEpsg!)}），故选带号坐标：${zh}`,
          en: `the CGCS2000 3° Gauss-Krüger zone of the study area's centre (${where}), with the zone number in the easting like the data (${nameOf(dataEpsg!)})`,
        }
      : {
          zh: `研究区中心（${where}）所在的 2000国家大地坐标系 3度带：${zh}`,
          en: `the CGCS2000 3° Gauss-Krüger zone of the study area's centre (${where})`,
        },
    alternatives,
  };
}

/** True when `epsg` is a projected CRS in metres whose area of use holds the place (or is unknown). */
function usable(epsg: number, lon: number, lat: number): boolean {
  if (gridCrsProblem(epsg)) return false;
  const area = epsgTable().projected.get(epsg)?.area;
  return !area || boxContains(area, lon, lat);
}

/** Degrees the study area's centre may lie beyond a CRS's area of use (the same allowance QC makes for a layer). */
const AREA_MARGIN = 1.5;

/**
 * Check a CRS the user chose for the analysis grid: a projected CRS of the EPSG dataset, in
 * metres, and — when the study area's lon/lat extent is given — one whose area of use holds
 * (within 1.5°) the study area's centre. Returns its names; throws RiskAtlasError otherwise:
 * E_CRS_UNKNOWN (not in the EPSG dataset), E_CRS_GEOGRAPHIC (degrees), E_CRS_NOT_METRES (feet…),
 * E_CRS_AREA (far from the study area) — each with the suggestion for the place when the extent is known.
 */
export function checkAnalysisCrs(epsg: number, lonLatExtent?: Extent): { epsg: number; name: string; nameZh?: string } {
  const suggestion = lonLatExtent ? suggestAnalysisCrs(lonLatExtent) : undefined;
  const params = (extra: Record<string, string | number> = {}): Record<string, string | number> => ({
    epsg,
    name: nameOf(epsg),
    ...(suggestion ? { suggestion: suggestion.epsg, suggestionName: suggestion.name } : {}),
    ...extra,
  });
  if (!isKnownEpsg(epsg)) throw new RiskAtlasError('E_CRS_UNKNOWN', `EPSG:${epsg} is not a geographic or projected CRS of the EPSG dataset RiskAtlas can compute`, { params: { epsg } });
  const problem = gridCrsProblem(epsg);
  if (problem && isGeographic(epsg)) throw new RiskAtlasError('E_CRS_GEOGRAPHIC', problem, { params: params() });
  if (problem) throw new RiskAtlasError('E_CRS_NOT_METRES', problem, { params: params({ unit: linearUnitMetres(epsg)! }) });
  const area = epsgTable().projected.get(epsg)!.area;
  if (lonLatExtent && area && suggestion && suggestion.epsg !== epsg) {
    const [lon, lat] = boxCentre(lonLatExtent);
    const grown: LonLatBox = [area[0] - AREA_MARGIN, area[1] - AREA_MARGIN, area[2] + AREA_MARGIN, area[3] + AREA_MARGIN];
    if (!boxContains(grown, lon, lat)) {
      throw new RiskAtlasError('E_CRS_AREA', `the study area's centre (${lon.toFixed(2)}, ${lat.toFixed(2)}) lies outside the area of use of EPSG:${epsg} (${area.join(', ')})`, { params: params() });
    }
  }
  const zh = crsDisplayName(epsg, 'zh');
  return { epsg, name: nameOf(epsg), ...(zh !== nameOf(epsg) ? { nameZh: zh } : {}) };
}

/** The Chinese names of the geodetic datums whose Gauss-Krüger zones EPSG lists, by the words EPSG names them with. */
const DATUM_ZH: Record<string, string> = {
  CGCS2000: '2000国家大地坐标系',
  'Xian 1980': '1980西安坐标系',
  'Beijing 1954': '1954北京坐标系',
  'New Beijing': '新1954北京坐标系',
};

/** Chinese names of geographic CRSs. */
const GEOGRAPHIC_ZH: Record<number, string> = { 4490: '2000国家大地坐标系（CGCS2000）', 4610: '1980西安坐标系', 4214: '1954北京坐标系', 4555: '新1954北京坐标系', 4326: 'WGS 84 地理坐标系' };

/**
 * The real name of a CRS for the sheets (坐标系 note) and the package: English — the EPSG name
 * ("WGS 84 / UTM zone 32N", "CGCS2000 / 3-degree Gauss-Kruger zone 39"); Chinese — for the
 * Chinese Gauss-Krüger zones the census name ("2000国家大地坐标系 3度带 高斯-克吕格投影 39带",
 * "… 3度带 高斯-克吕格投影 中央经线111°E", likewise 1980西安 / 1954北京 and the 6° zones), for
 * UTM "WGS 84 / UTM 投影 32N 带", else the EPSG name. Unknown codes read "EPSG:<code>".
 */
export function crsDisplayName(epsg: number, lang: 'zh' | 'en'): string {
  const name = nameOf(epsg);
  if (lang === 'en') return name;
  if (GEOGRAPHIC_ZH[epsg]) return GEOGRAPHIC_ZH[epsg];
  const gk = /^(CGCS2000|Xian 1980|Beijing 1954|New Beijing) \/ (3-degree )?Gauss-Kruger (?:zone (\d+)|CM (\d+)E|(\d+)N)$/.exec(name);
  if (gk) {
    const [, datum, three, zone, cm, zoneNoPrefix] = gk;
    const width = three ? 3 : 6;
    const where = zone ? `${zone}带` : `中央经线${cm ?? Number(zoneNoPrefix) * 6 - 3}°E`;
    return `${DATUM_ZH[datum!]} ${width}度带 高斯-克吕格投影 ${where}`;
  }
  const utm = /^WGS 84 \/ UTM zone (\d+[NS])$/.exec(name);
  if (utm) return `WGS 84 / UTM 投影 ${utm[1]} 带`;
  return name;
}
