/**
 * The province and city roll-up (汇总): county results → one mosaic of the risk index, grades
 * and zoning on one grid, statistics by county, city and grade, the map sheets with the
 * county boundaries and names, and a seam check of neighbouring counties' grades.
 *
 * `level: 'province'` rolls every county up into `outDir`; `level: 'city'` rolls up each city
 * (地市: the counties whose 6-digit codes share their first four digits) into
 * `outDir/<city code>/`. The grades are kept from each county, or re-derived on the roll-up's
 * own distribution (area.ts); the provenance says which.
 */
import { join } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { rollUpArea, type AreaOptions } from './area';
import { readRegionNames } from './discover';
import { readCountyResult, type CountyResult, type CountySource } from './countyResult';
import type { GradeMode, RollupLevel, RollupProvenance } from './provenance';

export type { CountySource } from './countyResult';
export type { GradeMode, RollupLevel, RollupProvenance } from './provenance';

export interface RollupOptions {
  level: RollupLevel;
  grades: GradeMode;
  /** The roll-up's CRS (EPSG code of a projected CRS); default: the counties' common one. */
  epsg?: number;
  /** Cell size in metres; default: the counties' common (or finest) cell size. */
  cellSize?: number;
  /**
   * Province and city names by 6-digit code; codes not named here are looked up in the
   * `regions.csv` beside the counties' model documents, else shown as codes.
   */
  regions?: Map<string, string>;
  /** The area's name (a province roll-up; overrides `regions`). */
  name?: string;
  /** false: no map sheets. */
  maps?: boolean;
  /** PNG resolution of the sheets (default 300). */
  dpi?: number;
  /** 制图时间 printed on the sheets (e.g. 2026年11月). */
  date: string;
  /** The roll-up's tile edge in cells (a multiple of 256; default 1024). */
  tileSize?: number;
  /** Progress: the area being rolled up (its index and count), the step and its fraction. */
  onProgress?: (p: { area: string; done: number; of: number; step: string; fraction: number }) => void;
  signal?: AbortSignal;
}

/** The settings of a roll-up a user chooses (what a queued roll-up job carries). */
export type RollupSettings = Pick<RollupOptions, 'level' | 'grades' | 'epsg' | 'cellSize' | 'name' | 'dpi'>;

/** Read the county results, in the order given. Errors: the first unreadable one's, with its file. */
export async function readCounties(sources: CountySource[]): Promise<CountyResult[]> {
  const out: CountyResult[] = [];
  for (const s of sources) out.push(await readCountyResult(s));
  return out;
}

/**
 * The counties must share one grading scheme (the same grades by the same names) to be mosaicked
 * grade for grade, and be one result each. Errors: E_ROLLUP_MISMATCH naming the county that differs.
 */
export function checkCounties(counties: CountyResult[]): void {
  if (!counties.length) throw new RiskAtlasError('E_FILE_NOT_FOUND', 'no county result to roll up (run folders with provenance.json, or projects with a finished run)');
  if (counties.length > 65_535) throw new RiskAtlasError('E_ARG_INVALID', `${counties.length} counties: at most 65,535 in one roll-up`);
  const first = counties[0]!;
  for (const c of counties) {
    if (c.classes.names.join() !== first.classes.names.join()) {
      throw new RiskAtlasError('E_ROLLUP_MISMATCH', `${c.code} ${c.name} grades as ${c.classes.names.join('/')}, ${first.code} ${first.name} as ${first.classes.names.join('/')}`, { file: c.source.runDir });
    }
  }
  const seen = new Map<string, CountyResult>();
  for (const c of counties) {
    const other = seen.get(c.code);
    if (other) throw new RiskAtlasError('E_ROLLUP_MISMATCH', `county ${c.code} ${c.name} has two results: ${other.source.runDir} and ${c.source.runDir}; keep one`, { file: c.source.runDir });
    seen.set(c.code, c);
  }
}

/**
 * Province and city names by code: the `regions.csv` beside the counties' model documents,
 * then `given` (which wins).
 */
export async function regionNames(counties: CountyResult[], given?: Map<string, string>): Promise<Map<string, string>> {
  const regions = new Map<string, string>();
  for (const dir of new Set(counties.map((c) => c.modelDir))) for (const [code, name] of await readRegionNames(dir)) regions.set(code, name);
  for (const [code, name] of given ?? []) regions.set(code, name);
  return regions;
}

/** The province's code: the first two digits of its counties' codes and 0000, when they agree. */
function provinceCode(counties: CountyResult[]): string {
  const codes = new Set(counties.map((c) => (/^\d{6}$/.test(c.code) ? `${c.code.slice(0, 2)}0000` : '')));
  return codes.size === 1 ? [...codes][0]! : '';
}

/** One rolled-up area: its folder and its provenance. */
export interface RollupResult {
  outDir: string;
  provenance: RollupProvenance;
}

/**
 * Roll the county results at `sources` up into `outDir`. Returns each area's folder and
 * provenance (one for a province, one per city, in `outDir/<city code>/`). Errors: see
 * {@link checkCounties}, rollupGrid.ts and area.ts.
 */
export async function rollUp(sources: CountySource[], outDir: string, opts: RollupOptions): Promise<RollupResult[]> {
  const counties = await readCounties(sources);
  checkCounties(counties);
  counties.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const regions = await regionNames(counties, opts.regions);
  const cityName = (code: string): string => regions.get(code) ?? code;
  const areas: { code: string; name: string; dir: string; members: CountyResult[] }[] = [];
  if (opts.level === 'province') {
    const code = provinceCode(counties);
    areas.push({ code, name: opts.name ?? regions.get(code) ?? '全省', dir: outDir, members: counties });
  } else {
    for (const code of [...new Set(counties.map((c) => c.cityCode))].sort()) {
      areas.push({ code, name: cityName(code) || '未归属地市', dir: join(outDir, code || 'other'), members: counties.filter((c) => c.cityCode === code) });
    }
  }
  const out: RollupResult[] = [];
  for (const [i, a] of areas.entries()) {
    const areaOpts: AreaOptions = {
      level: opts.level,
      grades: opts.grades,
      epsg: opts.epsg,
      cellSize: opts.cellSize,
      maps: opts.maps,
      dpi: opts.dpi,
      date: opts.date,
      cityName,
      tileSize: opts.tileSize,
      onProgress: (step, fraction) => opts.onProgress?.({ area: a.name, done: i, of: areas.length, step, fraction }),
      signal: opts.signal,
    };
    out.push({ outDir: a.dir, provenance: await rollUpArea(a.members, a.dir, { code: a.code, name: a.name }, areaOpts) });
  }
  return out;
}
