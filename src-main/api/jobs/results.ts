/**
 * A run's outputs as layers of the project: the index, the grade and (with zoning) the zoning
 * rasters become data sources the map can show, registered when a run ends and again when the
 * project is opened (the last run, while its files are there).
 */
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { inspect } from '../../engine/io/inspect';
import type { LayerStyle } from '../../engine/catalog/styles';
import type { RunSummary } from '../../engine/pipeline/run';
import { escapeOf } from '../../engine/io/containedPath';
import type { ProjectContext } from '../context';
import type { LayerEntry } from '../layers/contract';
import type { RejectedEntry } from '../project/contract';
import { rejected, runFolder } from '../project/storedPaths';
import type { RunResult } from './contract';

/** Register a run's result layers as data sources. */
export async function registerResult(ctx: ProjectContext, runId: string, s: Pick<RunSummary, 'outDir' | 'files' | 'classification' | 'weights' | 'elapsedMs' | 'zoning'>): Promise<RunResult> {
  const layers: LayerEntry[] = [];
  const add = async (id: string, name: string, path: string, style: LayerStyle): Promise<void> => {
    const res = await inspect(path);
    if (!res.ok) throw new RiskAtlasError(res.error.code, res.error.message, { file: path });
    const entry: LayerEntry = { id, name, category: 'result', meta: res.value, style, visible: id.endsWith('grade') };
    layers.push(entry);
    ctx.data.set(id, { entry, path });
  };
  const b = s.classification.breaks;
  await add(`${runId}-index`, '综合风险指数', s.files.index, { type: 'ramp', min: b[0]!, max: b[b.length - 1]!, colors: ['#38A800', '#FFFF00', '#E60000'] });
  await add(`${runId}-grade`, '综合风险等级', s.files.grade, {
    type: 'classes',
    classes: s.classification.classes.map((c) => ({ value: c.grade, color: c.color })),
  });
  if (s.files.zoning) {
    const colours = ['#C00000', '#FF9900', '#FFE699'];
    await add(`${runId}-zoning`, '综合防治区划', s.files.zoning, { type: 'classes', classes: colours.map((color, i) => ({ value: i + 1, color })) });
  }
  return {
    runId,
    outDir: s.outDir,
    files: { index: s.files.index, grade: s.files.grade, stats: s.files.stats, ...(s.files.png ? { png: s.files.png } : {}) },
    classification: s.classification,
    weights: s.weights,
    layers,
    elapsedMs: s.elapsedMs,
    ...(s.zoning ? { zoning: { capacityBreaks: s.zoning.capacityBreaks, zones: s.zoning.zones } } : {}),
  };
}

/**
 * Bring back the last finished run of the project (its outputs in `runs/<id>/`), when its
 * files are still there. The run's id and files come from the project file: an id that is no
 * run id, or a file that is not inside the run's folder, is listed in the project's rejected
 * entries and nothing of the run is followed. A run whose record or outputs cannot be read is
 * left out (compute again).
 */
export async function restoreLastRun(ctx: ProjectContext): Promise<void> {
  const p = ctx.open();
  let last: { id: string; summary: unknown } | undefined;
  try {
    last = p.file.lastRun();
  } catch {
    return; // a damaged summary: no run to show
  }
  if (!last) return;
  const folder = runFolder(p.dataDir, last.id);
  if ('rejected' in folder) {
    p.rejected.push(folder.rejected);
    return;
  }
  const outDir = folder.dir;
  const r = last.summary as Partial<RunResult>;
  // The files were recorded with the folder the run had where it ran: each must be inside it.
  const bad: RejectedEntry[] = [];
  const moved = (f: unknown): string => {
    const rel = typeof f === 'string' && typeof r.outDir === 'string' ? relative(r.outDir, f).split(sep).join('/') : String(f);
    const why = typeof f === 'string' ? escapeOf(outDir, rel) : 'is not a file name';
    if (why) bad.push(rejected('run', last.id, rel, why));
    return join(outDir, rel);
  };
  try {
    const f = r.files!;
    const files = { index: moved(f.index), grade: moved(f.grade), stats: moved(f.stats), ...(f.png ? { png: moved(f.png) } : {}) } as RunSummary['files'];
    const zoning = r.layers!.find((l) => l.id.endsWith('-zoning'));
    if (zoning) files.zoning = moved(zoning.meta.path);
    if (bad.length) {
      p.rejected.push(...bad);
      return;
    }
    if (!existsSync(files.index) || !existsSync(files.grade)) return;
    p.lastRun = await registerResult(ctx, last.id, { outDir, files, classification: r.classification!, weights: r.weights!, elapsedMs: r.elapsedMs!, ...(r.zoning ? { zoning: r.zoning } : {}) });
  } catch {
    // A damaged record or output: the project opens without its last run.
    for (const id of [...ctx.data.keys()]) if (id.startsWith(`${last.id}-`)) ctx.data.delete(id);
  }
}
