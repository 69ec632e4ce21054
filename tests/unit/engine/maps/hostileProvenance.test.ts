/**
 * A run folder's provenance.json comes from whoever made the folder (a package, a project
 * someone sent): the map sheets read the files and layers it names, so each must stay inside
 * the run folder or the model's folder — `../`, absolute paths and symbolic links out are
 * refused before anything is read.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSheetRun } from '../../../../src-main/engine/maps/sheetData';
import { useTempDir } from '../../../fixtures/tempDir';

const demo = join(import.meta.dirname, '..', '..', '..', '..', 'resources', 'sample', 'county');
const model = JSON.parse(readFileSync(join(demo, 'model.json'), 'utf8')) as { layers: Record<string, { path: string }> };
const tmp = useTempDir('ra-provenance-');
const grid = { epsg: 4546, originX: 464_000, originY: 4_046_000, cellSize: 100, width: 10, height: 10 };

/** A run folder whose provenance names `files` and `model`, beside a secret outside it. */
let made = 0;
function runFolder(files: Record<string, string>, doc: unknown = model): { dir: string; root: string } {
  const root = join(tmp(), `case-${made++}`);
  mkdirSync(root);
  writeFileSync(join(root, 'secret.tif'), 'TOP-SECRET');
  const dir = join(root, 'run');
  mkdirSync(dir);
  writeFileSync(join(dir, 'provenance.json'), JSON.stringify({ model: doc, modelPath: join(root, 'model.json'), grid, files }));
  return { dir, root };
}

describe('a run folder whose provenance.json names places outside it', () => {
  it('refuses output files named by ../, by an absolute path, or reached through a link, naming the entry', async () => {
    for (const grade of ['../secret.tif', '/etc/passwd', 'linked.tif']) {
      const { dir, root } = runFolder({ grade });
      symlinkSync(join(root, 'secret.tif'), join(dir, 'linked.tif'));
      const err = await loadSheetRun(dir, { modelDir: demo }).catch((e: unknown) => e);
      expect(err, grade).toMatchObject({ code: 'E_PATH_FORBIDDEN', message: expect.stringContaining('provenance.json: file') });
      expect((err as Error).message).not.toContain(root);
    }
  });

  it('refuses model layers that leave the model folder (the project\'s data folder) by ../ or through a link, whatever modelPath the provenance claims', async () => {
    const up = runFolder({ grade: 'risk_grade.tif' }, { ...model, layers: { ...model.layers, dem: { ...model.layers.dem!, path: '../../secret.tif' } } });
    await expect(loadSheetRun(up.dir, { modelDir: demo })).rejects.toMatchObject({ code: 'E_MODEL_INVALID', message: expect.stringContaining('layers.dem.path') });
    const linked = runFolder({ grade: 'risk_grade.tif' }, { ...model, layers: { ...model.layers, dem: { ...model.layers.dem!, path: 'linked/secret.tif' } } });
    const data = join(linked.root, 'project.data');
    mkdirSync(data);
    symlinkSync(linked.root, join(data, 'linked'));
    const err = await loadSheetRun(linked.dir, { modelDir: data }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_PATH_FORBIDDEN', message: expect.stringContaining('model layer dem') });
    expect((err as Error).message).not.toContain(linked.root);
  });
});
