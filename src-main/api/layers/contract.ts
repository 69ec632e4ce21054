/**
 * The contract's part for the layers of a project: inspecting and importing files (by path in
 * Electron, by chunked upload in serve mode), editing and removing catalogue entries, a vector
 * layer's attribute table, and what the layers have at a clicked point.
 */
import { z } from 'zod';
import type { Extent, LayerMeta } from '../../../src-shared/layer';
import type { Category } from '../../../src-shared/categories';
import type { LayerStyle } from '../../engine/catalog/styles';
import type { CatalogSuggestion } from '../../engine/catalog/recognise';
import { epsg, finite, layerId, userPath } from '../schemas';

export { CATEGORIES, type Category } from '../../../src-shared/categories';
export type { LayerStyle } from '../../engine/catalog/styles';
export type { CatalogSuggestion } from '../../engine/catalog/recognise';

/** A layer of the open project, as the layer tree and the map see it. */
export interface LayerEntry {
  id: string;
  /** Display name (Chinese in the demo, whatever the user gave otherwise). */
  name: string;
  category: Category;
  /** Hazard type for hazard layers (e.g. 'landslide', 'flood', 'earthquake'). */
  hazard?: string;
  units?: string;
  meta: LayerMeta;
  style: LayerStyle;
  /** Shown when the project opens. */
  visible: boolean;
  /** Free text the technician wrote about the layer (source, date, remarks). */
  description?: string;
  /** EPSG code given by the user for a file without a CRS (fixes a CRS-01 finding). */
  crs?: number;
  /** Text encoding given by the user for a shapefile whose own is missing or wrong (fixes an ENC-01 finding). */
  encoding?: string;
  /** The file inside the project's data folder, as the model's `layers.<id>.path` must name it. */
  file?: string;
}

/** An upload in progress (serve mode: a file's bytes arrive in base64 chunks). */
export interface UploadState {
  uploadId: string;
  fileName: string;
  /** Bytes declared at begin. */
  size: number;
  /** Bytes received so far (the next chunk's offset). */
  received: number;
}

/** The result of importing a layer: its catalogue entry, the recogniser's suggestion and reader warnings. */
export interface ImportResult {
  layer: LayerEntry;
  /** What the catalogue pre-filled (category, hazard, units, name) and why; null when nothing was recognised. */
  suggestion: CatalogSuggestion | null;
  /** Reader warnings (e.g. a rebuilt .shx), in English; the UI shows them in its language (src-shared/readerWarnings). */
  warnings: string[];
}

/** One page of a vector layer's attribute table. */
export interface FeaturePage {
  fields: { name: string; type: string }[];
  /** Features after filtering (the pager's total). */
  total: number;
  rows: { fid: number; properties: Record<string, unknown> }[];
  /** Extent of each row's geometry in the analysis CRS, to zoom to (null when empty). */
  extents: (Extent | null)[];
}

/** What one layer has at an identified point. */
export interface IdentifyHit {
  layerId: string;
  name: string;
  kind: 'raster' | 'vector';
  /** Raster: the cell's value per band (null = nodata or outside the raster). */
  values?: (number | null)[];
  /** Vector: the features hit (polygons containing the point, points/lines within the tolerance). */
  features?: { fid: number; properties: Record<string, unknown> }[];
}

/** Largest file accepted by upload (bytes). */
export const UPLOAD_MAX_BYTES = 2 * 1024 ** 3;
/**
 * Largest base64 text of one upload chunk: 1 MiB − 4 KiB, so the request with its JSON
 * envelope fits the server's 1 MiB body limit. A multiple of 4 so every chunk decodes alone.
 */
export const UPLOAD_CHUNK_MAX_BASE64 = 1_044_480;
/** Bytes per chunk a client should send: exactly what {@link UPLOAD_CHUNK_MAX_BASE64} characters of base64 encode. */
export const UPLOAD_CHUNK_BYTES = 783_360;

const fileName = z.string().min(1).max(255).refine((n) => !/[\\/\u0000-\u001f]/.test(n) && n !== '.' && n !== '..', { message: 'a file name, without folders' });
const uploadId = z.string().regex(/^up-[a-f0-9]{12}$/);

export const layersArgs = {
  'layer.inspect': z.object({ path: userPath }).strict(),
  /** Electron: import a file the user chose in a dialog (sidecars of a shapefile come along). */
  'layer.import': z.object({ path: userPath, crs: epsg.optional() }).strict(),
  /** Zero bytes are accepted, so that the import names the fault (E_FILE_EMPTY) like every other bad file. */
  'upload.begin': z.object({ fileName, size: z.number().int().min(0).max(UPLOAD_MAX_BYTES) }).strict(),
  /** `data` is base64, at most {@link UPLOAD_CHUNK_MAX_BASE64} characters; `offset` is the byte offset of its first byte. */
  'upload.chunk': z.object({ uploadId, offset: z.number().int().min(0), data: z.string().min(4).max(UPLOAD_CHUNK_MAX_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/) }).strict(),
  'upload.abort': z.object({ uploadId }).strict(),
  /** Import finished uploads as one layer: a .zip, or a .shp with its sidecars, or a single .tif/.geojson/.gpkg/.csv. */
  'layer.importUploads': z.object({ uploadIds: z.array(uploadId).min(1).max(8), crs: epsg.optional() }).strict(),
  'layer.update': z
    .object({
      id: layerId,
      name: z.string().min(1).max(200).optional(),
      category: z.enum(['hazard', 'exposure', 'capacity', 'hiddenDanger', 'history', 'admin', 'basemap']).optional(),
      hazard: z.string().max(64).nullable().optional(),
      units: z.string().max(32).nullable().optional(),
      description: z.string().max(4000).nullable().optional(),
      /** EPSG for a file without a CRS; null removes it. */
      crs: epsg.nullable().optional(),
      /** Text encoding of a shapefile's attributes (e.g. "gbk", "windows-1252"): the file is read again with it; null goes back to the file's own evidence. */
      encoding: z.string().min(1).max(40).nullable().optional(),
    })
    .strict(),
  'layer.remove': z.object({ id: layerId }).strict(),
  'layer.features': z
    .object({
      id: layerId,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
      sort: z.object({ field: z.string().min(1).max(64), desc: z.boolean().default(false) }).strict().optional(),
      /** Case-insensitive substring match on one field, or on any field when `field` is absent. */
      filter: z.object({ field: z.string().min(1).max(64).optional(), text: z.string().min(1).max(200) }).strict().optional(),
    })
    .strict(),
  /** Values of every layer (or of `layers`) at map point (x, y) in the analysis CRS; `tolerance` in map units for points and lines. */
  'map.identify': z.object({ x: finite, y: finite, tolerance: z.number().min(0).max(100_000).default(0), layers: z.array(layerId).max(200).optional() }).strict(),
} as const;

export interface LayersResults {
  'layer.inspect': LayerMeta;
  'layer.import': ImportResult;
  'upload.begin': UploadState;
  'upload.chunk': UploadState;
  'upload.abort': { aborted: boolean };
  'layer.importUploads': ImportResult;
  'layer.update': LayerEntry;
  'layer.remove': { removed: boolean };
  'layer.features': FeaturePage;
  'map.identify': { hits: IdentifyHit[] };
}
