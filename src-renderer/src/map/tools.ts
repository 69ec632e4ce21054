/**
 * Map tools: measure distance and area (geodesic, on the GRS80/WGS84 sphere approximation of `ol/sphere`,
 * from the analysis CRS), and swipe (show one layer only left of a divider).
 */
import type Map from 'ol/Map';
import type BaseLayer from 'ol/layer/Base';
import WebGLTileLayer from 'ol/layer/WebGLTile';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Draw from 'ol/interaction/Draw';
import { Fill, Stroke, Style, Circle } from 'ol/style';
import { getArea, getLength } from 'ol/sphere';
import type { LineString, Polygon } from 'ol/geom';
import type { EventsKey } from 'ol/events';
import { unByKey } from 'ol/Observable';
import type RenderEvent from 'ol/render/Event';

export type MeasureKind = 'distance' | 'area';

const MEASURE_STYLE = new Style({
  fill: new Fill({ color: 'rgba(31,95,168,0.15)' }),
  stroke: new Stroke({ color: '#1f5fa8', width: 2, lineDash: [6, 4] }),
  image: new Circle({ radius: 4, fill: new Fill({ color: '#1f5fa8' }) }),
});

/**
 * Start measuring: the user draws a line or polygon; `onMeasure` gets the geodesic length
 * (m) or area (m²) while drawing and when finished. Returns the function that ends the tool.
 */
export function startMeasure(map: Map, kind: MeasureKind, onMeasure: (value: number, done: boolean) => void): () => void {
  const source = new VectorSource();
  const layer = new VectorLayer({ source, style: MEASURE_STYLE, zIndex: 1000, properties: { tool: true } });
  map.addLayer(layer);
  const projection = map.getView().getProjection();
  const measure = (g: LineString | Polygon): number => (kind === 'distance' ? getLength(g, { projection }) : getArea(g, { projection }));
  const draw = new Draw({ source, type: kind === 'distance' ? 'LineString' : 'Polygon', style: MEASURE_STYLE });
  let changeKey: EventsKey | null = null;
  draw.on('drawstart', (e) => {
    source.clear();
    const geom = e.feature.getGeometry() as LineString | Polygon;
    changeKey = geom.on('change', () => onMeasure(measure(geom), false));
  });
  draw.on('drawend', (e) => {
    if (changeKey) unByKey(changeKey);
    onMeasure(measure(e.feature.getGeometry() as LineString | Polygon), true);
  });
  map.addInteraction(draw);
  return () => {
    map.removeInteraction(draw);
    map.removeLayer(layer);
    if (changeKey) unByKey(changeKey);
  };
}

/**
 * Swipe: draw `layer` only left of `position()` (0–1 of the map width), so the layers under
 * it show on the right. WebGL layers are clipped with the scissor test, canvas layers with
 * a clip path. Returns the function that removes the clipping.
 */
export function attachSwipe(map: Map, layer: BaseLayer, position: () => number): () => void {
  const keys: EventsKey[] = [];
  const l = layer as WebGLTileLayer | VectorLayer;
  if (layer instanceof WebGLTileLayer) {
    keys.push(
      l.on('prerender', (e: RenderEvent) => {
        const gl = e.context as WebGLRenderingContext;
        gl.enable(gl.SCISSOR_TEST);
        const width = Math.round(gl.canvas.width * position());
        gl.scissor(0, 0, width, gl.canvas.height);
      }),
      l.on('postrender', (e: RenderEvent) => {
        const gl = e.context as WebGLRenderingContext;
        gl.disable(gl.SCISSOR_TEST);
      }),
    );
  } else {
    keys.push(
      l.on('prerender', (e: RenderEvent) => {
        const ctx = e.context as CanvasRenderingContext2D;
        ctx.save();
        ctx.beginPath();
        ctx.rect(0, 0, ctx.canvas.width * position(), ctx.canvas.height);
        ctx.clip();
      }),
      l.on('postrender', (e: RenderEvent) => (e.context as CanvasRenderingContext2D).restore()),
    );
  }
  map.render();
  return () => {
    unByKey(keys);
    map.render();
  };
}
