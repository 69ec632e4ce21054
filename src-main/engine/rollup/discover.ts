/**
 * What a folder handed to the roll-up holds: county run folders (a folder with a
 * `provenance.json` of a model run, as `riskatlas run <folder>` writes them under
 * `riskatlas_out/<county>/`), project files (`*.riskatlas`, whose last run the caller
 * resolves — the engine does not read project files); and the names of the regions
 * (`regions.csv`: 代码,名称 of the province and its cities).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';

/** Folders below the given one that are searched for runs (a run folder is two levels down under `riskatlas run`'s default output). */
const MAX_DEPTH = 3;

export interface FolderContents {
  /** Run folders, sorted. */
  runs: string[];
  /** Project files, sorted. */
  projects: string[];
}

async function isCountyRun(dir: string): Promise<boolean> {
  try {
    const prov = JSON.parse(await readFile(join(dir, 'provenance.json'), 'utf8')) as { riskatlas?: unknown; grid?: unknown; model?: unknown };
    return prov.riskatlas !== 'rollup' && typeof prov.grid === 'object' && typeof prov.model === 'object';
  } catch {
    return false;
  }
}

/**
 * The county runs and project files under `folder` (the folder itself and up to three levels
 * of subfolders; a run folder is not searched further; a project's `<name>.data/` folder is
 * skipped — the project stands for it — as are roll-up outputs and hidden folders).
 * @throws RiskAtlasError E_FILE_NOT_FOUND when `folder` cannot be read.
 */
export async function findCountyResults(folder: string): Promise<FolderContents> {
  const root = resolve(folder);
  const out: FolderContents = { runs: [], projects: [] };
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (await isCountyRun(dir)) {
      out.runs.push(dir);
      return;
    }
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (depth === 0) throw new RiskAtlasError('E_FILE_NOT_FOUND', (err as Error).message, { file: dir, cause: err });
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.isFile() && /\.riskatlas$/i.test(e.name)) out.projects.push(join(dir, e.name));
      else if (e.isDirectory() && depth < MAX_DEPTH && !e.name.startsWith('.') && !/\.data$/i.test(e.name)) await walk(join(dir, e.name), depth + 1);
    }
  };
  await walk(root, 0);
  out.runs.sort();
  out.projects.sort();
  return out;
}

/**
 * Region names from a `regions.csv` (UTF-8, optional BOM; a header row, then `code,name` per
 * row): the province's and the cities' names by 6-digit code. `path` is the CSV file, or a
 * folder holding `regions.csv`. Empty when there is no such file; rows that are not a code
 * and a name are skipped.
 */
export async function readRegionNames(path: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const file = /\.csv$/i.test(path) ? resolve(path) : join(resolve(path), 'regions.csv');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return names;
  }
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const [code, name] = line.split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (code && name && /^\d{6}$/.test(code)) names.set(code, name);
  }
  return names;
}
