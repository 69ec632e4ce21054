/**
 * Pass 3, index: each tile's components, single-hazard risks and comprehensive risk index
 * from its kept raw tiles (tiles/riskIndex.ts). The risk GeoTIFFs are written as the tiles
 * come; the index's distribution is gathered for the class breaks, and the index tiles are
 * kept for grading; with zoning, the capacity component and the hazard contributions are
 * gathered over the whole grid.
 */
import { DistributionBuilder } from '../../classify/distribution';
import type { GeoTiffTileWriter } from '../../export/geotiff';
import { declaredHazards } from '../componentPlan';
import { placeEncoded } from '../outputRasters';
import type { RunContext } from '../setup';
import type { EncodedOutput, IndexResult, IndexTask } from '../tileTasks';
import { placeTile } from '../tiling';
import { withRawTiles } from './statistics';

/** Range of an output's valid values. */
export interface ValueRange {
  min: number;
  max: number;
}

/** What the index pass leaves for the class breaks, the grading pass, zoning and the summary. */
export interface IndexPass {
  /** The index GeoTIFF, still open: with percentile scoring the grading pass writes the scores into it. */
  indexWriter: GeoTiffTileWriter;
  /** The index values as written (Float32): distinct values while they fit, then range and moments for a histogram. */
  distribution: DistributionBuilder;
  /** Ranges of the single-hazard risks (in `hazards` order) and of the exposure types' risks. */
  hazardRanges: ValueRange[];
  exposureRanges: ValueRange[];
  /** Zoning only, whole-grid: the capacity component (and its distribution) and each hazard's contribution by label. */
  zoning: { capacity: Float32Array; capacityDist: DistributionBuilder; contributions: Map<string, Float32Array> } | null;
}

/** Run pass 3 (`metadata`: of every output GeoTIFF, see outputRasters.ts). */
export async function riskIndexPass(run: RunContext, metadata: Record<string, string>): Promise<IndexPass> {
  const { doc, grid, plan, files, globals, rasters } = run;
  const cells = grid.width * grid.height;
  const indexWriter = await rasters.open(files.index, 'float', metadata);
  const hazardWriters: GeoTiffTileWriter[] = [];
  const hazards = declaredHazards(plan);
  for (const h of hazards) hazardWriters.push(await rasters.open(files[`hazard_${h.id}`], 'float', { ...metadata, RISKATLAS_HAZARD: h.id, RISKATLAS_HAZARD_NAME: h.name }));
  const exposureWriters: GeoTiffTileWriter[] = [];
  for (const x of plan.exposures) exposureWriters.push(await rasters.open(files[`exposure_${x.id}`], 'float', { ...metadata, RISKATLAS_EXPOSURE: x.id, RISKATLAS_EXPOSURE_NAME: x.name }));
  const pass: IndexPass = {
    indexWriter,
    distribution: new DistributionBuilder(),
    hazardRanges: hazards.map(() => ({ min: Infinity, max: -Infinity })),
    exposureRanges: plan.exposures.map(() => ({ min: Infinity, max: -Infinity })),
    zoning: doc.zoning ? { capacity: new Float32Array(cells), capacityDist: new DistributionBuilder(), contributions: new Map() } : null,
  };
  const { distribution, zoning } = pass;
  const writeRange = async (w: GeoTiffTileWriter, range: ValueRange, o: EncodedOutput): Promise<void> => {
    await placeEncoded(w, o.tiles);
    range.min = Math.min(range.min, o.min);
    range.max = Math.max(range.max, o.max);
  };
  await run.eachTile<IndexTask, IndexResult>(
    (tile) => ({ kind: 'index', tile, raw: [] }),
    async (r, t) => {
      distribution.add(r.values);
      if (distribution.overflowed && !globals.skipDistinct) {
        // Past the exact limit the values go to a histogram later: tiles need not sort theirs.
        globals.skipDistinct = true;
        await run.exec.setGlobals(globals);
      }
      if (r.encodedIndex) await placeEncoded(indexWriter, r.encodedIndex); // scores are written in pass 4
      for (const [h, o] of r.hazards.entries()) await writeRange(hazardWriters[h]!, pass.hazardRanges[h]!, o);
      for (const [x, o] of r.exposures.entries()) await writeRange(exposureWriters[x]!, pass.exposureRanges[x]!, o);
      if (zoning && r.capacity) {
        zoning.capacityDist.add(r.capacityValues!);
        placeTile(t, r.capacity, zoning.capacity, grid.width);
        for (const c of r.contributions ?? []) {
          const g = zoning.contributions.get(c.label) ?? new Float32Array(cells);
          placeTile(t, c.grid, g, grid.width);
          zoning.contributions.set(c.label, g);
        }
      }
      await run.store.put(run.indexKey(t.index), r.index);
    },
    'combine', 0.45, 0.75,
    // The last pass to need the raw tiles: the tiles themselves.
    (task) => withRawTiles(run, task, true),
  );
  return pass;
}
