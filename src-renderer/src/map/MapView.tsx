/**
 * The map: OpenLayers in the project's analysis CRS (CGCS2000 Gauss-Krüger, registered
 * through proj4), the project's layers, a scale bar, and the pointer position reported to
 * the status bar in the analysis CRS and in longitude/latitude.
 */
import { useEffect, useRef } from 'react';
import Map from 'ol/Map';
import View from 'ol/View';
import ScaleLine from 'ol/control/ScaleLine';
import Zoom from 'ol/control/Zoom';
import { defaults as defaultInteractions } from 'ol/interaction/defaults';
import { register } from 'ol/proj/proj4';
import { transform } from 'ol/proj';
import proj4 from 'proj4';
import type BaseLayer from 'ol/layer/Base';
import 'ol/ol.css';
import type { LayerEntry, ProjectView } from '../../../src-main/api/contract';
import { createLayer } from './layers';

/** CRSs the engine may serve rasters in, besides the project's own. */
const EXTRA_DEFS: Record<string, string> = {
  'EPSG:4490': '+proj=longlat +ellps=GRS80 +no_defs',
};

/** Draw order: rasters under vectors, results over inputs, admin boundaries on top. */
function zIndexOf(e: LayerEntry): number {
  if (e.meta.kind === 'raster') return e.category === 'result' ? 20 : e.category === 'basemap' ? 0 : 10;
  if (e.category === 'admin') return 60;
  return e.meta.geometryType.includes('Polygon') ? 30 : e.meta.geometryType.includes('Line') ? 40 : 50;
}

export interface MapViewProps {
  project: ProjectView;
  layers: LayerEntry[];
  visible: Record<string, boolean>;
  dataUrl(id: string): string;
  onPointer(text: string): void;
}

export function MapView({ project, layers, visible, dataUrl, onPointer }: MapViewProps) {
  const target = useRef<HTMLDivElement>(null);
  const mapRef = useRef<Map | null>(null);
  const olLayers = useRef(new globalThis.Map<string, BaseLayer>());
  const projection = `EPSG:${project.epsg}`;

  useEffect(() => {
    proj4.defs(projection, project.proj4);
    for (const [k, v] of Object.entries(EXTRA_DEFS)) proj4.defs(k, v);
    register(proj4);
    const map = new Map({
      target: target.current!,
      controls: [new Zoom(), new ScaleLine({ units: 'metric', bar: true, steps: 4, text: true, minWidth: 120 })],
      interactions: defaultInteractions(),
      view: new View({ projection, constrainResolution: false }),
    });
    map.getView().fit(project.extent, { padding: [30, 30, 30, 30] });
    map.on('pointermove', (e) => {
      const [x, y] = e.coordinate as [number, number];
      const [lon, lat] = transform([x, y], projection, 'EPSG:4490');
      onPointer(`${projection}  X ${x.toFixed(1)}  Y ${y.toFixed(1)}   ·   ${lon!.toFixed(5)}°E  ${lat!.toFixed(5)}°N`);
    });
    mapRef.current = map;
    const layersNow = olLayers.current;
    return () => {
      map.setTarget(undefined);
      mapRef.current = null;
      layersNow.clear();
    };
  }, [project.name, projection, project.proj4, project.extent, onPointer]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const wanted = new Set(layers.map((l) => l.id));
    for (const [id, layer] of olLayers.current) {
      if (!wanted.has(id)) {
        map.removeLayer(layer);
        olLayers.current.delete(id);
      }
    }
    for (const entry of layers) {
      let layer = olLayers.current.get(entry.id);
      if (!layer) {
        layer = createLayer(entry, dataUrl(entry.id), projection);
        layer.setZIndex(zIndexOf(entry));
        map.addLayer(layer);
        olLayers.current.set(entry.id, layer);
      }
      layer.setVisible(visible[entry.id] ?? entry.visible);
    }
  }, [layers, visible, dataUrl, projection]);

  return <div className="map" ref={target} data-testid="map" />;
}
