/**
 * The project's catalogue: a record per layer in the project file (its file in the data
 * folder, SHA-256, the reader's metadata, the technician's fields), and the layer entries and
 * data sources the renderer sees, rebuilt from it after every change.
 */
import { join } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { Category } from '../../../src-shared/categories';
import type { LayerMeta, RasterMeta } from '../../../src-shared/layer';
import { inspect } from '../../engine/io/inspect';
import { openGeoTiff } from '../../engine/io/geotiff';
import { defaultStyle } from '../../engine/catalog/styles';
import type { LayerRef } from '../../engine/model/document';
import { fileSha256, type LayerRecord, type ProjectFile } from '../../store/projectFile';
import { escapeOf } from '../../engine/io/containedPath';
import type { ProjectContext } from '../context';
import type { RejectedEntry } from '../project/contract';
import { rejected } from '../project/storedPaths';
import type { LayerEntry } from './contract';

/** Above this many pixels a raster's display range is not read in full (it comes from the model's defaults). */
const RANGE_SCAN_LIMIT = 16_000_000;

/** What the catalogue stores per layer besides the record's columns (in `meta_json`). */
export interface StoredMeta {
  meta: LayerMeta;
  /** Display range of a raster (min/max of its valid pixels), when it was scanned. */
  range?: { min: number; max: number };
}

/** The text encoding the user stated for a layer: kept in its stored metadata, which was read with it. */
export const statedEncoding = (meta: LayerMeta): string | undefined => (meta.kind === 'vector' && meta.encodingEvidence === 'stated' ? meta.encoding : undefined);

/** The catalogue fields a technician gives a layer (the rest comes from reading its file). */
export interface CatalogueFields {
  name: string;
  category: string;
  hazard?: string;
  units?: string;
  crs?: number;
  /** Text encoding stated by the user (the file is read with it). */
  encoding?: string;
  description?: string;
}

/** Min and max of a raster's valid pixels (its display range); undefined above the scan limit or when all are nodata. */
export async function rasterRange(meta: RasterMeta): Promise<{ min: number; max: number } | undefined> {
  if (meta.width * meta.height > RANGE_SCAN_LIMIT) return undefined;
  const src = await openGeoTiff(meta.path);
  try {
    const data = await src.readWindow(0, 0, meta.width, meta.height, 0);
    let min = Infinity;
    let max = -Infinity;
    for (const v of data) {
      if (Number.isNaN(v) || v === meta.nodata) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return Number.isFinite(min) ? { min, max } : undefined;
  } finally {
    await src.close();
  }
}

/** Inspect a project-owned file (`rel` in `dataDir`) and store it in the catalogue of `file` under `id`. */
export async function catalogueLayer(file: ProjectFile, dataDir: string, id: string, rel: string, fields: CatalogueFields): Promise<LayerRecord> {
  const abs = join(dataDir, rel);
  const res = await inspect(abs, { crs: fields.crs, encoding: fields.encoding });
  if (!res.ok) throw new RiskAtlasError(res.error.code, res.error.message, { file: rel, ...(res.error.params ? { params: res.error.params } : {}) });
  const meta = res.value;
  const stored: StoredMeta = { meta, ...(meta.kind === 'raster' ? { range: await rasterRange(meta) } : {}) };
  const rec: LayerRecord = { id, name: fields.name, category: fields.category, path: rel, sha256: await fileSha256(abs), meta: stored };
  if (fields.hazard) rec.hazard = fields.hazard;
  if (fields.units) rec.units = fields.units;
  if (fields.crs !== undefined) rec.crs = fields.crs;
  if (fields.description) rec.description = fields.description;
  file.putLayer(rec);
  return rec;
}

/**
 * Rebuild the layer entries and data sources from the catalogue (the result layers of runs
 * stay). A record whose path does not stay inside the data folder (a project file made to
 * read other files) gets no entry and no data source: it is listed in the project's rejected
 * entries instead, and never opened.
 */
export function rebuildEntries(ctx: ProjectContext): void {
  const p = ctx.open();
  const entries: LayerEntry[] = [];
  const rejectedLayers: RejectedEntry[] = [];
  for (const id of [...ctx.data.keys()]) if (ctx.data.get(id)!.entry.category !== 'result') ctx.data.delete(id);
  for (const rec of p.file.layers()) {
    const escape = escapeOf(p.dataDir, rec.path);
    if (escape) {
      rejectedLayers.push(rejected('layer', rec.id, rec.path, escape));
      continue;
    }
    const stored = rec.meta as StoredMeta;
    const path = join(p.dataDir, rec.path);
    const meta = { ...stored.meta, path } as LayerMeta;
    const category = rec.category as Category;
    const entry: LayerEntry = {
      id: rec.id,
      name: rec.name,
      category,
      meta,
      style: defaultStyle(category, meta, stored.range),
      visible: category !== 'exposure' && category !== 'capacity' && meta.kind === 'vector',
      file: rec.path,
    };
    if (rec.hazard) entry.hazard = rec.hazard;
    if (rec.units) entry.units = rec.units;
    if (rec.description) entry.description = rec.description;
    if (rec.crs !== undefined) entry.crs = rec.crs;
    const encoding = statedEncoding(meta);
    if (encoding) entry.encoding = encoding;
    entries.push(entry);
    const layerRef: LayerRef = p.doc?.layers[rec.id] ?? { path: rec.path, name: rec.name, category: category as LayerRef['category'], ...(rec.crs !== undefined ? { crs: rec.crs } : {}), ...(encoding ? { encoding } : {}) };
    ctx.data.set(rec.id, { entry, path, layerRef });
  }
  p.entries = entries;
  p.rejected = [...p.rejected.filter((r) => r.kind !== 'layer'), ...rejectedLayers];
}
