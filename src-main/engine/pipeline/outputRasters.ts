/**
 * The GeoTIFFs a run streams its outputs into, all on the analysis grid: opened as the passes
 * need them, fed tiles the tile threads encoded, finished together once every pass is done —
 * so a failed or cancelled run leaves none of them — or all aborted.
 */
import { gridGeoTransform, type GridSpec } from '../grid/gridSpec';
import { GeoTiffTileWriter, type GeoTiffOptions } from '../export/geotiff';
import type { ModelDocument } from '../model/document';
import { softwareVersion } from '../assets';
import type { EncodedTile, TileEncoding } from './tileTasks';
import { outputTileSize } from './tiling';

/** Nodata written to the continuous index GeoTIFFs (comprehensive and single-hazard). */
export const INDEX_NODATA = -9999;
/** Nodata of the grade GeoTIFF (grades are 1…k; k + 1 is the 'restricted' grade of excluded land). */
export const GRADE_NODATA = 0;

/** Float outputs (index, single-hazard and exposure risks) or byte outputs (grades, zones). */
export type RasterKind = 'float' | 'grade';

/** GeoTIFF metadata every output raster of a run carries: the model, the software and the weights. */
export function runMetadata(doc: ModelDocument, weights: Record<string, Record<string, number>>): Record<string, string> {
  return { RISKATLAS_MODEL: doc.name, RISKATLAS_VERSION: softwareVersion(), RISKATLAS_WEIGHTS: JSON.stringify(weights) };
}

export class OutputRasters {
  /** One description of the output tiles, for the writers and for the tile threads that encode them. */
  readonly encoding: TileEncoding;
  private readonly geoTransform: ReturnType<typeof gridGeoTransform>;
  /** Writers opened and not yet finished. */
  private writers: GeoTiffTileWriter[] = [];

  /** @param tileSize the analysis tile edge (output tiles are at most 256, see tiling.ts). */
  constructor(
    private readonly grid: GridSpec,
    tileSize: number,
  ) {
    const outTile = outputTileSize(tileSize);
    this.encoding = {
      float: { dtype: 'float32', nodata: INDEX_NODATA, tileSize: outTile },
      grade: { dtype: 'uint8', nodata: GRADE_NODATA, tileSize: outTile },
      tileSize,
    };
    this.geoTransform = gridGeoTransform(grid);
  }

  /** Open an output GeoTIFF of `kind` at `path` (written to a temporary file until {@link finishAll}). */
  async open(path: string, kind: RasterKind, metadata: Record<string, string>): Promise<GeoTiffTileWriter> {
    const o: GeoTiffOptions = { ...this.encoding[kind], width: this.grid.width, height: this.grid.height, epsg: this.grid.epsg, geoTransform: this.geoTransform, metadata };
    const w = await GeoTiffTileWriter.create(path, o);
    this.writers.push(w);
    return w;
  }

  /** Finish every open writer, in the order they were opened. */
  async finishAll(): Promise<void> {
    for (const w of this.writers.splice(0)) await w.finish();
  }

  /** Give up every open writer (their temporary files are removed). */
  async abortAll(): Promise<void> {
    await Promise.all(this.writers.map((w) => w.abort()));
  }
}

/** Place output tiles that come encoded from the tile threads in their file. */
export async function placeEncoded(w: GeoTiffTileWriter, encoded: EncodedTile[]): Promise<void> {
  for (const e of encoded) await w.writeEncodedTile(e.x, e.y, e.bytes);
}
