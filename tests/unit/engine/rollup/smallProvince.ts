/**
 * A small province with its county results, for the roll-up's tests: 2 × 4 counties of 2 km
 * (two cities: three columns of counties and one), the county in row 0, column 1 disagreeing
 * with its neighbours on purpose; each county run with the engine in this process.
 */
import { join } from 'node:path';
import { runModel } from '../../../../src-main/engine/pipeline/run';
import { generateProvince, type GeneratedProvince } from '../../../fixtures/province/generate';

export interface SmallProvince {
  province: GeneratedProvince;
  /** The county results: `<dir>/results/<county code>/`. */
  results: string;
  runs: string[];
}

/** Generate the province into `<dir>/province` and run its counties into `<dir>/results`. */
export async function smallProvince(dir: string): Promise<SmallProvince> {
  const province = await generateProvince(join(dir, 'province'), { rows: 2, cols: 4, countyCells: 20, disagreeing: [[0, 1]] });
  const results = join(dir, 'results');
  const runs: string[] = [];
  for (const c of province.counties) {
    const out = join(results, c.code);
    await runModel(c.model, out, { workers: 0 });
    runs.push(out);
  }
  return { province, results, runs };
}
