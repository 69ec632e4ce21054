import type { Extent, GeoTransform } from '../../../src-shared/layer';

/**
 * The analysis grid every indicator is aligned to: north-up, square cells, in a projected
 * CRS (metres) so that areas and distances are true. Row 0 is the northern edge.
 */
export interface GridSpec {
  /** EPSG code of the grid's CRS (e.g. 4546, CGCS2000 / 3-degree Gauss-Kruger CM 111E). */
  epsg: number;
  /** X of the western edge, CRS units. */
  originX: number;
  /** Y of the northern edge, CRS units. */
  originY: number;
  /** Cell size, CRS units (metres for projected grids). */
  cellSize: number;
  width: number;
  height: number;
}

/** The GDAL geotransform of a grid (outer corner of the top-left cell). */
export function gridGeoTransform(g: GridSpec): GeoTransform {
  return [g.originX, g.cellSize, 0, g.originY, 0, -g.cellSize];
}

/** The grid's extent [minX, minY, maxX, maxY]. */
export function gridExtent(g: GridSpec): Extent {
  return [g.originX, g.originY - g.height * g.cellSize, g.originX + g.width * g.cellSize, g.originY];
}

/** Centre of cell (col, row) in grid CRS units. */
export function cellCentre(g: GridSpec, col: number, row: number): [number, number] {
  return [g.originX + (col + 0.5) * g.cellSize, g.originY - (row + 0.5) * g.cellSize];
}

/**
 * The grid covering `extent` with cells of `cellSize`, its origin snapped to multiples of
 * `cellSize` (so that grids of neighbouring counties line up) and grown to cover the extent fully.
 */
export function gridForExtent(epsg: number, extent: Extent, cellSize: number): GridSpec {
  const originX = Math.floor(extent[0] / cellSize) * cellSize;
  const originY = Math.ceil(extent[3] / cellSize) * cellSize;
  const width = Math.max(1, Math.ceil((extent[2] - originX) / cellSize));
  const height = Math.max(1, Math.ceil((originY - extent[1]) / cellSize));
  return { epsg, originX, originY, cellSize, width, height };
}

/**
 * The grid grown by `cells` cells on every side, on the same cell lattice (e.g. a halo of
 * 2R for a floating catchment of radius R, so that a tile sees the people beyond its edge).
 */
export function expandGrid(g: GridSpec, cells: number): GridSpec {
  return {
    ...g,
    originX: g.originX - cells * g.cellSize,
    originY: g.originY + cells * g.cellSize,
    width: g.width + 2 * cells,
    height: g.height + 2 * cells,
  };
}
