/**
 * `riskatlas run <folder>`: run every model document in a folder (one county each), one
 * after the other, with a progress bar on stderr and a summary table at the end. A county
 * that fails is reported with its error code and the others still run; exit 1 if any failed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { toErrorInfo, type ErrorInfo } from '../../src-shared/errors';
import { formatError, type Lang } from '../../src-shared/messages';
import { runModelInWorker } from '../engine/pipeline/workers/runInWorker';
import type { RunSummary } from '../engine/pipeline/run';

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

export interface BatchRow {
  model: string;
  outDir: string;
  ok: boolean;
  seconds: number;
  summary?: RunSummary;
  error?: ErrorInfo;
}

/**
 * Run every model of `folder`, writing each into `<outRoot>/<model file stem>/`. Returns one
 * row per model; `onProgress(fraction, label)` sees the whole batch's progress.
 */
export async function runBatch(folder: string, outRoot: string, onProgress: (fraction: number, label: string) => void): Promise<BatchRow[]> {
  const models = await modelsInFolder(resolve(folder));
  const rows: BatchRow[] = [];
  for (const [i, model] of models.entries()) {
    const stem = basename(model).replace(/\.json$/i, '');
    const outDir = join(resolve(outRoot), stem);
    const t0 = performance.now();
    try {
      const handle = runModelInWorker({ modelPath: model, outDir }, (p) => onProgress((i + p.progress) / models.length, `${i + 1}/${models.length} ${stem} ${p.step}`));
      const summary = await handle.done;
      rows.push({ model, outDir, ok: true, seconds: (performance.now() - t0) / 1000, summary });
    } catch (err) {
      rows.push({ model, outDir, ok: false, seconds: (performance.now() - t0) / 1000, error: toErrorInfo(err) });
    }
    onProgress((i + 1) / models.length, `${i + 1}/${models.length} ${stem} ${rows.at(-1)!.ok ? 'done' : 'FAILED'}`);
  }
  return rows;
}

/** The summary table printed after a batch (tab-separated: model, status, seconds, area by grade or the error). */
export function batchReport(rows: BatchRow[], lang: Lang): string {
  const lines = [`${rows.filter((r) => r.ok).length} of ${rows.length} model(s) ran`, 'model\tstatus\tseconds\tresult'];
  for (const r of rows) {
    const result = r.ok
      ? r.summary!.classification.classes.map((c) => `${c.name} ${c.areaKm2.toFixed(1)} km²`).join(', ')
      : formatError(r.error!, lang);
    lines.push(`${basename(r.model)}\t${r.ok ? 'ok' : 'failed'}\t${r.seconds.toFixed(1)}\t${result}`);
  }
  return lines.join('\n') + '\n';
}
