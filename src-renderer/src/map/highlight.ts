/**
 * Pointing at one feature on the map (a QC finding): the feature of the layer nearest to the
 * finding's location drawn over everything in a thick red outline, and a ring at the location
 * itself. The map element carries `data-highlight` while it is shown.
 */
import type Map from 'ol/Map';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import { Circle, Fill, Stroke, Style } from 'ol/style';

const OUTLINE = [
  new Style({ stroke: new Stroke({ color: '#FFFFFF', width: 7 }), image: new Circle({ radius: 9, stroke: new Stroke({ color: '#FFFFFF', width: 6 }) }) }),
  new Style({ stroke: new Stroke({ color: '#E00000', width: 3.5 }), fill: new Fill({ color: 'rgba(224,0,0,0.12)' }), image: new Circle({ radius: 9, stroke: new Stroke({ color: '#E00000', width: 3 }) }) }),
];

/** The feature of the vector layer `layerId` on `map` nearest to `at` (analysis CRS), if the layer is a loaded vector layer. */
function nearestFeature(map: Map, layerId: string, at: [number, number]): Feature | null {
  const layer = map.getAllLayers().find((l) => l.get('id') === layerId);
  const source = layer instanceof VectorLayer ? (layer.getSource() as VectorSource | null) : null;
  if (!source) return null;
  const hit = source.getFeaturesAtCoordinate(at)[0] ?? source.getClosestFeatureToCoordinate(at);
  return (hit as Feature | null) ?? null;
}

/**
 * Highlight the finding of layer `layerId` at `at`; `tag` goes into the map element's
 * `data-highlight`. Returns the function that removes the highlight.
 */
export function highlightFeature(map: Map, layerId: string, at: [number, number], tag: string): () => void {
  const source = new VectorSource();
  const layer = new VectorLayer({ source, style: OUTLINE, zIndex: 950, properties: { tool: true } });
  source.addFeature(new Feature({ geometry: new Point(at) }));
  const place = (): void => {
    const f = nearestFeature(map, layerId, at);
    const g = f?.getGeometry();
    if (g) source.addFeature(new Feature({ geometry: g.clone() }));
  };
  // A layer just made visible may still be loading its features: look again once it has.
  const target = map.getAllLayers().find((l) => l.get('id') === layerId);
  const vs = target instanceof VectorLayer ? (target.getSource() as VectorSource | null) : null;
  const key = vs?.once('featuresloadend', place);
  place();
  map.addLayer(layer);
  const el = map.getTargetElement();
  if (el) el.dataset.highlight = tag;
  return () => {
    if (key) vs?.un('featuresloadend', place);
    map.removeLayer(layer);
    if (el?.dataset.highlight === tag) delete el.dataset.highlight;
  };
}
