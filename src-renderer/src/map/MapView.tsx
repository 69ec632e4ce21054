/**
 * The map: OpenLayers in the project's analysis CRS (any EPSG CRS: the engine gives its
 * proj4 text, and every layer's own CRS is registered the same way, see crs.ts), the
 * project's layers in their display styles, a scale bar, and the pointer position and view
 * resolution reported to the status bar. The tools (identify, measure, swipe) run on the map
 * the shell receives through `onMap`.
 */
import { useEffect, useRef } from 'react';
import Map from 'ol/Map';
import View from 'ol/View';
import ScaleLine from 'ol/control/ScaleLine';
import Zoom from 'ol/control/Zoom';
import { defaults as defaultInteractions } from 'ol/interaction/defaults';
import { getPointResolution } from 'ol/proj';
import type BaseLayer from 'ol/layer/Base';
import 'ol/ol.css';
import type { BasemapInfo, LayerEntry } from '../../../src-main/api/contract';
import type { Extent } from '../../../src-shared/layer';
import { basemapLayer } from './basemap';
import { applyStyle, createLayer } from './layers';
import type { DisplayStyle } from './displayStyle';
import { LONLAT_EPSG, layerCrsDefs, olCode, pointToCrs, registerCrs } from './crs';

/** Draw order: rasters under vectors, results over inputs, admin boundaries on top. */
function zIndexOf(e: LayerEntry): number {
  if (e.meta.kind === 'raster') return e.category === 'result' ? 20 : e.category === 'basemap' ? 0 : 10;
  if (e.category === 'admin') return 60;
  return e.meta.geometryType.includes('Polygon') ? 30 : e.meta.geometryType.includes('Line') ? 40 : 50;
}

/** Where the pointer is: analysis CRS coordinates (m) and lon/lat (CGCS2000, degrees; null where the CRS cannot give them). */
export interface PointerInfo {
  x: number;
  y: number;
  lonLat: [number, number] | null;
}

/** What the map is drawn in: the analysis CRS (EPSG code and the engine's proj4 text) and the extent shown first. */
export interface MapFrame {
  name: string;
  epsg: number;
  proj4: string;
  extent: Extent;
}

export interface MapViewProps {
  project: MapFrame;
  layers: LayerEntry[];
  visible: Record<string, boolean>;
  /** Style overrides by layer id (symbology editor, class preview); the entry's style otherwise. */
  styles: Record<string, DisplayStyle>;
  /** Layer opacity overrides (0–1) by id. */
  opacity: Record<string, number>;
  dataUrl(id: string): string;
  /** The open offline basemap, drawn under everything; null for none. */
  basemap: BasemapInfo | null;
  onPointer(p: PointerInfo | null): void;
  /** The view resolution in metres per pixel, whenever it changes. */
  onResolution(metresPerPixel: number): void;
  onMap(map: Map | null): void;
}

export function MapView({ project, layers, visible, styles, opacity, dataUrl, basemap, onPointer, onResolution, onMap }: MapViewProps) {
  const target = useRef<HTMLDivElement>(null);
  const mapRef = useRef<Map | null>(null);
  const olLayers = useRef(new globalThis.Map<string, { layer: BaseLayer; style: DisplayStyle }>());
  const projection = olCode(project.epsg);
  const cb = useRef({ onPointer, onResolution, onMap });
  cb.current = { onPointer, onResolution, onMap };

  useEffect(() => {
    registerCrs([{ epsg: project.epsg, proj4: project.proj4 }]);
    const map = new Map({
      target: target.current!,
      // A scale line, not OpenLayers' scale bar: the bar is drawn through innerHTML with style
      // attributes, which the CSP (no 'unsafe-inline' styles) blocks; the line is sized through the DOM.
      controls: [new Zoom(), new ScaleLine({ units: 'metric', minWidth: 120, dpi: 96 })],
      interactions: defaultInteractions(),
      view: new View({ projection, constrainResolution: false }),
    });
    map.getView().fit(project.extent, { padding: [30, 30, 30, 30] });
    map.on('pointermove', (e) => {
      const [x, y] = e.coordinate as [number, number];
      cb.current.onPointer({ x, y, lonLat: pointToCrs([x, y], project.epsg, LONLAT_EPSG) });
    });
    target.current!.addEventListener('mouseleave', () => cb.current.onPointer(null));
    const view = map.getView();
    // Ground metres per pixel at the view centre (Gauss-Krüger grid metres differ slightly
    // from ground metres away from the central meridian), as the scale bar measures them.
    const report = (): void => {
      const r = view.getResolution();
      const c = view.getCenter();
      cb.current.onResolution(r && c ? getPointResolution(view.getProjection(), r, c, 'm') : NaN);
    };
    view.on('change:resolution', report);
    view.on('change:center', report);
    report();
    mapRef.current = map;
    cb.current.onMap(map);
    const layersNow = olLayers.current;
    return () => {
      cb.current.onMap(null);
      map.setTarget(undefined);
      mapRef.current = null;
      layersNow.clear();
    };
  }, [project.name, project.epsg, projection, project.proj4, project.extent]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    // Rasters are drawn in their own CRS and extents are transformed from it: register each first.
    registerCrs(layerCrsDefs(layers));
    const wanted = new Set(layers.map((l) => l.id));
    for (const [id, { layer }] of olLayers.current) {
      if (!wanted.has(id)) {
        map.removeLayer(layer);
        olLayers.current.delete(id);
      }
    }
    for (const entry of layers) {
      let held = olLayers.current.get(entry.id);
      const style = styles[entry.id] ?? entry.style;
      if (!held) {
        const layer = createLayer(entry, dataUrl(entry.id), projection);
        layer.setZIndex(zIndexOf(entry));
        map.addLayer(layer);
        held = { layer, style: entry.style };
        olLayers.current.set(entry.id, held);
      }
      if (held.style !== style) {
        applyStyle(held.layer, style);
        held.style = style;
      }
      const o = opacity[entry.id];
      if (o !== undefined) held.layer.setOpacity(o);
      held.layer.setVisible(visible[entry.id] ?? entry.visible);
    }
  }, [layers, visible, styles, opacity, dataUrl, projection]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !basemap) return;
    const layer = basemapLayer(basemap, projection);
    map.addLayer(layer);
    return () => {
      map.removeLayer(layer);
    };
  }, [basemap, projection]);

  return <div className="map" ref={target} data-testid="map" />;
}
