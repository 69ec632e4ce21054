/**
 * A layer of a project's catalogue as the engine sees it (the API's `LayerEntry` has more, for
 * the map), what the catalogue finds out about a layer beyond its metadata — whether a raster
 * holds class codes, which field names its features — and the model's `layers` entry for it.
 */
import type { Feature } from 'geojson';
import type { Category } from '../../../src-shared/categories';
import type { LayerMeta, RasterMeta, VectorLayer } from '../../../src-shared/layer';
import type { LayerRef } from '../model/document';
import { NAME_FIELD } from '../model/labels';
import { openGeoTiff } from '../io/geotiff';
import { readVector } from '../io/openLayer';

/** A catalogued layer: its id, the technician's fields, its file in the data folder and what reading it gave. */
export interface CatalogueLayer {
  id: string;
  name: string;
  category: Category;
  hazard?: string;
  units?: string;
  /** The file inside the project's data folder, as the model's `layers.<id>.path` names it. */
  file: string;
  meta: LayerMeta;
  /** EPSG and text encoding the user stated for the file. */
  crs?: number;
  encoding?: string;
  /** A raster of class codes (see {@link looksCategorical}); never interpolated. */
  categorical?: boolean;
  /** The field that names features on the sheets (see {@link suggestLabelField}). */
  labelField?: string;
}

/** The model's `layers` entry for a catalogued layer. */
export function layerRefOf(l: CatalogueLayer): LayerRef {
  const ref: LayerRef = { path: l.file, name: l.name, category: l.category as LayerRef['category'] };
  if (l.hazard) ref.hazard = l.hazard;
  if (l.units) ref.units = l.units;
  if (l.categorical !== undefined) ref.categorical = l.categorical;
  if (l.labelField) ref.labelField = l.labelField;
  if (l.crs !== undefined) ref.crs = l.crs;
  if (l.encoding) ref.encoding = l.encoding;
  return ref;
}

/** At most this many distinct values make an integer raster a raster of classes. */
export const MAX_CLASSES = 64;

/**
 * True when a raster holds class codes rather than measurements: integer samples (Byte,
 * Int16…) with at most {@link MAX_CLASSES} distinct valid values among `values` (the raster's
 * samples, or a sample of them; nodata left out). Land use, susceptibility classes and
 * lithology codes are; elevation, depths and PGA in float are not. A hint the technician may overrule.
 */
export function looksCategorical(meta: Pick<RasterMeta, 'dtype' | 'nodata'>, values: ArrayLike<number>): boolean {
  if (meta.dtype === 'float32' || meta.dtype === 'float64') return false;
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v || v === meta.nodata) continue;
    seen.add(v);
    if (seen.size > MAX_CLASSES) return false;
  }
  return seen.size > 0;
}

/** Values that look like names: not numbers, not codes, not empty; Chinese or a word of letters. */
const NAME_LIKE = /^(?!\d+$)(?=.*[\p{L}])[\p{L}\p{N}\s·()（）\-_.,'’]{1,60}$/u;

/**
 * The field whose values look like names, for labels on the sheets: a text field whose filled
 * values are mostly (≥ 90 %) name-like — letters or Chinese, not numbers or codes — and mostly
 * distinct (≥ 80 %). A field named like an admin name (XZQMC, NAME, MC, 名称…) wins among
 * those; else the one with the most distinct values. Undefined when no field qualifies.
 */
export function suggestLabelField(layer: VectorLayer): string | undefined {
  const features: Feature[] = layer.features.features;
  let best: { name: string; score: number } | undefined;
  for (const f of layer.meta.fields) {
    if (f.type !== 'string') continue;
    const values = features.map((x) => x.properties?.[f.name]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (!values.length) continue;
    const named = values.filter((v) => NAME_LIKE.test(v.trim())).length / values.length;
    const distinct = new Set(values).size;
    if (named < 0.9 || distinct / values.length < 0.8) continue;
    const score = (NAME_FIELD.test(f.name) ? 1e9 : 0) + distinct;
    if (!best || score > best.score) best = { name: f.name, score };
  }
  return best?.name;
}

/** Pixels read to judge a raster: the whole band up to this many, else a window of this size at its centre. */
const SAMPLE_PIXELS = 2048 * 2048;

/**
 * What the catalogue finds out by reading a layer (`meta` is what reading its header gave):
 * for a raster whether it holds classes ({@link looksCategorical}, from its samples or a
 * central window of them), for a vector the field to label its features by
 * ({@link suggestLabelField}). The technician may change both.
 * @param opts the CRS and encoding the user stated for the file.
 */
export async function catalogueFacts(path: string, meta: LayerMeta, opts: { crs?: number; encoding?: string } = {}): Promise<Pick<CatalogueLayer, 'categorical' | 'labelField'>> {
  if (meta.kind === 'vector') {
    const labelField = suggestLabelField(await readVector(path, opts));
    return labelField ? { labelField } : {};
  }
  const src = await openGeoTiff(path, { crs: opts.crs });
  try {
    const side = Math.floor(Math.sqrt(SAMPLE_PIXELS));
    const w = meta.width * meta.height <= SAMPLE_PIXELS ? meta.width : Math.min(meta.width, side);
    const h = meta.width * meta.height <= SAMPLE_PIXELS ? meta.height : Math.min(meta.height, side);
    const values = await src.readWindow(Math.floor((meta.width - w) / 2), Math.floor((meta.height - h) / 2), w, h);
    return { categorical: looksCategorical(meta, values) };
  } finally {
    await src.close();
  }
}
