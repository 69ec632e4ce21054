/**
 * The roll-up's statistics: cells, area, share and people per risk grade, by county, by city
 * (地市) and over the whole area, tallied from the roll-up's grades tile by tile. A cell
 * belongs to the county whose boundary holds its centre; areas come from the projected
 * roll-up grid. People are counted where a county's model names a population layer (its
 * people per cell, brought onto the roll-up grid by the county's rule). Pure: the files are
 * written by statisticsFiles.ts.
 */
import type { XlsxSheet } from '../export/xlsx';

/** Cells and people per county and grade (0 nodata, 1…k, k + 1 excluded land). */
export class CountyTally {
  readonly cells: Float64Array;
  readonly people: Float64Array;
  private readonly stride: number;

  constructor(
    readonly counties: number,
    readonly k: number,
  ) {
    this.stride = k + 2;
    this.cells = new Float64Array(counties * this.stride);
    this.people = new Float64Array(counties * this.stride);
  }

  /**
   * Add one tile: `owner` the 1-based county of each cell (0 outside), `grades` its grade,
   * `people` its people (NaN counts as none) when any county has a population layer.
   */
  add(owner: ArrayLike<number>, grades: ArrayLike<number>, people?: ArrayLike<number>): void {
    const s = this.stride;
    for (let i = 0; i < owner.length; i++) {
      const o = owner[i]!;
      if (o === 0) continue;
      const at = (o - 1) * s + grades[i]!;
      this.cells[at]!++;
      if (people) {
        const p = people[i]!;
        if (p === p) this.people[at]! += p;
      }
    }
  }
}

/** A county of the roll-up as the tables name it. */
export interface StatCounty {
  code: string;
  name: string;
  cityCode: string;
  cityName: string;
  /** Whether its model has a population layer (its people are counted). */
  hasPopulation: boolean;
}

/** The grades as the tables name them. */
export interface StatGrades {
  names: string[];
  /** The excluded-land grade k + 1, when a county has one. */
  restricted?: string;
}

/** One table row: cells, km², share of the graded area, people. */
export interface GradeRow {
  grade: number;
  name: string;
  cells: number;
  areaKm2: number;
  sharePct: number;
  population?: number;
}

/** The statistics of a roll-up. */
export interface RollupStatistics {
  byCounty: { code: string; name: string; cityCode: string; cityName: string; rows: GradeRow[] }[];
  byCity: { code: string; name: string; counties: number; rows: GradeRow[] }[];
  total: GradeRow[];
}

/** Rows of grades 1…k (+ excluded land) from cells and people per grade of one group of counties. */
function rows(cells: Float64Array, people: Float64Array | null, g: StatGrades, cellKm2: number): GradeRow[] {
  const k = g.names.length;
  let graded = 0;
  for (let i = 1; i <= k; i++) graded += cells[i]!;
  const out: GradeRow[] = [];
  for (let i = 1; i <= k + (g.restricted ? 1 : 0); i++) {
    out.push({
      grade: i,
      name: i <= k ? g.names[i - 1]! : g.restricted!,
      cells: cells[i]!,
      areaKm2: cells[i]! * cellKm2,
      // Excluded land has no share of the graded area, as in a county's own table.
      sharePct: i <= k && graded ? (cells[i]! / graded) * 100 : 0,
      ...(people ? { population: people[i]! } : {}),
    });
  }
  return out;
}

/**
 * The statistics from a tally: by county (in the order given), by city (cities by code) and
 * over the whole area. A group's people are the sum over its counties with a population
 * layer; with none at all, no people column.
 */
export function rollupStatistics(tally: CountyTally, counties: StatCounty[], grades: StatGrades, cellSize: number): RollupStatistics {
  const s = tally.k + 2;
  const cellKm2 = (cellSize * cellSize) / 1e6;
  const anyPeople = counties.some((c) => c.hasPopulation);
  const sum = (members: number[]): { cells: Float64Array; people: Float64Array | null } => {
    const cells = new Float64Array(s);
    const people = anyPeople ? new Float64Array(s) : null;
    for (const ci of members)
      for (let g = 0; g < s; g++) {
        cells[g]! += tally.cells[ci * s + g]!;
        if (people && counties[ci]!.hasPopulation) people[g]! += tally.people[ci * s + g]!;
      }
    return { cells, people };
  };
  const byCounty = counties.map((c, ci) => {
    const t = sum([ci]);
    return { code: c.code, name: c.name, cityCode: c.cityCode, cityName: c.cityName, rows: rows(t.cells, c.hasPopulation ? t.people : null, grades, cellKm2) };
  });
  const cityCodes = [...new Set(counties.map((c) => c.cityCode))].sort();
  const byCity = cityCodes.map((code) => {
    const members = counties.flatMap((c, ci) => (c.cityCode === code ? [ci] : []));
    const t = sum(members);
    return { code, name: counties[members[0]!]!.cityName, counties: members.length, rows: rows(t.cells, t.people, grades, cellKm2) };
  });
  const all = sum(counties.map((_, ci) => ci));
  return { byCounty, byCity, total: rows(all.cells, all.people, grades, cellKm2) };
}

const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;

/** The three tables (by county, by city, by grade) as header + rows. */
export function statisticsTables(st: RollupStatistics, area: { code: string; name: string }): XlsxSheet[] {
  const withPeople = st.total.some((r) => r.population !== undefined);
  const people = (r: GradeRow): (string | number)[] => (withPeople ? [r.population === undefined ? '' : Math.round(r.population)] : []);
  const values = (r: GradeRow): (string | number)[] => [r.grade, r.name, r.cells, round(r.areaKm2, 4), round(r.sharePct, 2), ...people(r)];
  const tail = ['风险等级', '等级名称', '格网数', '面积(km²)', '占比(%)', ...(withPeople ? ['人口(人)'] : [])];
  return [
    { name: '按县', header: ['县代码', '县名称', '地市代码', '地市名称', ...tail], rows: st.byCounty.flatMap((c) => c.rows.map((r) => [c.code, c.name, c.cityCode, c.cityName, ...values(r)])) },
    { name: '按地市', header: ['地市代码', '地市名称', '县数', ...tail], rows: st.byCity.flatMap((c) => c.rows.map((r) => [c.code, c.name, c.counties, ...values(r)])) },
    { name: '按风险等级', header: ['区域代码', '区域名称', ...tail], rows: st.total.map((r) => [area.code, area.name, ...values(r)]) },
  ];
}
