/**
 * Generalisation of a zoning raster (docs/architecture.md "Prevention zoning"): a majority filter removes speckle, and
 * a minimum mapping unit merges regions too small to map into the neighbour they share the
 * longest border with. `nodata` cells are never changed and never counted.
 */
import { labelRegions } from './polygonise';

/**
 * Majority (modal) filter in a square `size` × `size` window: each valid cell takes the
 * most frequent valid label around it; on a tie the cell keeps its own label.
 */
export function majorityFilter(labels: Uint8Array, width: number, height: number, size: number, nodata: number): Uint8Array {
  const half = Math.floor(size / 2);
  const out = new Uint8Array(labels);
  const counts = new Int32Array(256);
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      const self = labels[r * width + c]!;
      if (self === nodata) continue;
      counts.fill(0);
      for (let y = Math.max(0, r - half); y <= Math.min(height - 1, r + half); y++)
        for (let x = Math.max(0, c - half); x <= Math.min(width - 1, c + half); x++) {
          const l = labels[y * width + x]!;
          if (l !== nodata) counts[l]!++;
        }
      let best = self;
      for (let l = 0; l < 256; l++) if (counts[l]! > counts[best]!) best = l;
      out[r * width + c] = best;
    }
  return out;
}

/**
 * Merge every 4-connected region smaller than `minCells` into the neighbouring label it
 * shares the most edges with, repeating until no such region is left (or nothing can merge,
 * e.g. an island region surrounded by nodata, which is kept).
 */
export function minimumMappingUnit(labels: Uint8Array, width: number, height: number, minCells: number, nodata: number): Uint8Array {
  const out = new Uint8Array(labels);
  for (let pass = 0; pass < 50; pass++) {
    const { region, count } = labelRegions(out, width, height, nodata);
    const size = new Int32Array(count);
    for (const g of region) if (g >= 0) size[g]!++;
    // Border lengths between each small region and the labels around it.
    const border = new Map<number, Map<number, number>>();
    const note = (g: number, label: number): void => {
      if (size[g]! >= minCells) return;
      const m = border.get(g) ?? new Map<number, number>();
      m.set(label, (m.get(label) ?? 0) + 1);
      border.set(g, m);
    };
    for (let r = 0; r < height; r++)
      for (let c = 0; c < width; c++) {
        const i = r * width + c;
        const g = region[i]!;
        if (g < 0) continue;
        if (c + 1 < width && region[i + 1]! >= 0 && region[i + 1] !== g) {
          note(g, out[i + 1]!);
          note(region[i + 1]!, out[i]!);
        }
        if (r + 1 < height && region[i + width]! >= 0 && region[i + width] !== g) {
          note(g, out[i + width]!);
          note(region[i + width]!, out[i]!);
        }
      }
    if (border.size === 0) break;
    // Smallest regions first, each to its longest-border neighbour label (ties: the smaller label, for determinism).
    const target = new Map<number, number>();
    for (const [g, m] of border) {
      let best = -1;
      let len = -1;
      for (const [label, n] of m) if (n > len || (n === len && label < best)) (best = label), (len = n);
      target.set(g, best);
    }
    for (let i = 0; i < out.length; i++) {
      const t = target.get(region[i]!);
      if (t !== undefined) out[i] = t;
    }
  }
  return out;
}
