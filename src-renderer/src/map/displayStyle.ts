/**
 * How the map draws a layer: the API's {@link LayerStyle}, or, while the Classes panel is
 * open, a continuous raster drawn in classes by breaks (the live preview of a
 * classification before it is written to the model).
 */
import type { LayerStyle } from '../../../src-main/api/contract';

export type DisplayStyle =
  | LayerStyle
  /** Continuous raster coloured by class: `breaks` = [min, b1, …, max] ascending, `colors` per class, lowest class first. */
  | { type: 'breaks'; breaks: number[]; colors: string[] };

export type Rgba = [number, number, number, number];

/** '#rrggbb', '#rrggbbaa' or 'rgb(a)(…)' → [r, g, b, a] with a in 0–1. */
export function rgba(css: string): Rgba {
  const m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(css);
  if (m) {
    const n = parseInt(m[1]!, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255, m[2] ? parseInt(m[2], 16) / 255 : 1];
  }
  const r = /rgba?\(([^)]+)\)/.exec(css);
  if (r) {
    const [a, b, c, d] = r[1]!.split(',').map(Number);
    return [a!, b!, c!, d ?? 1];
  }
  return [0, 0, 0, 1];
}

/**
 * The OpenLayers WebGL colour expression for a raster style. `alphaBand` is the nodata
 * mask band OpenLayers appends after the data bands (band 2 for one-band rasters).
 */
export function rasterColor(style: DisplayStyle, alphaBand: number): unknown {
  const transparent: Rgba = [0, 0, 0, 0];
  if (style.type === 'classes') {
    return ['match', ['band', 1], ...style.classes.flatMap((c) => [c.value, rgba(c.color)]), transparent];
  }
  if (style.type === 'ramp') {
    const stops = style.colors.flatMap((c, i) => [style.min + ((style.max - style.min) * i) / Math.max(1, style.colors.length - 1), rgba(c)]);
    return ['case', ['==', ['band', alphaBand], 0], transparent, ['interpolate', ['linear'], ['band', 1], ...stops]];
  }
  if (style.type === 'breaks') {
    // Classes (b(i), b(i+1)]: test the inner breaks in ascending order, the top class is the fallback.
    const inner = style.breaks.slice(1, -1);
    const cases = inner.flatMap((b, i) => [['<=', ['band', 1], b], rgba(style.colors[i]!)]);
    return ['case', ['==', ['band', alphaBand], 0], transparent, ...cases, rgba(style.colors[style.colors.length - 1]!)];
  }
  return transparent;
}
