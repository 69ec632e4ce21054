/**
 * The seam check's files: the QC report (seam_report.html, .csv, .json — the QC report's own
 * writers), one row per pair of neighbouring counties (seams_by_pair.csv) and the seams as
 * lines (seams.gpkg, in the roll-up CRS; removed when there is no seam, so a re-run leaves no
 * stale one).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../export/atomicFile';
import { toCsv } from '../export/csv';
import { writeGeoPackage } from '../export/geopackageWriter';
import type { GridSpec } from '../grid/gridSpec';
import { qcReportHtml } from '../qc/reportHtml';
import { qcReportCsv } from '../qc/runQc';
import { SEAM_PAIR_HEADER, seamFeatures, seamPairRows, seamQcReport, type SeamCounty, type SeamPair, type SeamSegment } from './seams';

/** Write the seam files into `dir`; returns them by role, relative to `dir`. */
export async function writeSeamFiles(dir: string, title: string, found: { pairs: SeamPair[]; segments: SeamSegment[] }, counties: SeamCounty[], grid: GridSpec): Promise<Record<string, string>> {
  const { pairs, segments } = found;
  const report = seamQcReport(title, segments, counties);
  await writeFileAtomic(join(dir, 'seam_report.csv'), qcReportCsv(report));
  await writeFileAtomic(join(dir, 'seam_report.json'), JSON.stringify(report, null, 2) + '\n');
  await writeFileAtomic(join(dir, 'seam_report.html'), qcReportHtml(report));
  await writeFileAtomic(join(dir, 'seams_by_pair.csv'), toCsv(SEAM_PAIR_HEADER, seamPairRows(pairs, segments, counties, grid.cellSize)));
  await rm(join(dir, 'seams.gpkg'), { force: true });
  if (segments.length) await writeGeoPackage(join(dir, 'seams.gpkg'), 'seams', seamFeatures(segments, counties), grid.epsg);
  return { seamReport: 'seam_report.html', seamReportCsv: 'seam_report.csv', seamReportJson: 'seam_report.json', seamPairs: 'seams_by_pair.csv', ...(segments.length ? { seams: 'seams.gpkg' } : {}) };
}
