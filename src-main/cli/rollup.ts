/**
 * `riskatlas rollup <folder> --out <dir> [--level province|city] [--grades keep|rederive]
 * [--crs EPSG:n] [--cell-size m] [--name 名称] [--regions regions.csv] [--dpi 300]`: roll the
 * county results in a folder (run folders, and projects' last runs) up into a province's or
 * each city's mosaic, statistics, map sheets and seam report (engine/rollup).
 *
 * Region names come from `--regions`, else `regions.csv` in the folder, else the one beside the
 * counties' model documents.
 */
import { resolve } from 'node:path';
import { formatError, type Lang } from '../../src-shared/messages';
import { chineseMonth } from '../engine/maps/render';
import { readRegionNames } from '../engine/rollup/discover';
import { rollUp, type GradeMode, type RollupLevel, type RollupResult } from '../engine/rollup/rollup';
import { countySourcesIn } from '../api/rollup/sources';
import { stderrProgress } from './batch';

/** A usage problem with a roll-up option (exit 2). */
export class RollupUsageError extends Error {}

export interface RollupArgs {
  folder: string;
  out: string;
  level?: string;
  grades?: string;
  epsg?: number;
  cellSize?: string;
  name?: string;
  regions?: string;
  dpi?: string;
  lang: Lang;
}

/** The roll-up settings a queue or a roll-up takes from options: level, grades, cell size and dpi, checked. */
export function parseRollupOptions(a: { level?: string; grades?: string; cellSize?: string; dpi?: string }, levels: readonly string[] = ['province', 'city']): { level?: string; grades?: GradeMode; cellSize?: number; dpi?: number } {
  const out: ReturnType<typeof parseRollupOptions> = {};
  if (a.level !== undefined) {
    if (!levels.includes(a.level)) throw new RollupUsageError(`expects ${levels.join(', ')} for the roll-up level, got "${a.level}"`);
    out.level = a.level;
  }
  if (a.grades !== undefined) {
    if (a.grades !== 'keep' && a.grades !== 'rederive') throw new RollupUsageError(`--grades expects keep or rederive, got "${a.grades}"`);
    out.grades = a.grades;
  }
  if (a.cellSize !== undefined) {
    const v = Number(a.cellSize);
    if (!(v > 0 && v <= 100_000)) throw new RollupUsageError(`--cell-size expects metres (a positive number), got "${a.cellSize}"`);
    out.cellSize = v;
  }
  if (a.dpi !== undefined) {
    const d = Number(a.dpi);
    if (!Number.isInteger(d) || d < 30 || d > 600) throw new RollupUsageError(`--dpi expects a whole number 30–600, got "${a.dpi}"`);
    out.dpi = d;
  }
  return out;
}

/** What a roll-up did, as lines for stdout. */
export function rollupReport(results: RollupResult[]): string {
  const lines: string[] = [];
  for (const { outDir, provenance: p } of results) {
    const g = p.grid;
    lines.push(
      `${p.area.name}${p.area.code ? ` (${p.area.code})` : ''}: ${p.counties.length} counties → ${outDir}`,
      `  grid: ${g.width} × ${g.height} cells of ${g.cellSize} m, EPSG:${g.epsg} (${p.crs.chosen === 'common' ? "the counties' CRS" : 'as asked'})`,
      `  resampling: ${Object.entries(p.resampling).map(([rule, codes]) => `${rule} ${codes!.length}`).join(', ')}`,
      `  grades: ${p.grades.mode === 'keep' ? "kept from each county" : `re-derived by natural breaks ${p.grades.breaks!.map((b) => +b.toFixed(4)).join(', ')}`}`,
      ...p.statistics.map((r) => `    ${r.grade} ${r.name}\t${r.areaKm2.toFixed(2)} km²\t${r.sharePct.toFixed(1)} %${r.population === undefined ? '' : `\t${Math.round(r.population)} 人`}`),
      `  seams: ${p.seams.segments} segment(s), ${p.seams.lengthKm.toFixed(2)} km, between ${p.seams.pairsWithSeams} of ${p.seams.pairs} neighbouring county pairs (seam_report.html)`,
      ...p.warnings.map((w) => `  warning: ${w}`),
    );
  }
  return lines.join('\n') + '\n';
}

/** `riskatlas rollup`: returns the exit code (1 when there is nothing to roll up). */
export async function rollupCommand(a: RollupArgs): Promise<number> {
  const o = parseRollupOptions(a);
  const { sources, skipped } = await countySourcesIn(a.folder);
  for (const s of skipped) process.stderr.write(`riskatlas: left out: ${formatError(s.error, a.lang)}\n`);
  const regions = await readRegionNames(a.regions ?? a.folder);
  const progress = stderrProgress();
  const results = await rollUp(sources, resolve(a.out), {
    level: (o.level ?? 'province') as RollupLevel,
    grades: o.grades ?? 'keep',
    epsg: a.epsg,
    cellSize: o.cellSize,
    name: a.name,
    dpi: o.dpi,
    regions,
    date: chineseMonth(new Date()),
    onProgress: (p) => progress((p.done + p.fraction) / p.of, `${p.area} ${p.step}`),
  });
  process.stdout.write(rollupReport(results));
  return 0;
}
