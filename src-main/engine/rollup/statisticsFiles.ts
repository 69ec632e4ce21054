/** The roll-up's statistics as files: three CSV tables (UTF-8 with BOM, for Excel) and one XLSX with the three as sheets. */
import { join } from 'node:path';
import { writeFileAtomic } from '../export/atomicFile';
import { toCsv } from '../export/csv';
import { encodeXlsx } from '../export/xlsx';
import { statisticsTables, type RollupStatistics } from './statistics';

/** The statistics files of a roll-up: stats_by_county.csv, stats_by_city.csv, stats_by_grade.csv and statistics.xlsx. Returns their names. */
export async function writeStatistics(dir: string, st: RollupStatistics, area: { code: string; name: string }): Promise<[string, string, string, string]> {
  const tables = statisticsTables(st, area);
  const names = ['stats_by_county.csv', 'stats_by_city.csv', 'stats_by_grade.csv'];
  for (const [i, t] of tables.entries()) await writeFileAtomic(join(dir, names[i]!), toCsv(t.header, t.rows as (string | number)[][]));
  await writeFileAtomic(join(dir, 'statistics.xlsx'), encodeXlsx(tables));
  return [names[0]!, names[1]!, names[2]!, 'statistics.xlsx'];
}
