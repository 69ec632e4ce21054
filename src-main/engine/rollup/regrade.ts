/**
 * Grades re-derived on the roll-up's own distribution: natural breaks (Jenks) of the mosaic
 * index, computed as a county run computes its breaks — the distribution merged tile by tile
 * (exact up to 10⁶ distinct values, then a 65,536-bin histogram), Jenks on it, and past the
 * limit the breaks refined on the exact values near each break (classify/jenksRefine.ts) —
 * then every cell graded against them. The index is read back from the mosaic GeoTIFF (as
 * written, Float32), one tile at a time.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import { breaksOfDistribution, classOf } from '../classify/breaks';
import type { DistributionBuilder } from '../classify/distribution';
import { JenksRefinement } from '../classify/jenksRefine';
import { openGeoTiff } from '../io/geotiff';
import type { Tile } from '../pipeline/tiling';

/** Re-derived breaks, and for Jenks on a histogram whether the refinement is certified. */
export interface RederivedBreaks {
  breaks: number[];
  exact: boolean;
  refined?: { certified: boolean };
}

/** Read every tile of the index GeoTIFF at `path` (nodata → NaN) and hand it to `use`. */
async function eachIndexTile(path: string, tiles: Tile[], use: (values: Float32Array) => void): Promise<void> {
  const src = await openGeoTiff(path);
  try {
    const nodata = src.meta.nodata;
    for (const t of tiles) {
      const v = await src.readWindow(t.col0, t.row0, t.width, t.height, 0, new Float32Array(t.width * t.height));
      if (nodata !== null) for (let i = 0; i < v.length; i++) if (v[i] === nodata) v[i] = NaN;
      use(v);
    }
  } finally {
    await src.close();
  }
}

/**
 * Natural breaks into `k` classes of the index whose tiles went into `dist` (in tile order),
 * reading the index GeoTIFF at `indexPath` again when the distribution needs a histogram and
 * a refinement. Errors: E_ALL_NODATA when no cell has an index.
 */
export async function rederivedBreaks(dist: DistributionBuilder, indexPath: string, tiles: Tile[], k: number): Promise<RederivedBreaks> {
  if (dist.needsHistogram) await eachIndexTile(indexPath, tiles, (v) => dist.addHistogram(v));
  const d = dist.finish();
  if (!d) throw new RiskAtlasError('E_ALL_NODATA', 'no county result has a valid risk index cell in the roll-up area', { file: indexPath });
  if (!(d.histogram && d.min < d.max)) return { breaks: breaksOfDistribution('jenks', d, k), exact: d.exact };
  const refine = new JenksRefinement(d, k);
  await eachIndexTile(indexPath, tiles, (v) => refine.add(v));
  const r = refine.breaks();
  return { breaks: r.breaks, exact: false, refined: { certified: r.certified } };
}

/**
 * Grade an index tile against `breaks` (grade 1 = highest); cells the county left as excluded
 * land (its grade `restricted`, k + 1) keep it.
 */
export function gradeIndexTile(index: Float32Array, countyGrades: Uint8Array, breaks: number[]): Uint8Array {
  const k = breaks.length - 1;
  const grades = new Uint8Array(index.length);
  for (let i = 0; i < index.length; i++) {
    const v = index[i]!;
    if (v === v) grades[i] = k - classOf(v, breaks);
    else if (countyGrades[i] === k + 1) grades[i] = k + 1;
  }
  return grades;
}
