/**
 * `riskatlas run <folder>`: run every model document in a folder (one county each), one
 * after the other, with a progress bar on stderr and a summary table at the end. A county
 * that fails is reported with its error code and the others still run; exit 1 if any failed.
 * Each county runs through the job runner `riskatlas worker` uses too (countyJob.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { formatError, type Lang } from '../../src-shared/messages';
import { runCounty, type CountyOutcome } from './countyJob';

/**
 * A progress line on stderr: `[####....] 42% label`. Redrawn in place on a terminal; on a
 * pipe or log file only whole-step changes are written, one per line, so logs stay readable.
 */
export function stderrProgress(): (fraction: number, label: string) => void {
  let last = '';
  return (fraction, label) => {
    const width = 30;
    const done = Math.max(0, Math.min(width, Math.round(fraction * width)));
    const line = `[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${label}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(last.length)}`);
    else if (label !== last) process.stderr.write(line + '\n');
    last = process.stderr.isTTY ? line : label;
    if (fraction >= 1 && process.stderr.isTTY) process.stderr.write('\n');
  };
}

/** The model documents of a folder: `*.json` files whose `riskatlas` member is "model", sorted by name. */
export async function modelsInFolder(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(folder, { withFileTypes: true })) {
    if (!e.isFile() || !/\.json$/i.test(e.name)) continue;
    try {
      const j = JSON.parse((await readFile(join(folder, e.name), 'utf8')).replace(/^\uFEFF/, '')) as { riskatlas?: unknown };
      if (j.riskatlas === 'model') out.push(join(folder, e.name));
    } catch {
      // Not JSON: not a model document; the folder may hold other files.
    }
  }
  return out.sort();
}

/** A county's label: its model file's name without `.json`. */
export const modelStem = (model: string): string => basename(model).replace(/\.json$/i, '');

/** Where a county's outputs go: `<outRoot>/<model file stem>/`. */
export function countyOutDir(outRoot: string, model: string): string {
  return join(resolve(outRoot), modelStem(model));
}

/**
 * Run every model of `folder`, writing each into `<outRoot>/<model file stem>/`. Returns one
 * outcome per model; `onProgress(fraction, label)` sees the whole batch's progress.
 */
export async function runBatch(folder: string, outRoot: string, onProgress: (fraction: number, label: string) => void): Promise<CountyOutcome[]> {
  const models = await modelsInFolder(resolve(folder));
  const rows: CountyOutcome[] = [];
  for (const [i, model] of models.entries()) {
    const stem = modelStem(model);
    const row = await runCounty(model, countyOutDir(outRoot, model), (p) => onProgress((i + p.progress) / models.length, `${i + 1}/${models.length} ${stem} ${p.step}`));
    rows.push(row);
    onProgress((i + 1) / models.length, `${i + 1}/${models.length} ${stem} ${row.ok ? 'done' : 'FAILED'}`);
  }
  return rows;
}

/** The summary table printed after a batch (tab-separated: model, status, seconds, area by grade or the error). */
export function batchReport(rows: CountyOutcome[], lang: Lang): string {
  const lines = [`${rows.filter((r) => r.ok).length} of ${rows.length} model(s) ran`, 'model\tstatus\tseconds\tresult'];
  for (const r of rows) {
    const result = r.ok
      ? r.classes!.map((c) => `${c.name} ${c.areaKm2.toFixed(1)} km²`).join(', ')
      : formatError(r.error!, lang);
    lines.push(`${basename(r.model)}\t${r.ok ? 'ok' : 'failed'}\t${r.seconds.toFixed(1)}\t${result}`);
  }
  return lines.join('\n') + '\n';
}
