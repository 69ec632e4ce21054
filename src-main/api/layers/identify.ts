/** What the layers of the open project have at a clicked map point: raster values per band, vector features hit. */
import type { Feature, Position } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { RasterMeta } from '../../../src-shared/layer';
import { transformer } from '../../engine/crs/registry';
import { openGeoTiff } from '../../engine/io/geotiff';
import { pointInRing, polygonRings } from '../../engine/grid/rasterizePolygons';
import type { DataSource, ProjectContext } from '../context';
import { currentView } from '../project/views';
import type { IdentifyHit } from './contract';
import { vectorOf } from './features';

/** Distance from (x, y) to segment a–b. */
function segmentDistance(x: number, y: number, a: Position, b: Position): number {
  const [ax, ay] = a as [number, number];
  const [bx, by] = b as [number, number];
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** Lines and points of a geometry, as point lists (a point is a list of one). */
function linework(g: Feature['geometry']): Position[][] {
  if (!g) return [];
  switch (g.type) {
    case 'Point':
      return [[g.coordinates]];
    case 'MultiPoint':
      return g.coordinates.map((c) => [c]);
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
      return g.coordinates;
    case 'GeometryCollection':
      return g.geometries.flatMap(linework);
    default:
      return [];
  }
}

/**
 * True when a feature is hit at (x, y): inside one of its polygons (even–odd over all
 * rings, so holes are out), or within `tolerance` of one of its points or lines.
 */
export function featureHit(f: Feature, x: number, y: number, tolerance: number): boolean {
  const rings = polygonRings(f.geometry);
  if (rings.length) {
    let inside = false;
    for (const r of rings) if (pointInRing(x, y, r)) inside = !inside;
    if (inside) return true;
  }
  for (const line of linework(f.geometry)) {
    if (line.length === 1 && Math.hypot(x - line[0]![0]!, y - line[0]![1]!) <= tolerance) return true;
    for (let i = 1; i < line.length; i++) if (segmentDistance(x, y, line[i - 1]!, line[i]!) <= tolerance) return true;
  }
  return false;
}

/** The value of each band of a raster at (x, y) given in `epsg`; null = nodata or outside. */
export async function rasterValuesAt(meta: RasterMeta, epsg: number, x: number, y: number, crsOverride?: number): Promise<(number | null)[]> {
  const rasterEpsg = crsOverride ?? meta.crs?.epsg;
  if (!rasterEpsg) throw new RiskAtlasError('E_CRS_MISSING', 'the raster has no CRS', { file: meta.path });
  const [rx, ry] = rasterEpsg === epsg ? [x, y] : transformer(epsg, rasterEpsg)(x, y);
  const [ox, sx, , oy, , sy] = meta.geoTransform;
  const col = Math.floor((rx - ox) / sx);
  const row = Math.floor((ry - oy) / sy);
  if (!(col >= 0 && row >= 0 && col < meta.width && row < meta.height)) return new Array<null>(meta.bands).fill(null);
  const src = await openGeoTiff(meta.path);
  try {
    const out: (number | null)[] = [];
    for (let b = 0; b < meta.bands; b++) {
      const v = (await src.readWindow(col, row, 1, 1, b))[0]!;
      out.push(Number.isNaN(v) || v === meta.nodata ? null : v);
    }
    return out;
  } finally {
    await src.close();
  }
}

/** What every layer in `sources` has at (x, y) in `epsg`; a layer that cannot be read is skipped (QC reports it). */
export async function identifyAt(sources: DataSource[], epsg: number, x: number, y: number, tolerance: number): Promise<IdentifyHit[]> {
  const hits: IdentifyHit[] = [];
  for (const src of sources) {
    const { entry } = src;
    try {
      if (entry.meta.kind === 'raster') {
        const values = await rasterValuesAt({ ...entry.meta, path: src.path }, epsg, x, y, src.layerRef?.crs);
        if (values.some((v) => v !== null)) hits.push({ layerId: entry.id, name: entry.name, kind: 'raster', values });
      } else {
        const layer = await vectorOf(src, epsg);
        const features = layer.features.features.flatMap((f, fid) => (featureHit(f, x, y, tolerance) ? [{ fid, properties: (f.properties ?? {}) as Record<string, unknown> }] : []));
        if (features.length) hits.push({ layerId: entry.id, name: entry.name, kind: 'vector', features });
      }
    } catch (err) {
      if (!(err instanceof RiskAtlasError)) throw err;
    }
  }
  return hits;
}

/**
 * What the open project's layers — `layers`, or every catalogued layer and the last run's
 * result layers — have at (x, y) in the analysis CRS; E_ARG_INVALID for an unknown id.
 */
export async function identify(ctx: ProjectContext, x: number, y: number, tolerance: number, layers?: string[]): Promise<IdentifyHit[]> {
  const epsg = ctx.analysisEpsg();
  const ids = layers ?? ctx.open().entries.map((e) => e.id).concat(currentView(ctx)?.lastRun?.layers.map((l) => l.id) ?? []);
  const sources = ids.map((id) => {
    const src = ctx.dataSource(id);
    if (!src) throw new RiskAtlasError('E_ARG_INVALID', `no layer "${id}" in the project`);
    return src;
  });
  return identifyAt(sources, epsg, x, y, tolerance);
}
