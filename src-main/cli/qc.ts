/** `riskatlas qc <model.json | folder | layer file>`: check the input layers, print a summary, write the reports. */
import { stat, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RiskAtlasError } from '../../src-shared/errors';
import { isModelDocument, runQc, runQcFile, runQcFolder, qcReportCsv, type QcOptions, type QcReport } from '../engine/qc/runQc';
import { qcReportHtml } from '../engine/qc/reportHtml';
import { writeFileAtomic } from '../engine/export/atomicFile';
import type { Lang } from '../../src-shared/messages';

/** QC of what `target` is: a folder of layer files, a model document, or one layer file (with what the user states about it). */
async function qcOf(target: string, opts: QcOptions & { crs?: number; encoding?: string }): Promise<QcReport> {
  const st = await stat(target).catch(() => null);
  if (!st) throw new RiskAtlasError('E_FILE_NOT_FOUND', 'no such file or folder', { file: target });
  const stated = opts.crs !== undefined || opts.encoding !== undefined;
  if (st.isDirectory() || (await isModelDocument(target))) {
    if (stated) throw new RiskAtlasError('E_ARG_INVALID', '--crs and --encoding state what one layer file lacks; a model states them per layer ("crs", "encoding")', { file: target });
    return st.isDirectory() ? runQcFolder(target, opts) : runQc(target, opts);
  }
  return runQcFile(target, opts);
}

/**
 * QC of a model's layers (`target` is a model document), of every layer file in a folder, or
 * of one layer file. Prints one line of counts, one line per rule × layer, and one per layer
 * saying its CRS and encoding and what they rest on; with `outDir` writes qc_report.csv (UTF-8
 * with BOM), qc_report.json and the printable qc_report.html.
 * Returns the exit code: 1 when there are errors, else 0.
 */
export async function qcCommand(target: string, outDir: string | undefined, opts: QcOptions & { lang: Lang; crs?: number; encoding?: string }): Promise<number> {
  const report = await qcOf(target, opts);
  const byRule = new Map<string, number>();
  for (const f of report.findings) byRule.set(`${f.rule}\t${f.severity}\t${f.layer}`, (byRule.get(`${f.rule}\t${f.severity}\t${f.layer}`) ?? 0) + 1);
  const lines = [`QC of ${report.model}: ${report.counts.error} error(s), ${report.counts.warning} warning(s), ${report.counts.info} note(s)`];
  for (const [key, n] of [...byRule].sort()) lines.push(`  ${key}\t${n}`);
  for (const l of report.layers ?? []) lines.push(`  layer ${l.layer}: ${l.crs}${l.datumShift ? `; datum: ${l.datumShift}` : ''}${l.encoding ? `; encoding ${l.encoding} (${l.encodingEvidence})` : ''}`);
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
