/** A vector layer's attribute table, a page at a time, filtered and sorted; its features read in the analysis CRS. */
import { RiskAtlasError } from '../../../src-shared/errors';
import type { VectorLayer } from '../../../src-shared/layer';
import { featureExtent } from '../../engine/io/vectorMeta';
import { readVectorInGrid } from '../../engine/indicators/rawIndicator';
import type { DataSource, ProjectContext } from '../context';
import type { FeaturePage } from './contract';

/** Vector layers already read in the analysis CRS, per data source (a new source object after any catalogue change). */
const vectorCache = new WeakMap<DataSource, { epsg: number; layer: VectorLayer }>();

/** A vector data source's features in `epsg` (cached per source). */
export async function vectorOf(src: DataSource, epsg: number): Promise<VectorLayer> {
  const hit = vectorCache.get(src);
  if (hit?.epsg === epsg) return hit.layer;
  const ref = src.layerRef ?? { path: src.path, name: src.entry.name, category: 'basemap' as const };
  const layer = await readVectorInGrid(src.path, ref, epsg);
  vectorCache.set(src, { epsg, layer });
  return layer;
}

/**
 * One page of a vector layer's attribute table: filtered (case-insensitive substring on a
 * field, or on any field), sorted (numbers numerically, text by Chinese collation, empty
 * last), with each row's extent in `epsg` to zoom to. `fid` is the feature's number in the file.
 */
export function featurePage(
  layer: VectorLayer,
  opts: { offset: number; limit: number; sort?: { field: string; desc: boolean }; filter?: { field?: string; text: string } },
): FeaturePage {
  const fields = layer.meta.fields.map((f) => ({ name: f.name, type: f.type }));
  const names = new Set(fields.map((f) => f.name));
  for (const f of [opts.sort?.field, opts.filter?.field]) if (f !== undefined && !names.has(f)) throw new RiskAtlasError('E_ARG_INVALID', `the layer has no field "${f}"`);
  let rows = layer.features.features.map((f, fid) => ({ fid, f, properties: (f.properties ?? {}) as Record<string, unknown> }));
  if (opts.filter) {
    const needle = opts.filter.text.toLowerCase();
    const field = opts.filter.field;
    const has = (v: unknown): boolean => v !== null && v !== undefined && String(v).toLowerCase().includes(needle);
    rows = rows.filter((r) => (field ? has(r.properties[field]) : Object.values(r.properties).some(has)));
  }
  if (opts.sort) {
    const { field, desc } = opts.sort;
    const collator = new Intl.Collator('zh-CN', { numeric: true });
    const empty = (v: unknown): boolean => v === null || v === undefined || v === '';
    rows.sort((a, b) => {
      const va = a.properties[field];
      const vb = b.properties[field];
      if (empty(va) || empty(vb)) return empty(va) === empty(vb) ? a.fid - b.fid : empty(va) ? 1 : -1;
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
      return (desc ? -c : c) || a.fid - b.fid;
    });
  }
  const page = rows.slice(opts.offset, opts.offset + opts.limit);
  return {
    fields,
    total: rows.length,
    rows: page.map((r) => ({ fid: r.fid, properties: r.properties })),
    extents: page.map((r) => featureExtent({ type: 'FeatureCollection', features: [r.f] })),
  };
}

/** A page of the attribute table of vector layer `id` of the open project, in its analysis CRS. */
export async function layerFeatures(ctx: ProjectContext, id: string, opts: Parameters<typeof featurePage>[1]): Promise<FeaturePage> {
  const src = ctx.dataSource(id);
  if (!src || src.entry.meta.kind !== 'vector') throw new RiskAtlasError('E_ARG_INVALID', `no vector layer "${id}" in the project`);
  const layer = await vectorOf(src, ctx.analysisEpsg());
  return featurePage(layer, opts);
}
