/** Coordinates from a layer's own CRS into the analysis CRS of the map. */
import { pointToCrs } from '../map/crs';

/**
 * A point of a layer's CRS (`fromEpsg`) in the analysis CRS (`toEpsg`), or null when the
 * map does not know the layer's CRS (the map registers every layer's CRS as the engine defines it).
 */
export function pointToProject(p: [number, number], fromEpsg: number | undefined, toEpsg: number): [number, number] | null {
  return fromEpsg ? pointToCrs(p, fromEpsg, toEpsg) : p;
}
