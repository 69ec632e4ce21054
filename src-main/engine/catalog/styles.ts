/**
 * Default symbology per census category, shared by the app's map and (later) the map
 * sheets so both draw a layer the same way.
 */
import type { LayerMeta } from '../../../src-shared/layer';
import type { Category } from '../../../src-shared/categories';

/** How to draw a layer. Colours are CSS hex strings. */
export type LayerStyle =
  | { type: 'fill'; fill: string; stroke: string; width: number; labelField?: string }
  | { type: 'line'; stroke: string; width: number }
  | { type: 'point'; fill: string; stroke: string; radius: number }
  /** Continuous raster: a colour ramp between min and max. */
  | { type: 'ramp'; min: number; max: number; colors: string[] }
  /** Classified raster: one colour per integer value. */
  | { type: 'classes'; classes: { value: number; color: string }[] };

const POINT_COLOURS: Record<Category, string> = {
  hazard: '#C0392B',
  exposure: '#2E86C1',
  capacity: '#1E8449',
  hiddenDanger: '#E67E22',
  history: '#7D3C98',
  admin: '#555555',
  basemap: '#5D6D7E',
  result: '#000000',
};

const RAMPS: Partial<Record<Category, string[]>> = {
  hazard: ['#FFF5EB', '#FDAE6B', '#E6550D', '#7F2704'],
  exposure: ['#F7FBFF', '#9ECAE1', '#3182BD', '#08306B'],
  capacity: ['#F7FCF5', '#A1D99B', '#31A354', '#00441B'],
  basemap: ['#1A9850', '#D9EF8B', '#FEE08B', '#D73027', '#FFFFFF'],
  result: ['#38A800', '#FFFF00', '#E60000'],
};

const LABEL_FIELD = /^(XZQMC|NAME|MC|名称)$/i;

/**
 * A default style for a layer of a category. Rasters need their value range (`range`),
 * which the caller reads once from the data.
 */
export function defaultStyle(category: Category, meta: LayerMeta, range?: { min: number; max: number }): LayerStyle {
  if (meta.kind === 'raster') {
    return { type: 'ramp', min: range?.min ?? 0, max: range?.max ?? 1, colors: RAMPS[category] ?? RAMPS.exposure! };
  }
  const g = meta.geometryType;
  if (g === 'Polygon' || g === 'MultiPolygon') {
    const labelField = meta.fields.find((f) => LABEL_FIELD.test(f.name))?.name;
    return category === 'admin'
      ? { type: 'fill', fill: 'rgba(255,255,255,0)', stroke: '#333333', width: 1.5, ...(labelField ? { labelField } : {}) }
      : { type: 'fill', fill: POINT_COLOURS[category] + '55', stroke: POINT_COLOURS[category], width: 1 };
  }
  if (g === 'LineString' || g === 'MultiLineString') {
    return { type: 'line', stroke: category === 'basemap' ? '#3498DB' : '#7F8C8D', width: category === 'basemap' ? 2 : 1.2 };
  }
  return { type: 'point', fill: POINT_COLOURS[category], stroke: '#FFFFFF', radius: category === 'exposure' ? 2.5 : 4 };
}
