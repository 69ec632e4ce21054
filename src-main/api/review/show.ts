/**
 * Showing a deliverable under review as what it is: a table's rows (CSV, XLSX), or a raster or
 * vector drawn on the map — registered as a layer the map fetches like any other (its id
 * `review-…`), in the grade and zone colours for the run's class rasters.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { inspect } from '../../engine/io/inspect';
import { packageItemFile, readPackageItem } from '../../engine/review/package';
import { readReviewTable, type ReviewTable } from '../../engine/review/table';
import { defaultStyle, type LayerStyle } from '../../engine/catalog/styles';
import { ZONE_COLORS } from '../../engine/maps/sheetData';
import { SCHEMES } from '../../../src-shared/schemes';
import type { ProjectContext } from '../context';
import type { LayerEntry } from '../layers/contract';
import { rasterRange } from '../layers/catalogue';
import { reviewDir } from './records';

function dirOf(ctx: ProjectContext): string {
  const dir = reviewDir(ctx);
  if (!dir) throw new RiskAtlasError('E_FILE_NOT_FOUND', 'nothing to review yet: compute first');
  return dir;
}

/** A table item's rows. */
export async function reviewTable(ctx: ProjectContext, id: string): Promise<ReviewTable> {
  const { bytes } = await readPackageItem(dirOf(ctx), id);
  return readReviewTable(id, bytes);
}

/** The grade raster in the census colours, the zoning raster in the zone colours; other rasters as a ramp. */
async function rasterStyle(file: string, meta: Extract<LayerEntry['meta'], { kind: 'raster' }>): Promise<LayerStyle> {
  if (/(^|\/)risk_grade\.tif$/i.test(file)) return { type: 'classes', classes: SCHEMES.high5!.colors.map((color, i) => ({ value: i + 1, color })) };
  if (/(^|\/)zoning\.tif$/i.test(file)) return { type: 'classes', classes: ZONE_COLORS.map((color, i) => ({ value: i + 1, color })) };
  return defaultStyle('result', meta, await rasterRange(meta));
}

/** A raster or vector item as a map layer (registered for the map to fetch); E_ARG_INVALID for other items. */
export async function reviewLayer(ctx: ProjectContext, id: string): Promise<LayerEntry> {
  const item = await packageItemFile(dirOf(ctx), id);
  if (item.kind !== 'raster' && item.kind !== 'vector') throw new RiskAtlasError('E_ARG_INVALID', 'only rasters and vector layers are drawn on the map', { file: id });
  const res = await inspect(item.path);
  if (!res.ok) throw new RiskAtlasError(res.error.code, res.error.message, { file: id });
  const meta = res.value;
  const style = meta.kind === 'raster' ? await rasterStyle(id, meta) : defaultStyle('result', meta);
  const entry: LayerEntry = { id: `review-${createHash('sha256').update(id).digest('hex').slice(0, 12)}`, name: basename(id), category: 'result', meta, style, visible: true };
  ctx.data.set(entry.id, { entry, path: item.path });
  return entry;
}
