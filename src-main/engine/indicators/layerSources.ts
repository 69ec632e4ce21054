/**
 * The input layers of a run, opened once and shared by every tile a thread computes: a
 * GeoTIFF's directory is parsed and checked once (not once per tile and pass), and a vector
 * layer is read and reprojected into the grid CRS once. Without it a 8000² run opened each
 * of its rasters some 500 times.
 */
import type { RasterSource, VectorLayer } from '../../../src-shared/layer';
import { openGeoTiff } from '../io/geotiff';
import type { LayerRef } from '../model/document';
import { layerPolygonAreas, readVectorInGrid } from './rawIndicator';

/** Open-once access to a run's layers. `close` releases every open raster. */
export class LayerSources {
  private readonly rasters = new Map<string, Promise<RasterSource>>();
  private readonly vectors = new Map<string, Promise<VectorLayer>>();
  private readonly areas = new Map<string, Promise<Float64Array>>();

  /** The raster at `path` (in EPSG:`crs` when the model states it), opened on first use. A failed open is not cached, so its error shows again. */
  raster(path: string, crs?: number): Promise<RasterSource> {
    const key = `${crs ?? ''}\u0000${path}`;
    let p = this.rasters.get(key);
    if (!p) {
      p = openGeoTiff(path, { crs });
      this.rasters.set(key, p);
      p.catch(() => this.rasters.delete(key));
    }
    return p;
  }

  /** The vector layer at `path` in EPSG:`epsg` (see {@link readVectorInGrid}), read on first use. */
  vector(path: string, ref: LayerRef, epsg: number): Promise<VectorLayer> {
    const key = `${epsg}\u0000${ref.crs ?? ''}\u0000${ref.encoding ?? ''}\u0000${path}`;
    let p = this.vectors.get(key);
    if (!p) {
      p = readVectorInGrid(path, ref, epsg);
      this.vectors.set(key, p);
      p.catch(() => this.vectors.delete(key));
    }
    return p;
  }

  /** The ellipsoidal area (km²) of each feature of the polygon layer at `path` (see {@link layerPolygonAreas}), measured on first use. */
  polygonAreas(path: string, ref: LayerRef): Promise<Float64Array> {
    const key = `${ref.crs ?? ''}\u0000${ref.encoding ?? ''}\u0000${path}`;
    let p = this.areas.get(key);
    if (!p) {
      p = layerPolygonAreas(path, ref);
      this.areas.set(key, p);
      p.catch(() => this.areas.delete(key));
    }
    return p;
  }

  /** Close every raster opened here (safe to call twice). */
  async close(): Promise<void> {
    const open = [...this.rasters.values()];
    this.rasters.clear();
    this.vectors.clear();
    this.areas.clear();
    await Promise.all(open.map((p) => p.then((s) => s.close()).catch(() => undefined)));
  }
}
