/**
 * Tiles of the analysis grid. A run computes tile by tile; each tile is itself a
 * {@link GridSpec} (its own origin and size, same CRS and cell size), so every grid function
 * (resampling, rasterisation, kernel density, distance) works on it unchanged and gives the
 * values it would give on the whole grid — the per-cell result depends only on the cell's
 * centre, never on which tile it sits in.
 */
import type { GridSpec } from '../grid/gridSpec';

/** Default tile edge in cells: 512 × 512 cells = 2 MiB per Float64 layer. */
export const DEFAULT_TILE_SIZE = 512;
/** GeoTIFF tile edge of the outputs when the analysis tile is larger (GDAL's usual 256). */
export const OUTPUT_TILE = 256;

/** One tile: its place in the tile grid and its cells in the analysis grid. */
export interface Tile {
  /** Position in row-major tile order (the order results are merged and written in). */
  index: number;
  tx: number;
  ty: number;
  /** First column and row in the analysis grid. */
  col0: number;
  row0: number;
  /** Cells across and down (edge tiles are smaller). */
  width: number;
  height: number;
}

/**
 * Check an analysis tile size: a multiple of 16 (GeoTIFF tiles), and when above
 * {@link OUTPUT_TILE} a multiple of it (each analysis tile is then several output tiles).
 * Returns an error message, or null when valid.
 */
export function tileSizeProblem(size: number): string | null {
  if (!Number.isInteger(size) || size < 16 || size % 16 !== 0) return `tile size must be a multiple of 16 cells, got ${size}`;
  if (size > OUTPUT_TILE && size % OUTPUT_TILE !== 0) return `tile sizes above ${OUTPUT_TILE} must be multiples of ${OUTPUT_TILE}, got ${size}`;
  return null;
}

/** Tiles of `size` × `size` cells covering `grid`, row-major from the north-west. */
export function tileLayout(grid: GridSpec, size: number): Tile[] {
  const ntx = Math.ceil(grid.width / size);
  const nty = Math.ceil(grid.height / size);
  const tiles: Tile[] = [];
  for (let ty = 0; ty < nty; ty++)
    for (let tx = 0; tx < ntx; tx++) {
      const col0 = tx * size;
      const row0 = ty * size;
      tiles.push({ index: tiles.length, tx, ty, col0, row0, width: Math.min(size, grid.width - col0), height: Math.min(size, grid.height - row0) });
    }
  return tiles;
}

/** The grid of one tile: same CRS and cell size, origin at the tile's north-west corner. */
export function tileGrid(grid: GridSpec, t: Tile): GridSpec {
  return {
    epsg: grid.epsg,
    originX: grid.originX + t.col0 * grid.cellSize,
    originY: grid.originY - t.row0 * grid.cellSize,
    cellSize: grid.cellSize,
    width: t.width,
    height: t.height,
  };
}

/** The output GeoTIFF tile edge for an analysis tile size. */
export const outputTileSize = (size: number): number => Math.min(size, OUTPUT_TILE);

/**
 * Cut one analysis tile's values into the output GeoTIFF's tiles (edge tiles padded with
 * `fill`): yields [output tile x, output tile y, data of outTile × outTile values].
 */
export function* outputTiles<T extends Float32Array | Uint8Array>(
  t: Tile,
  data: T,
  size: number,
  fill: number,
  make: (n: number) => T,
): Generator<[number, number, T]> {
  const out = outputTileSize(size);
  const per = size / out;
  for (let sy = 0; sy < per; sy++)
    for (let sx = 0; sx < per; sx++) {
      const c0 = sx * out;
      const r0 = sy * out;
      if (c0 >= t.width || r0 >= t.height) continue;
      const buf = make(out * out);
      buf.fill(fill);
      const w = Math.min(out, t.width - c0);
      const h = Math.min(out, t.height - r0);
      for (let r = 0; r < h; r++) buf.set(data.subarray((r0 + r) * t.width + c0, (r0 + r) * t.width + c0 + w), r * out);
      yield [t.tx * per + sx, t.ty * per + sy, buf];
    }
}

/** Copy a tile's values into a whole-grid array (row-major, `gridWidth` wide). */
export function placeTile(t: Tile, data: ArrayLike<number>, target: { [i: number]: number }, gridWidth: number): void {
  for (let r = 0; r < t.height; r++) {
    const src = r * t.width;
    const dst = (t.row0 + r) * gridWidth + t.col0;
    for (let c = 0; c < t.width; c++) target[dst + c] = data[src + c]!;
  }
}
