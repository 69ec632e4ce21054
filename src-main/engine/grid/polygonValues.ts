/**
 * A value per polygon onto the grid, area-weighted where polygons split a cell: each cell gets
 * Σ fᵢ·vᵢ / Σ fᵢ over the polygons that cover part of it, fᵢ the exact fraction of the cell
 * polygon i covers (cellCoverage.ts) — a township's population density where one township
 * covers the cell, the area-weighted mean of the two densities on their boundary. Cells no
 * polygon with a value covers are nodata (NaN): outside the polygons there is no attribute.
 * The same on a tile as on the whole grid (coverage is per cell).
 */
import type { Geometry } from 'geojson';
import type { GridSpec } from './gridSpec';
import { polygonCoverage } from './cellCoverage';

/**
 * Area-weighted polygon values on `grid` (coordinates in the grid CRS). `values[i]` belongs to
 * `geoms[i]`; a polygon whose value is not finite is left out (its area counts for nothing).
 */
export function polygonValueGrid(grid: GridSpec, geoms: (Geometry | null | undefined)[], values: ArrayLike<number>): Float64Array {
  const n = grid.width * grid.height;
  const sum = new Float64Array(n);
  const weight = new Float64Array(n);
  geoms.forEach((g, i) => {
    const v = values[i]!;
    if (!Number.isFinite(v)) return;
    const win = polygonCoverage(grid, g);
    if (!win) return;
    for (let r = 0; r < win.height; r++) {
      const base = (win.row0 + r) * grid.width + win.col0;
      for (let c = 0; c < win.width; c++) {
        const f = win.fraction[r * win.width + c]!;
        if (f <= 0) continue;
        sum[base + c]! += f * v;
        weight[base + c]! += f;
      }
    }
  });
  for (let k = 0; k < n; k++) sum[k] = weight[k]! > 0 ? sum[k]! / weight[k]! : NaN;
  return sum;
}
