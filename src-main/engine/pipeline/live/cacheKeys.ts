/**
 * What a kept raw indicator grid depends on, as one key per indicator: its spec, the files of
 * the layers it reads (its own, and the population raster of a coverage indicator), the
 * study area and excluded land that blank the cells not assessed, the analysis grid and the
 * tile size. A file is known by its path, size and modification time — and a shapefile by
 * every file beside it sharing its name (.dbf, .prj, .cpg …) — so replacing or editing any
 * input, or changing the indicator, gives a new key and the old grid is never used again.
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { RiskAtlasError } from '../../../../src-shared/errors';
import type { GridSpec } from '../../grid/gridSpec';
import type { IndicatorSpec, LayerRef } from '../../model/document';
import { resolveModelPath, type LoadedModel } from '../../model/loadModel';

/** A layer as a key sees it: its reference in the model and the identity of its files. */
interface LayerIdentity {
  ref: LayerRef;
  files: [string, number, number][];
}

/** Size and modification time of a layer's file and of the files beside it with the same name. */
async function filesOf(path: string): Promise<[string, number, number][]> {
  const dir = dirname(path);
  const stem = basename(path, extname(path));
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n === basename(path) || n.startsWith(`${stem}.`)).sort();
  } catch (err) {
    throw new RiskAtlasError('E_FILE_NOT_FOUND', (err as Error).message, { file: path, cause: err });
  }
  if (!names.includes(basename(path))) throw new RiskAtlasError('E_FILE_NOT_FOUND', 'no such file', { file: path });
  return Promise.all(
    names.map(async (n): Promise<[string, number, number]> => {
      const s = await stat(join(dir, n));
      return [n, s.size, s.mtimeMs];
    }),
  );
}

/** A key of the files and model references of the layers `ids` of `model` (see the module comment). */
export async function layersKey(model: LoadedModel, ids: string[]): Promise<string> {
  const layers = await Promise.all(ids.map(async (id) => ({ id, ref: model.doc.layers[id]!, files: await filesOf(resolveModelPath(model, model.doc.layers[id]!.path)) })));
  return hashOf(layers);
}

const hashOf = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * One key per indicator of `model` (in `doc.indicators` order) for its raw grid on `grid`
 * cut in tiles of `tileSize`. Layers are looked at once however many indicators read them.
 */
export async function indicatorKeys(model: LoadedModel, grid: GridSpec, tileSize: number): Promise<string[]> {
  const { doc } = model;
  const seen = new Map<string, Promise<LayerIdentity>>();
  const layer = (id: string): Promise<LayerIdentity> => {
    let p = seen.get(id);
    if (!p) {
      const ref = doc.layers[id]!;
      p = filesOf(resolveModelPath(model, ref.path)).then((files) => ({ ref, files }));
      seen.set(id, p);
    }
    return p;
  };
  const exclude = doc.grid.exclude;
  const mask = { study: await layer(doc.grid.studyArea), exclude: exclude ? { ...exclude, layer: await layer(exclude.layer) } : null };
  const common = { grid, tileSize, mask };
  return Promise.all(
    doc.indicators.map(async (spec: IndicatorSpec) => {
      const layers = [await layer(spec.layer), ...(spec.population !== undefined ? [await layer(spec.population)] : [])];
      return hashOf({ ...common, spec, layers });
    }),
  );
}
