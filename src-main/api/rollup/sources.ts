/**
 * The county results a folder offers the roll-up: its run folders (engine/rollup/discover)
 * and the last finished run of each project file in it — read from the project file, which
 * stays untouched; a project's layer paths resolve in its data folder. The command line and
 * the app's 成果 step both start here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { toErrorInfo, type ErrorInfo } from '../../../src-shared/errors';
import { findCountyResults } from '../../engine/rollup/discover';
import type { CountySource } from '../../engine/rollup/rollup';
import { ProjectFile } from '../../store/projectFile';
import { dataDirOf } from '../project/paths';

/** A project left out of the roll-up, and why. */
export interface SkippedSource {
  path: string;
  error: ErrorInfo;
}

/** The county results in `folder`: run folders first, then projects' last runs; projects without a finished run are listed as skipped. */
export async function countySourcesIn(folder: string): Promise<{ sources: CountySource[]; skipped: SkippedSource[] }> {
  const found = await findCountyResults(folder);
  const sources: CountySource[] = found.runs.map((runDir) => ({ runDir }));
  const skipped: SkippedSource[] = [];
  for (const path of found.projects) {
    try {
      const file = await ProjectFile.open(path);
      const last = file.lastRun();
      file.close();
      const runDir = last && join(dataDirOf(path), 'runs', last.id);
      if (!runDir || !existsSync(join(runDir, 'provenance.json'))) {
        skipped.push({ path, error: { code: 'E_ARG_INVALID', message: 'the project has no finished run: compute it in RiskAtlas first', file: path } });
        continue;
      }
      sources.push({ runDir, layersDir: dataDirOf(path) });
    } catch (err) {
      skipped.push({ path, error: toErrorInfo(err) });
    }
  }
  return { sources, skipped };
}
