/** `riskatlas qc <model.json | folder>`: check the input layers, print a summary, write the reports. */
import { stat, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runQc, runQcFolder, qcReportCsv, type QcOptions } from '../engine/qc/runQc';
import { qcReportHtml } from '../engine/qc/reportHtml';
import { writeFileAtomic } from '../engine/export/atomicFile';
import type { Lang } from '../../src-shared/messages';

/**
 * QC of a model's layers (`target` is a model document) or of every layer file in a folder.
 * Prints one line of counts and one line per rule × layer; with `outDir` writes
 * qc_report.csv (UTF-8 with BOM), qc_report.json and the printable qc_report.html.
 * Returns the exit code: 1 when there are errors, else 0.
 */
export async function qcCommand(target: string, outDir: string | undefined, opts: QcOptions & { lang: Lang }): Promise<number> {
  const isFolder = (await stat(target).catch(() => null))?.isDirectory() ?? false;
  const report = isFolder ? await runQcFolder(target, opts) : await runQc(target, opts);
  const byRule = new Map<string, number>();
  for (const f of report.findings) byRule.set(`${f.rule}\t${f.severity}\t${f.layer}`, (byRule.get(`${f.rule}\t${f.severity}\t${f.layer}`) ?? 0) + 1);
  const lines = [`QC of ${report.model}: ${report.counts.error} error(s), ${report.counts.warning} warning(s), ${report.counts.info} note(s)`];
  for (const [key, n] of [...byRule].sort()) lines.push(`  ${key}\t${n}`);
  process.stdout.write(lines.join('\n') + '\n');
  if (outDir) {
    const dir = resolve(outDir);
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(join(dir, 'qc_report.csv'), qcReportCsv(report));
    await writeFileAtomic(join(dir, 'qc_report.json'), JSON.stringify(report, null, 2) + '\n');
    await writeFileAtomic(join(dir, 'qc_report.html'), qcReportHtml(report, { lang: opts.lang, generated: new Date().toISOString().slice(0, 19).replace('T', ' ') }));
    process.stdout.write(`written: ${join(dir, 'qc_report.csv')}, qc_report.json, qc_report.html\n`);
  }
  return report.counts.error > 0 ? 1 : 0;
}
