/**
 * What a roll-up did, saved as `provenance.json` beside its outputs: the counties it took
 * (their run folders and the SHA-256 of their provenance), the grid and how each county was
 * brought onto it, whether the grades were kept from the counties or re-derived (and then the
 * breaks), the statistics over the whole area and the seam check's totals. No timing and no
 * machine facts, so the same counties rolled up the same way write the same file.
 */
import { writeFileAtomic } from '../export/atomicFile';
import type { GridSpec } from '../grid/gridSpec';
import type { ResampleRule } from './rollupGrid';
import type { GradeRow } from './statistics';

export type RollupLevel = 'province' | 'city';
/** `keep`: each county's own grades; `rederive`: natural breaks of the roll-up's index. */
export type GradeMode = 'keep' | 'rederive';

/** One county as the roll-up took it. */
export interface RollupCounty {
  code: string;
  name: string;
  cityCode: string;
  cityName: string;
  runDir: string;
  provenanceSha256: string;
  /** The county's grid CRS and cell size. */
  epsg: number;
  cellSize: number;
  rule: ResampleRule;
  /** The county's own classification. */
  method: string;
  breaks: number[];
}

/** What `provenance.json` of a roll-up holds. */
export interface RollupProvenance {
  riskatlas: 'rollup';
  version: 1;
  software: { name: 'RiskAtlas'; version: string };
  level: RollupLevel;
  area: { code: string; name: string };
  grid: GridSpec;
  /** How the CRS was chosen: asked for, or the counties' common one. */
  crs: { epsg: number; chosen: 'requested' | 'common' };
  grades: {
    mode: GradeMode;
    k: number;
    names: string[];
    colors: string[];
    /** Re-derived: natural breaks (Jenks) of the roll-up's index, exact or refined; kept: the counties' breaks, listed with each county. */
    method: 'kept' | 'jenks';
    breaks?: number[];
    exactBreaks?: boolean;
    refinedBreaks?: { certified: boolean };
  };
  /** The resampling rules used, by rule: counties taken by each (see rollupGrid.ts). */
  resampling: Partial<Record<ResampleRule, string[]>>;
  counties: RollupCounty[];
  files: Record<string, string>;
  statistics: GradeRow[];
  seams: { pairs: number; pairsWithSeams: number; segments: number; lengthKm: number };
  /** Things the user should know (e.g. counties from different models whose indices were re-graded together). */
  warnings: string[];
}

/** Write `provenance.json` to `path`. */
export async function writeRollupProvenance(path: string, p: RollupProvenance): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(p, null, 2) + '\n');
}
