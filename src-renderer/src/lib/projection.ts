/** Coordinates from a layer's own CRS into the analysis CRS of the map. */
import { transform } from 'ol/proj';

/**
 * A point of a layer's CRS (`fromEpsg`) in the analysis CRS (`toEpsg`), or null when the
 * map does not know the layer's CRS (every CRS the engine serves is registered beforehand).
 */
export function pointToProject(p: [number, number], fromEpsg: number | undefined, toEpsg: number): [number, number] | null {
  if (!fromEpsg || fromEpsg === toEpsg) return p;
  try {
    const q = transform(p, `EPSG:${fromEpsg}`, `EPSG:${toEpsg}`) as [number, number];
    return Number.isFinite(q[0]) && Number.isFinite(q[1]) ? q : null;
  } catch {
    return null;
  }
}
