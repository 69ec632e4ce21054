/**
 * A run's outputs as layers of the project: the index, the grade and (with zoning) the zoning
 * rasters become data sources the map can show, registered when a run ends and again when the
 * project is opened (the last run, while its files are there).
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { inspect } from '../../engine/io/inspect';
import type { LayerStyle } from '../../engine/catalog/styles';
import type { RunSummary } from '../../engine/pipeline/run';
import type { ProjectContext } from '../context';
import type { LayerEntry } from '../layers/contract';
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

/** Bring back the last finished run of the project (its outputs in `runs/<id>/`), when its files are still there. */
export async function restoreLastRun(ctx: ProjectContext): Promise<void> {
  const p = ctx.open();
  const last = p.file.lastRun();
  if (!last) return;
  const r = last.summary as RunResult;
  const outDir = join(p.dataDir, 'runs', last.id);
  const moved = (f: string): string => join(outDir, relative(r.outDir, f));
  const files = { index: moved(r.files.index), grade: moved(r.files.grade), stats: moved(r.files.stats), ...(r.files.png ? { png: moved(r.files.png) } : {}) } as RunSummary['files'];
  if (!existsSync(files.index) || !existsSync(files.grade)) return;
  const zoning = r.layers.find((l) => l.id.endsWith('-zoning'));
  if (zoning) files.zoning = moved(zoning.meta.path);
  p.lastRun = await registerResult(ctx, last.id, { outDir, files, classification: r.classification, weights: r.weights, elapsedMs: r.elapsedMs, ...(r.zoning ? { zoning: r.zoning } : {}) });
}
