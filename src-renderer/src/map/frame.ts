/**
 * What the map shows a project in: the analysis CRS and the extent to open on. A complete
 * project gives both (the study area's extent in its analysis CRS); a draft — a new project
 * before the wizard has made its model — gives the CRS its layers are served in, and the map
 * opens on its layers, or on China before any layer is imported.
 */
import type { ProjectDraftView, ProjectView } from '../../../src-main/api/contract';
import type { Extent } from '../../../src-shared/layer';
import { LONLAT_EPSG, extentToCrs, layerCrsDefs, layersExtentIn, registerCrs } from './crs';
import type { MapFrame } from './MapView';

/** China in CGCS2000 longitude/latitude: where a new project's map opens before it has layers. */
export const CHINA_LONLAT: Extent = [73.5, 18, 135.1, 53.6];

/** The frame of a complete project. */
export function projectFrame(p: ProjectView): MapFrame {
  return { name: p.name, epsg: p.epsg, proj4: p.proj4, extent: p.extent };
}

/** The frame of a draft (registers its CRS and its layers' CRSs, which the extent needs). */
export function draftFrame(d: Pick<ProjectDraftView, 'name' | 'epsg' | 'proj4' | 'layers'>): MapFrame {
  registerCrs([{ epsg: d.epsg, proj4: d.proj4 }, ...layerCrsDefs(d.layers)]);
  const extent = layersExtentIn(d.layers, d.epsg) ?? extentToCrs(CHINA_LONLAT, LONLAT_EPSG, d.epsg) ?? CHINA_LONLAT;
  return { name: d.name, epsg: d.epsg, proj4: d.proj4, extent };
}
