/**
 * The coordinate systems the map works in, as the engine defines them: the project's
 * analysis CRS and the CRS of every layer (each layer's metadata carries the proj4 text
 * the engine computes with, `meta.crs.proj4`), registered with proj4 and OpenLayers before
 * anything is drawn, transformed or zoomed to. Nothing is looked up online and nothing is
 * guessed: a CRS the engine did not define is unknown here, and a transform into or out of
 * it gives null — never an identity transform that would put Gauss-Krüger metres with a
 * zone prefix (X ≈ 39,500,000) on another zone's grid, or degrees on a metre grid.
 */
import proj4 from 'proj4';
import { register } from 'ol/proj/proj4';
import { get as getProjection, transform, transformExtent } from 'ol/proj';
import type { LayerEntry } from '../../../src-main/api/contract';
import type { Extent } from '../../../src-shared/layer';

/** A CRS to register: its EPSG code and the engine's proj4 text. */
export interface CrsDef {
  epsg: number;
  proj4: string;
}

/** The geographic CRS the status bar gives longitude and latitude in (CGCS2000), with the engine's definition. */
export const LONLAT_EPSG = 4490;
const LONLAT_DEF = '+proj=longlat +ellps=GRS80 +no_defs';

/** OpenLayers' name of an EPSG code. */
export const olCode = (epsg: number): string => `EPSG:${epsg}`;

/** The CRS definitions of layers (those whose CRS has an EPSG code). */
export function layerCrsDefs(layers: readonly LayerEntry[]): CrsDef[] {
  const out: CrsDef[] = [];
  for (const l of layers) {
    const crs = l.meta.crs;
    if (crs?.epsg && crs.proj4) out.push({ epsg: crs.epsg, proj4: crs.proj4 });
  }
  return out;
}

/**
 * Register definitions with proj4 and OpenLayers (CGCS2000 lon/lat always). A code already
 * registered with another text takes the new one: the engine's text is the authority.
 * Returns true when anything changed.
 */
export function registerCrs(defs: readonly CrsDef[]): boolean {
  let changed = false;
  for (const { epsg, proj4: text } of [{ epsg: LONLAT_EPSG, proj4: LONLAT_DEF }, ...defs]) {
    const code = olCode(epsg);
    if (!text || (proj4.defs(code) && registered.get(code) === text)) continue;
    proj4.defs(code, text);
    registered.set(code, text);
    changed = true;
  }
  if (changed) register(proj4);
  return changed;
}
const registered = new Map<string, string>();

/** True when the map can transform from and to this code: registered here, or built into OpenLayers and proj4 (4326, 3857). */
export function knownCrs(epsg: number): boolean {
  return registered.has(olCode(epsg)) || getProjection(olCode(epsg)) !== null;
}

const finite = (xs: readonly number[]): boolean => xs.every((v) => Number.isFinite(v));

/**
 * An extent of CRS `from` in CRS `to` (both EPSG codes), its edges densified so a curved
 * edge's bulge is inside; null when either CRS is unknown to the map or the result is not finite.
 */
export function extentToCrs(ext: Extent, from: number, to: number): Extent | null {
  if (from === to) return finite(ext) ? ext : null;
  if (!knownCrs(from) || !knownCrs(to)) return null;
  try {
    const out = transformExtent(ext, olCode(from), olCode(to), 8) as Extent;
    return finite(out) && out[2] >= out[0] && out[3] >= out[1] ? out : null;
  } catch {
    return null;
  }
}

/** A point of CRS `from` in CRS `to`; null when either is unknown or the result is not finite. */
export function pointToCrs(p: readonly [number, number], from: number, to: number): [number, number] | null {
  if (from === to) return finite(p) ? [p[0], p[1]] : null;
  if (!knownCrs(from) || !knownCrs(to)) return null;
  try {
    const q = transform([p[0], p[1]], olCode(from), olCode(to)) as [number, number];
    return finite(q) ? q : null;
  } catch {
    return null;
  }
}

/**
 * A layer's extent in the map's CRS `epsg` (metadata extents are in the layer's own CRS);
 * null when it has none, or its CRS is not known.
 */
export function layerExtentIn(layer: LayerEntry, epsg: number): Extent | null {
  const ext = layer.meta.extent;
  if (!ext) return null;
  const own = layer.meta.crs?.epsg ?? layer.crs;
  return own ? extentToCrs(ext, own, epsg) : null;
}

/** The union of the layers' extents in CRS `epsg` (layers with no extent or an unknown CRS left out); null for none. */
export function layersExtentIn(layers: readonly LayerEntry[], epsg: number): Extent | null {
  let out: Extent | null = null;
  for (const l of layers) {
    const e = layerExtentIn(l, epsg);
    if (!e) continue;
    out = out ? [Math.min(out[0], e[0]), Math.min(out[1], e[1]), Math.max(out[2], e[2]), Math.max(out[3], e[3])] : e;
  }
  return out;
}
