/**
 * Importing a layer into the open project: its files (a .zip, a .shp with sidecars, or one
 * data file — a path the user chose, or finished uploads) are copied into the data folder,
 * read, recognised and catalogued.
 */
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { requireEpsg } from '../../engine/crs/layerCrs';
import { RiskAtlasError } from '../../../src-shared/errors';
import { inspect } from '../../engine/io/inspect';
import { recogniseLayer } from '../../engine/catalog/recognise';
import type { LayerRef } from '../../engine/model/document';
import type { ProjectContext } from '../context';
import { commitModel } from '../model/edit';
import { touched } from '../project/autosave';
import { catalogueLayer, rebuildEntries } from './catalogue';
import type { ImportResult } from './contract';
import { isSidecarOf, layerIdFor, mainFileOf } from './files';
import type { UploadStore } from './uploads';

/**
 * Import a layer from files (a .zip, a .shp with sidecars, or one data file): they are
 * copied into `layers/<id>/` of the data folder, read (a reader error comes back with its
 * code, naming the file), recognised (category, hazard, units pre-filled) and catalogued;
 * when the project has a model the layer is added to its `layers` too (an undoable edit).
 * @param crs EPSG for a file without a CRS (the user's answer to E_CRS_MISSING).
 */
export async function importFiles(ctx: ProjectContext, files: { path: string; fileName: string }[], crs?: number): Promise<ImportResult> {
  const p = ctx.editable();
  const main = mainFileOf(files.map((f) => f.fileName));
  const id = layerIdFor(main, new Set([...p.file.layers().map((l) => l.id), ...ctx.data.keys()]));
  const relDir = `layers/${id}`;
  const dir = join(p.dataDir, relDir);
  await mkdir(dir, { recursive: true });
  try {
    for (const f of files) await copyFile(f.path, join(dir, f.fileName));
    const res = await inspect(join(dir, main), crs === undefined ? undefined : { crs });
    if (!res.ok) throw new RiskAtlasError(res.error.code, res.error.message, { file: main, ...(res.error.params ? { params: res.error.params } : {}) });
    // A CRS that matched no EPSG CRS is asked for, like a missing one (E_CRS_UNIDENTIFIED carries the candidates).
    if (res.value.crs?.epsg === null) requireEpsg(res.value.crs, main);
    const suggestion = recogniseLayer(main, res.value);
    const stem = main.replace(/\.[^.]*$/, '');
    // Unrecognised layers start as basemap: it enters no computation until the user says otherwise.
    const category = suggestion?.category ?? 'basemap';
    const rec = await catalogueLayer(p.file, p.dataDir, id, `${relDir}/${main}`, {
      name: stem,
      category,
      ...(suggestion?.hazard ? { hazard: suggestion.hazard } : {}),
      ...(suggestion?.units ? { units: suggestion.units } : {}),
      ...(crs !== undefined ? { crs } : {}),
    });
    if (p.doc) {
      const ref: LayerRef = { path: rec.path, name: rec.name, category: category as LayerRef['category'] };
      if (rec.hazard) ref.hazard = rec.hazard;
      if (rec.units) ref.units = rec.units;
      if (crs !== undefined) ref.crs = crs;
      commitModel(ctx, { ...p.doc, layers: { ...p.doc.layers, [id]: ref } });
    }
    rebuildEntries(ctx);
    touched(ctx, p.doc !== null);
    const layer = p.entries.find((e) => e.id === id)!;
    return { layer, suggestion, warnings: res.value.kind === 'vector' ? res.value.warnings : [] };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Import a file the user chose (Electron): the file and, for a .shp, its sidecars beside it. */
export async function importPath(ctx: ProjectContext, path: string, crs?: number): Promise<ImportResult> {
  ctx.editable();
  const abs = resolve(path);
  try {
    await stat(abs);
  } catch (err) {
    throw new RiskAtlasError('E_FILE_NOT_FOUND', (err as Error).message, { file: path });
  }
  const name = basename(abs);
  const files = [{ path: abs, fileName: name }];
  if (name.toLowerCase().endsWith('.shp')) {
    for (const f of await readdir(dirname(abs))) if (f !== name && isSidecarOf(f, name)) files.push({ path: join(dirname(abs), f), fileName: f });
  }
  return importFiles(ctx, files, crs);
}

/** The uploads of the open project (E_READ_ONLY in review: nothing may be imported there). */
export function uploadsOf(ctx: ProjectContext): UploadStore {
  ctx.editable();
  return ctx.uploads!;
}

/** Import finished uploads as one layer; the uploads are released only when the import succeeded (so a retry with a CRS needs no new upload). */
export async function importUploads(ctx: ProjectContext, ids: string[], crs?: number): Promise<ImportResult> {
  const store = uploadsOf(ctx);
  const files = store.finished(ids);
  const result = await importFiles(
    ctx,
    files.map((f) => ({ path: f.path, fileName: f.fileName })),
    crs,
  );
  await store.release(ids);
  return result;
}
