/**
 * OpenLayers layers from the API's layer entries. Rasters are drawn from their GeoTIFF by
 * URL with WebGL (only the tiles in view are fetched, by HTTP range); vectors from GeoJSON
 * already in the analysis CRS. Nothing is fetched from the network.
 */
import GeoTIFF from 'ol/source/GeoTIFF';
import WebGLTileLayer from 'ol/layer/WebGLTile';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import GeoJSON from 'ol/format/GeoJSON';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import type BaseLayer from 'ol/layer/Base';
import type { LayerEntry } from '../../../src-main/api/contract';
import { rasterColor, type DisplayStyle } from './displayStyle';

/** An OpenLayers style function for a vector display style. */
export function vectorStyle(style: DisplayStyle): (f: FeatureLike) => Style {
  if (style.type === 'fill') {
    const base = new Style({ fill: new Fill({ color: style.fill }), stroke: new Stroke({ color: style.stroke, width: style.width }) });
    if (!style.labelField) return () => base;
    const field = style.labelField;
    return (f) =>
      new Style({
        fill: base.getFill()!,
        stroke: base.getStroke()!,
        text: new Text({
          text: String(f.get(field) ?? ''),
          font: '13px "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif',
          fill: new Fill({ color: '#222' }),
          stroke: new Stroke({ color: '#fff', width: 3 }),
          overflow: true,
        }),
      });
  }
  if (style.type === 'line') {
    const s = new Style({ stroke: new Stroke({ color: style.stroke, width: style.width }) });
    return () => s;
  }
  if (style.type === 'point') {
    const s = new Style({ image: new Circle({ radius: style.radius, fill: new Fill({ color: style.fill }), stroke: new Stroke({ color: style.stroke, width: 1 }) }) });
    return () => s;
  }
  const none = new Style();
  return () => none;
}

/**
 * An OpenLayers layer for an entry. `projection` is the analysis CRS ("EPSG:4546"), in
 * which the server delivers vector data.
 */
export function createLayer(entry: LayerEntry, url: string, projection: string): BaseLayer {
  if (entry.meta.kind === 'raster') {
    const nodata = entry.meta.nodata;
    const source = new GeoTIFF({
      sources: [{ url, ...(nodata === null || Number.isNaN(nodata) ? {} : { nodata }) }],
      normalize: false,
      interpolate: entry.style.type !== 'classes',
      // Every CRS the engine serves is registered with proj4 beforehand; never look one up online.
      projection: entry.meta.crs?.epsg ? `EPSG:${entry.meta.crs.epsg}` : projection,
    });
    return new WebGLTileLayer({
      source,
      visible: entry.visible,
      opacity: entry.category === 'result' ? 0.85 : 0.75,
      style: { color: rasterColor(entry.style, 2) as never },
      properties: { id: entry.id },
    });
  }
  return new VectorLayer({
    source: new VectorSource({ url, format: new GeoJSON({ dataProjection: projection, featureProjection: projection }) }),
    style: vectorStyle(entry.style),
    visible: entry.visible,
    declutter: entry.style.type === 'fill' && Boolean((entry.style as { labelField?: string }).labelField),
    properties: { id: entry.id },
  });
}

/** Redraw a layer made by {@link createLayer} with another display style. */
export function applyStyle(layer: BaseLayer, style: DisplayStyle): void {
  if (layer instanceof WebGLTileLayer) layer.setStyle({ color: rasterColor(style, 2) as never });
  else if (layer instanceof VectorLayer) layer.setStyle(vectorStyle(style));
}
