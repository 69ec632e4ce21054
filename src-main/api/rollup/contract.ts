/**
 * The contract's part for the province and city roll-up (汇总) in the 成果 step: look at a
 * folder of county results, roll them up as a job (progress polled, cancellable), and see what
 * it wrote. The folder is one the user chose (Electron dialog `openRollupFolder`); the roll-up
 * goes into `<folder>/rollup_<level>/`.
 */
import { z } from 'zod';
import type { ErrorInfo } from '../../../src-shared/errors';
import type { GradeRow } from '../../engine/rollup/statistics';
import type { JobState } from '../jobs/contract';
import { epsg, userPath } from '../schemas';

export type { GradeRow } from '../../engine/rollup/statistics';

/** What a folder holds for the roll-up. */
export interface RollupFolderView {
  folder: string;
  /** The county results found (run folders, and projects' last runs), by code. */
  counties: { code: string; name: string; cityCode: string; cityName: string; epsg: number; cellSize: number; runDir: string }[];
  /** Projects or folders left out, with why. */
  skipped: { path: string; error: ErrorInfo }[];
  /** The counties' CRSs: more than one means a CRS must be chosen (`epsg` of rollup.start). */
  epsgs: number[];
  /** When the counties' CRSs differ: the CRS a project would take for the area (the zone of its centre), offered first. */
  suggestedEpsg?: number;
}

/** One rolled-up area (the province, or a city). */
export interface RollupAreaResult {
  code: string;
  name: string;
  outDir: string;
  counties: number;
  gradeMode: 'keep' | 'rederive';
  breaks?: number[];
  statistics: GradeRow[];
  seams: { pairs: number; pairsWithSeams: number; segments: number; lengthKm: number };
  /** Files written, relative to `outDir`. */
  files: string[];
  warnings: string[];
}

export interface RollupJobStatus {
  jobId: string;
  state: JobState;
  /** 0–1. */
  progress: number;
  /** The area being rolled up and its step (read, mosaic, classify, grade, seams, statistics, maps, write). */
  area?: string;
  step: string;
  result?: RollupAreaResult[];
  error?: ErrorInfo;
}

const jobId = z.string().regex(/^rollup-[a-f0-9]{12}$/);

export const rollupArgs = {
  /** The county results in a folder the user chose. */
  'rollup.scan': z.object({ folder: userPath }).strict(),
  /**
   * Roll the folder's county results up into `<folder>/rollup_<level>/`: `level` province (one
   * roll-up) or city (one per city); `grades` kept from each county or re-derived on the
   * roll-up's distribution; `epsg` the roll-up's CRS when the counties' differ; `cellSize` in metres;
   * `name` the province's name (else regions.csv's).
   */
  'rollup.start': z
    .object({
      folder: userPath,
      level: z.enum(['province', 'city']),
      grades: z.enum(['keep', 'rederive']),
      epsg: epsg.optional(),
      cellSize: z.number().positive().max(100_000).optional(),
      name: z.string().min(1).max(60).optional(),
      /** The sheets' PNG resolution (default 300). */
      dpi: z.number().int().min(30).max(600).optional(),
    })
    .strict(),
  'rollup.status': z.object({ jobId }).strict(),
  'rollup.cancel': z.object({ jobId }).strict(),
} as const;

export interface RollupResults {
  'rollup.scan': RollupFolderView;
  'rollup.start': { jobId: string };
  'rollup.status': RollupJobStatus;
  'rollup.cancel': { cancelled: boolean };
}
