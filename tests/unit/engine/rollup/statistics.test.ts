/**
 * The roll-up's statistics: cells, area, share of the graded area and people per grade, by
 * county, by city (summing its counties) and over the whole area; excluded land listed without
 * a share; people only where a county has a population layer; the tables as the CSV and XLSX
 * headers name them.
 */
import { describe, expect, it } from 'vitest';
import { CountyTally, rollupStatistics, statisticsTables } from '../../../../src-main/engine/rollup/statistics';

const counties = [
  { code: '990101', name: '甲县', cityCode: '990100', cityName: '东原市', hasPopulation: true },
  { code: '990102', name: '乙县', cityCode: '990100', cityName: '东原市', hasPopulation: false },
  { code: '990201', name: '丙县', cityCode: '990200', cityName: '西岭市', hasPopulation: true },
];

describe('rollupStatistics', () => {
  // 100 m cells: 0.01 km² each. Owner 0 is outside every county; grade 0 nodata; 3 the excluded land of k = 2.
  const tally = new CountyTally(3, 2);
  tally.add([1, 1, 1, 2, 2, 3, 0, 3], [1, 2, 2, 1, 0, 3, 1, 2], [10, 20, NaN, 5, 5, 7, 99, 1]);
  const st = rollupStatistics(tally, counties, { names: ['高', '低'], restricted: '禁建区' }, 100);

  it('tallies each county by grade, with its share of the graded area and its people', () => {
    expect(st.byCounty[0]!.rows).toEqual([
      { grade: 1, name: '高', cells: 1, areaKm2: 0.01, sharePct: (1 / 3) * 100, population: 10 },
      { grade: 2, name: '低', cells: 2, areaKm2: 0.02, sharePct: (2 / 3) * 100, population: 20 },
      { grade: 3, name: '禁建区', cells: 0, areaKm2: 0, sharePct: 0, population: 0 },
    ]);
    // No population layer: no people, even though cells of it carry some.
    expect(st.byCounty[1]!.rows.map((r) => r.population)).toEqual([undefined, undefined, undefined]);
    expect(st.byCounty[2]!.rows.map((r) => [r.cells, r.sharePct, r.population])).toEqual([[0, 0, 0], [1, 100, 1], [1, 0, 7]]);
  });

  it('adds the counties up by city and over the area, people from the counties that have them', () => {
    expect(st.byCity.map((c) => [c.code, c.name, c.counties, c.rows.map((r) => r.cells), c.rows.map((r) => r.population)])).toEqual([
      ['990100', '东原市', 2, [2, 2, 0], [10, 20, 0]],
      ['990200', '西岭市', 1, [0, 1, 1], [0, 1, 7]],
    ]);
    expect(st.total.map((r) => [r.cells, r.population])).toEqual([[2, 10], [3, 21], [1, 7]]);
  });

  it('names the tables and columns as the census tables do', () => {
    const t = statisticsTables(st, { code: '990000', name: '示范省' });
    expect(t.map((x) => x.name)).toEqual(['按县', '按地市', '按风险等级']);
    expect(t[0]!.header).toEqual(['县代码', '县名称', '地市代码', '地市名称', '风险等级', '等级名称', '格网数', '面积(km²)', '占比(%)', '人口(人)']);
    expect(t[0]!.rows[3]).toEqual(['990102', '乙县', '990100', '东原市', 1, '高', 1, 0.01, 100, '']);
    expect(t[2]!.rows[0]).toEqual(['990000', '示范省', 1, '高', 2, 0.02, 40, 10]);
  });
});
