/**
 * The roll-up in the app: the county results a chosen folder holds, and the roll-up as a job
 * in this process — it streams by tiles and awaits its reads and writes, so the window stays
 * responsive — with progress polled by id and cancellation between tiles.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { RiskAtlasError, toErrorInfo } from '../../../src-shared/errors';
import { chineseMonth } from '../../engine/maps/render';
import { readRegionNames } from '../../engine/rollup/discover';
import { readCountyResult, type CountyResult } from '../../engine/rollup/countyResult';
import { regionNames, rollUp, type RollupResult } from '../../engine/rollup/rollup';
import { suggestRollupCrs } from '../../engine/rollup/rollupGrid';
import type { z } from 'zod';
import type { RollupAreaResult, RollupFolderView, RollupJobStatus, rollupArgs } from './contract';
import { countySourcesIn } from './sources';

/** A roll-up running or ended in this session. */
interface RollupJob {
  status: RollupJobStatus;
  abort: AbortController;
}

/** The counties a folder offers (unreadable results listed as skipped). */
async function countiesIn(folder: string): Promise<{ counties: CountyResult[]; view: RollupFolderView }> {
  const { sources, skipped } = await countySourcesIn(folder);
  const counties: CountyResult[] = [];
  const left = [...skipped];
  for (const s of sources) {
    try {
      counties.push(await readCountyResult(s));
    } catch (err) {
      left.push({ path: s.runDir, error: toErrorInfo(err) });
    }
  }
  const names = await regionNames(counties, await readRegionNames(folder));
  counties.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const epsgs = [...new Set(counties.map((c) => c.grid.epsg))].sort((a, b) => a - b);
  return {
    counties,
    view: {
      folder,
      counties: counties.map((c) => ({ code: c.code, name: c.name, cityCode: c.cityCode, cityName: names.get(c.cityCode) ?? c.cityCode, epsg: c.grid.epsg, cellSize: c.grid.cellSize, runDir: c.source.runDir })),
      skipped: left,
      epsgs,
      ...(epsgs.length > 1 ? { suggestedEpsg: suggestRollupCrs(counties) } : {}),
    },
  };
}

/** What a folder holds for the roll-up. */
export async function scanFolder(folder: string): Promise<RollupFolderView> {
  return (await countiesIn(folder)).view;
}

function areaResult(r: RollupResult): RollupAreaResult {
  const p = r.provenance;
  return {
    code: p.area.code,
    name: p.area.name,
    outDir: r.outDir,
    counties: p.counties.length,
    gradeMode: p.grades.mode,
    ...(p.grades.breaks ? { breaks: p.grades.breaks } : {}),
    statistics: p.statistics,
    seams: p.seams,
    files: [...Object.values(p.files), 'provenance.json'].sort(),
    warnings: p.warnings,
  };
}

/** The roll-up jobs of a session, by id. */
export class RollupJobs {
  private readonly jobs = new Map<string, RollupJob>();

  /** Start rolling up `args.folder` into `<folder>/rollup_<level>/`; returns the job id at once. */
  start(args: z.infer<(typeof rollupArgs)['rollup.start']>): string {
    const jobId = `rollup-${randomBytes(6).toString('hex')}`;
    const status: RollupJobStatus = { jobId, state: 'running', progress: 0, step: 'read' };
    const abort = new AbortController();
    this.jobs.set(jobId, { status, abort });
    const run = async (): Promise<RollupAreaResult[]> => {
      const { sources, skipped } = await countySourcesIn(args.folder);
      if (!sources.length && skipped.length) throw new RiskAtlasError(skipped[0]!.error.code, skipped[0]!.error.message, { ...(skipped[0]!.error.file ? { file: skipped[0]!.error.file } : {}) });
      const { folder, ...settings } = args;
      const results = await rollUp(sources, join(folder, `rollup_${args.level}`), {
        ...settings,
        regions: await readRegionNames(folder),
        date: chineseMonth(new Date()),
        signal: abort.signal,
        onProgress: (p) => {
          status.progress = (p.done + p.fraction) / p.of;
          status.step = p.step;
          status.area = p.area;
        },
      });
      return results.map(areaResult);
    };
    run().then(
      (result) => Object.assign(status, { state: 'done', progress: 1, step: 'write', result }),
      (err: unknown) => {
        const error = toErrorInfo(err);
        Object.assign(status, { state: error.code === 'E_CANCELLED' ? 'cancelled' : 'failed', error });
      },
    );
    return jobId;
  }

  status(jobId: string): RollupJobStatus {
    const job = this.jobs.get(jobId);
    if (!job) throw new RiskAtlasError('E_ARG_INVALID', `no roll-up "${jobId}"`);
    return job.status;
  }

  /** Cancel a running roll-up; false when it had already ended. */
  cancel(jobId: string): boolean {
    const s = this.status(jobId);
    if (s.state !== 'running') return false;
    this.jobs.get(jobId)!.abort.abort();
    return true;
  }
}
