/**
 * `riskatlas export <model.json|project.riskatlas|project folder> --out <dir> [--maps …] [--paper A3]
 * [--orientation landscape] [--dpi 300] [--layout layout.json] [--atlas]`: run the model (or
 * take the project's last run, or run its model) and write the deliverable package into `--out`
 * (engine/export/deliverable) — a project's edited sheet layouts included. Also the sheets
 * `riskatlas demo` adds.
 */
import { existsSync } from 'node:fs';
import { cp, lstat, mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RiskAtlasError } from '../../src-shared/errors';
import { runModelInWorker } from '../engine/pipeline/workers/runInWorker';
import { writeDeliverable, PACKAGE_MAPS, type PackageMap } from '../engine/export/package';
import { loadSheetRun } from '../engine/maps/sheetData';
import { chineseMonth, defaultLayoutFor, sheetStem, writeSheet } from '../engine/maps/render';
import { PAPER_MM, type Paper, type SheetLayout } from '../engine/maps/layout';
import { stderrProgress } from './batch';
import { projectOf, withProjectModel } from './projectArg';
import { savedLayouts } from '../api/sheets/layouts';

/** Options of `riskatlas export` as parsed from the command line (strings, unchecked). */
export interface ExportArgs {
  model: string;
  out: string;
  maps?: string;
  paper?: string;
  orientation?: string;
  dpi?: string;
  layout?: string;
  atlas?: boolean;
}

/** A usage problem with an export option (exit 2). */
export class ExportUsageError extends Error {}

/** Check the option strings; throws ExportUsageError naming the option. */
export function parseExportOptions(a: Omit<ExportArgs, 'model' | 'out'>): { maps?: PackageMap[]; paper?: Paper; orientation?: 'portrait' | 'landscape'; dpi?: number } {
  const out: ReturnType<typeof parseExportOptions> = {};
  if (a.maps !== undefined) {
    const maps = a.maps.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = maps.find((m) => !(PACKAGE_MAPS as readonly string[]).includes(m));
    if (bad !== undefined || !maps.length) throw new ExportUsageError(`--maps expects a comma-separated list of ${PACKAGE_MAPS.join(', ')}, got "${a.maps}"`);
    out.maps = maps as PackageMap[];
  }
  if (a.paper !== undefined) {
    const p = a.paper.toUpperCase();
    if (!(p in PAPER_MM)) throw new ExportUsageError(`--paper expects A4, A3, A2, A1 or A0, got "${a.paper}"`);
    out.paper = p as Paper;
  }
  if (a.orientation !== undefined) {
    if (a.orientation !== 'portrait' && a.orientation !== 'landscape') throw new ExportUsageError(`--orientation expects portrait or landscape, got "${a.orientation}"`);
    out.orientation = a.orientation;
  }
  if (a.dpi !== undefined) {
    const d = Number(a.dpi);
    if (!Number.isInteger(d) || d < 30 || d > 1200) throw new ExportUsageError(`--dpi expects a whole number 30–1200, got "${a.dpi}"`);
    out.dpi = d;
  }
  return out;
}

/**
 * The run folder of a project file's last finished run, copied to `out` (its files only: a
 * symbolic link in it is not followed), and the project's edited sheet layouts (drawn instead of
 * the defaults); a project never computed (made by `riskatlas new`, say) has its model run into
 * `out`. The project is opened read-only (nothing in it changes), its run checked like every
 * path it names (api/project/storedPaths.ts): a refused run is E_ARG_INVALID. Returns the
 * project's data folder, where the run's model layers are, and the layouts.
 */
async function projectRunInto(projectPath: string, out: string, bar: ReturnType<typeof stderrProgress>): Promise<{ modelDir: string; layouts: SheetLayout[] }> {
  return withProjectModel(projectPath, async (modelFile, session) => {
    const info = session.context.info()!;
    const refused = info.rejected.find((r) => r.kind === 'run');
    if (refused) throw new RiskAtlasError('E_ARG_INVALID', `its run "${refused.id}" is refused: "${refused.path}" ${refused.reason}`, { file: projectPath });
    const runDir = session.current()?.lastRun?.outDir;
    if (runDir && existsSync(join(runDir, 'provenance.json'))) {
      await mkdir(out, { recursive: true });
      await cp(runDir, out, { recursive: true, filter: async (src) => !(await lstat(src)).isSymbolicLink() });
    } else await runInto(await modelFile(), out, bar);
    return { modelDir: info.dataDir, layouts: savedLayouts(session.context.open().file) };
  });
}

/** Run a model document into `out` (the first 30 % of the progress bar); Ctrl-C cancels. */
async function runInto(modelPath: string, out: string, bar: ReturnType<typeof stderrProgress>): Promise<void> {
  const handle = runModelInWorker({ modelPath: resolve(modelPath), outDir: out }, (p) => bar(p.progress * 0.3, `run ${p.step}`));
  const onSigint = (): void => handle.cancel();
  process.once('SIGINT', onSigint);
  try {
    await handle.done;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/**
 * Write the package: for a model document, run it into `out` first; for a project (its
 * `.riskatlas` file or folder), take its last run as computed in the app, or run its model. Prints the files written.
 * Returns the exit code.
 */
export async function exportCommand(a: ExportArgs): Promise<number> {
  const opts = parseExportOptions(a);
  let layout: unknown;
  if (a.layout !== undefined) {
    let text: string;
    try {
      text = await readFile(a.layout, 'utf8');
    } catch (err) {
      throw new RiskAtlasError((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'E_FILE_NOT_FOUND' : 'E_FILE_READ', (err as Error).message, { file: a.layout });
    }
    try {
      layout = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new RiskAtlasError('E_JSON_INVALID', (err as Error).message, { file: a.layout });
    }
  }
  const out = resolve(a.out);
  const bar = stderrProgress();
  const project = await projectOf(a.model);
  let modelDir: string | undefined;
  let layouts: SheetLayout[] = [];
  if (project) ({ modelDir, layouts } = await projectRunInto(project, out, bar));
  else await runInto(a.model, out, bar);
  const files = await writeDeliverable(out, {
    ...opts,
    layouts,
    ...(modelDir ? { modelDir } : {}),
    ...(layout !== undefined ? { layout } : {}),
    ...(a.atlas ? { atlas: true } : {}),
    ...(opts.maps ? {} : { maps: [...PACKAGE_MAPS] }),
    onProgress: (step, done, total) => bar(0.3 + (0.7 * done) / total, step),
  });
  process.stdout.write([`package written to ${out}:`, ...files.map((f) => `  ${f.path}`), '  说明.txt'].join('\n') + '\n');
  return 0;
}

/**
 * The two sheets `riskatlas demo` adds to its run folder: 综合风险图 and 综合防治区划图, each
 * as vector PDF and 300-dpi PNG, in `<outDir>/maps/`. Returns the paths written.
 */
export async function writeDemoSheets(outDir: string): Promise<string[]> {
  const run = await loadSheetRun(outDir);
  const written: string[] = [];
  await mkdir(join(run.outDir, 'maps'), { recursive: true });
  for (const kind of run.zoning ? (['riskGrade', 'zoning'] as const) : (['riskGrade'] as const)) {
    const layout = defaultLayoutFor(kind, run, { date: chineseMonth(new Date()) });
    for (const format of ['pdf', 'png'] as const) {
      const path = join(run.outDir, 'maps', `${sheetStem(run, { kind })}.${format}`);
      await writeSheet(path, layout, run, format);
      written.push(path);
    }
  }
  process.stdout.write(['map sheets:', ...written.map((p) => `  ${p}`)].join('\n') + '\n');
  return written;
}
