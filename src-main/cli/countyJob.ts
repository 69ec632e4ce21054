/**
 * One county's run as a job: the job runner `riskatlas run <folder>` and `riskatlas worker`
 * share, so a county computes the same way on one machine and on many (same code, same
 * bytes). It runs the model in this process — a batch or a queue worker does nothing else
 * meanwhile, and one engine load serves every county — and never throws: the outcome says
 * whether the county ran, or its coded error.
 *
 * Re-runnable: a run writes every output to a temporary sibling and renames it, so a run
 * stopped half-way (a killed worker) leaves only `*.tmp-<pid>-<n>` files behind; they are
 * removed before the county runs again, and the re-run writes the same bytes.
 */
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { toErrorInfo, type ErrorInfo } from '../../src-shared/errors';
import { runModel, type RunProgress } from '../engine/pipeline/run';

/** How one county's job ended. */
export interface CountyOutcome {
  model: string;
  outDir: string;
  ok: boolean;
  seconds: number;
  /** Area per grade, highest risk first (when it ran). */
  classes?: { name: string; areaKm2: number }[];
  error?: ErrorInfo;
}

/** Temporary files of the atomic writers (`<file>.tmp-<pid>-<suffix>`), left by a run that was killed. */
const LEFTOVER = /\.tmp-\d+-[0-9a-z]+$/i;

/** Remove what a killed run of this county left in `outDir` (nothing when the folder does not exist yet). */
export async function removeLeftovers(outDir: string): Promise<string[]> {
  const names = await readdir(outDir).catch(() => [] as string[]);
  const stale = names.filter((n) => LEFTOVER.test(n));
  await Promise.all(stale.map((n) => rm(join(outDir, n), { force: true })));
  return stale;
}

/**
 * Run the model at `model` into `outDir`. `onProgress` sees the run's steps; `signal` stops it
 * between tiles (the outcome is then E_CANCELLED).
 */
export async function runCounty(model: string, outDir: string, onProgress?: (p: RunProgress) => void, signal?: AbortSignal): Promise<CountyOutcome> {
  const t0 = performance.now();
  const out = resolve(outDir);
  const seconds = (): number => (performance.now() - t0) / 1000;
  try {
    await removeLeftovers(out);
    const summary = await runModel(resolve(model), out, { ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) });
    return { model, outDir: out, ok: true, seconds: seconds(), classes: summary.classification.classes.map((c) => ({ name: c.name, areaKm2: c.areaKm2 })) };
  } catch (err) {
    return { model, outDir: out, ok: false, seconds: seconds(), error: toErrorInfo(err) };
  }
}
