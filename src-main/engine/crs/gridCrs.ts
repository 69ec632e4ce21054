/**
 * What an analysis grid's CRS must be — any projected CRS measured in metres (cells are square
 * metres: areas, kernel radii and distances depend on it) — and, for a grid given in degrees,
 * which projected CRS suits the place.
 */
import { boxContains, boxSize, epsgTable } from './epsgTable';
import { baseGeographic, isGeographic, isKnownEpsg, linearUnitMetres } from './registry';

/** Why EPSG:`epsg` cannot be an analysis grid's CRS, or null when it can. */
export function gridCrsProblem(epsg: number): string | null {
  if (!isKnownEpsg(epsg)) return `EPSG:${epsg} is not a geographic or projected CRS of the EPSG dataset RiskAtlas can compute`;
  if (isGeographic(epsg)) return `EPSG:${epsg} (${epsgTable().geographic.get(epsg)!.name}) is geographic (degrees); the analysis grid needs a projected CRS in metres`;
  const unit = linearUnitMetres(epsg)!;
  if (unit !== 1) return `EPSG:${epsg} (${epsgTable().projected.get(epsg)!.name}) is measured in units of ${unit} m; the analysis grid needs a projected CRS in metres`;
  return null;
}

/** True when a projection's false easting carries the zone number (a "prefixed" Gauss-Krüger zone, X ≈ 39,500,000). */
export function zonePrefixed(epsg: number): boolean {
  const proj = epsgTable().projected.get(epsg)?.projection ?? '';
  return Number(/\+x_0=([-0-9.]+)/.exec(proj)?.[1] ?? 0) >= 1_000_000;
}

/**
 * The Transverse Mercator zones (a Gauss-Krüger zone for CGCS2000, a UTM zone for most other
 * datums) of the datum of `epsg` whose area of use holds the place (lon/lat in degrees), in
 * metres, not deprecated: best first — the plain zone before a variant (EPSG names variants,
 * e.g. another axis order, with a bracketed suffix), without a zone prefix in its false easting
 * before with one, the smallest area of use (a 3° zone before a 6° zone), the lowest code.
 */
export function zonesAt(epsg: number, lon: number, lat: number): number[] {
  const t = epsgTable();
  const base = baseGeographic(epsg);
  const zones = [...t.projected.values()].filter(
    (p) => p.base === base && !p.deprecated && p.unitMetres === 1 && /\+proj=(tmerc|utm)\b/.test(p.projection) && p.area && boxContains(p.area, lon, lat),
  );
  const variant = (name: string): boolean => /\)\s*$/.test(name);
  zones.sort((a, b) => Number(variant(a.name)) - Number(variant(b.name)) || Number(zonePrefixed(a.code)) - Number(zonePrefixed(b.code)) || boxSize(a.area!) - boxSize(b.area!) || a.code - b.code);
  return zones.map((z) => z.code);
}

/** The WGS 84 UTM zone of a place (lon/lat in degrees): EPSG 326xx north of the equator, 327xx south. */
export function utmZoneAt(lon: number, lat: number): number {
  const zone = Math.min(60, Math.max(1, Math.floor((lon + 180) / 6) + 1));
  return (lat < 0 ? 32700 : 32600) + zone;
}

/**
 * A projected CRS in metres for a place (lon/lat in degrees) on the datum of `epsg`: the best
 * of {@link zonesAt} — not a variant, without a zone prefix, the smallest area of use holding
 * the place; a WGS 84 UTM zone when the datum has none.
 */
export function suggestProjected(epsg: number, lon: number, lat: number): number {
  return zonesAt(epsg, lon, lat)[0] ?? utmZoneAt(lon, lat);
}
