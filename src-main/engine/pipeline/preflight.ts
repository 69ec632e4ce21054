/**
 * Before a run computes anything: will it fit? Its estimate (estimate.ts) is compared with
 * the memory and temporary disk this machine has free, and its grid with the largest one
 * RiskAtlas runs without being asked (the largest measured, bench/README.md). A run that does
 * not fit is refused at once, naming the model file and the numbers — instead of taking a
 * gigabyte of memory and filling the temporary folder at 45 MB/s until the disk is full.
 */
import { statfs } from 'node:fs/promises';
import { freemem, tmpdir } from 'node:os';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { RunEstimate } from './estimate';

/** Above this many cells a run must be asked for knowingly (`allowLargeGrid`, CLI `--allow-large-grid`): 20000², the largest grid measured. */
export const LARGE_GRID_CELLS = 400_000_000;

/** What a run may use: memory (bytes, what this process holds included) and free disk in the temporary folder. */
export interface FreeResources {
  memoryBytes: number;
  tempDiskBytes: number;
}

/**
 * The memory and temporary disk free now: the system's available memory (and the container's
 * limit, when there is one) plus what this process already holds; the free space of the
 * filesystem of the temporary folder. A figure that cannot be read counts as unlimited.
 */
export async function freeResources(): Promise<FreeResources> {
  const held = process.memoryUsage().rss;
  const limit = process.constrainedMemory?.() ?? 0;
  const memoryBytes = Math.min(freemem() + held, limit > 0 ? limit : Infinity);
  const fs = await statfs(tmpdir()).catch(() => null);
  return { memoryBytes, tempDiskBytes: fs ? fs.bavail * fs.bsize : Infinity };
}

const gb = (b: number): string => `${(b / 1e9).toFixed(1)} GB`;

/**
 * Refuse a run that does not fit: more cells than {@link LARGE_GRID_CELLS} unless
 * `allowLargeGrid`; more memory or temporary disk than `free`.
 * @param file the model document (named by the refusal).
 * @throws RiskAtlasError E_RUN_TOO_LARGE naming the file, the grid and the numbers.
 */
export function checkRunFits(est: RunEstimate, free: FreeResources, opts: { file: string; cellSize: number; allowLargeGrid?: boolean }): void {
  const grid = `${est.width} × ${est.height} cells of ${opts.cellSize} m (${est.cells.toLocaleString('en')} cells, ${est.indicators} indicators)`;
  const params = { cells: est.cells, memoryBytes: est.memoryBytes, freeMemoryBytes: free.memoryBytes, tempDiskBytes: est.tempDiskBytes, freeTempDiskBytes: free.tempDiskBytes };
  if (est.cells > LARGE_GRID_CELLS && !opts.allowLargeGrid) {
    throw new RiskAtlasError(
      'E_RUN_TOO_LARGE',
      `grid.cellSize: the run is ${grid}, more than the ${LARGE_GRID_CELLS.toLocaleString('en')} cells RiskAtlas runs unasked; choose a larger cell size, or run it knowingly (riskatlas run --allow-large-grid)`,
      { file: opts.file, params },
    );
  }
  const short: string[] = [];
  if (est.memoryBytes > free.memoryBytes) short.push(`about ${gb(est.memoryBytes)} of memory, ${gb(free.memoryBytes)} available`);
  if (est.tempDiskBytes > free.tempDiskBytes) short.push(`about ${gb(est.tempDiskBytes)} of temporary disk in ${tmpdir()}, ${gb(free.tempDiskBytes)} free`);
  if (short.length) {
    throw new RiskAtlasError('E_RUN_TOO_LARGE', `the run is ${grid} and needs ${short.join('; and ')}; choose a larger cell size or free ${short.length > 1 ? 'both' : 'it'}`, { file: opts.file, params });
  }
}
