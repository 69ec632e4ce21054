/**
 * The model document of the open project: validated against the schema and the catalogue,
 * replaced as a whole (an undoable edit kept in the project file), undone and redone.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import { parseModel, type LayerRef, type ModelDocument } from '../../engine/model/document';
import { indicatorSchema } from '../../engine/model/schema';
import { escapeOf } from '../../engine/io/containedPath';
import type { LoadedModel } from '../../engine/model/loadModel';
import type { ProjectContext } from '../context';
import { rebuildEntries, statedEncoding, type StoredMeta } from '../layers/catalogue';
import { touched } from '../project/autosave';
import type { ModelState } from './contract';
import { extentOf, refreshExtent } from './extent';

/** The model document and its undo state. */
export function modelState(ctx: ProjectContext): ModelState {
  const p = ctx.open();
  return { doc: p.doc, revision: p.revision, ...p.file.historyState() };
}

/**
 * Validate a model document against the schema and the project: every layer it names must
 * be in the catalogue, at the catalogue's file. Throws E_MODEL_INVALID naming the first problem.
 */
export function validateModel(ctx: ProjectContext, raw: unknown): ModelDocument {
  const p = ctx.open();
  const doc = parseModel(raw);
  const records = new Map(p.file.layers().map((l) => [l.id, l]));
  for (const [id, ref] of Object.entries(doc.layers)) {
    const rec = records.get(id);
    if (!rec) throw new RiskAtlasError('E_MODEL_INVALID', `layers.${id}: no layer "${id}" in the project's catalogue; import it first`);
    if (rec.path !== ref.path) throw new RiskAtlasError('E_MODEL_INVALID', `layers.${id}.path: must be "${rec.path}", the layer's file in the project`);
    // A catalogue record the project file made to lead outside it (listed as rejected) is never read.
    const escape = escapeOf(p.dataDir, rec.path);
    if (escape) throw new RiskAtlasError('E_PATH_FORBIDDEN', `layers.${id}.path: "${rec.path}" ${escape}`, { file: rec.path });
  }
  return doc;
}

/**
 * The current model with `raw` — an indicator being edited — in place of the indicator of
 * the same id, or appended (last) when new; its layer may be any catalogued layer. The
 * result is validated like a model update (E_MODEL_INVALID naming the problem) and stored
 * nowhere: it is for previews.
 */
export function modelWithIndicator(ctx: ProjectContext, raw: unknown): LoadedModel {
  const base = ctx.loadedModel();
  const parsed = indicatorSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RiskAtlasError('E_MODEL_INVALID', `indicator.${issue.path.join('.') || '(spec)'}: ${issue.message}`);
  }
  const spec = parsed.data;
  const doc = base.doc;
  const layers = { ...doc.layers };
  if (!layers[spec.layer]) {
    const rec = ctx.open().file.layers().find((l) => l.id === spec.layer);
    if (!rec) throw new RiskAtlasError('E_MODEL_INVALID', `indicator.layer: no layer "${spec.layer}" in the project`);
    const encoding = statedEncoding((rec.meta as StoredMeta).meta);
    layers[spec.layer] = { path: rec.path, name: rec.name, category: rec.category as LayerRef['category'], ...(rec.crs !== undefined ? { crs: rec.crs } : {}), ...(encoding ? { encoding } : {}) };
  }
  const indicators = [...doc.indicators.filter((i) => i.id !== spec.id), spec];
  return { ...base, doc: validateModel(ctx, { ...doc, layers, indicators }) };
}

/** Store `doc` as the model (an undo step in the project file); the caller rebuilds what depends on it. */
export function commitModel(ctx: ProjectContext, doc: ModelDocument): void {
  const p = ctx.open();
  p.file.commitModel(JSON.stringify(doc));
  p.doc = doc;
}

/** Replace the model document (validated); an undoable edit. */
export async function updateModel(ctx: ProjectContext, raw: unknown): Promise<ModelState> {
  const p = ctx.editable();
  const doc = validateModel(ctx, raw);
  // Read the study area before anything changes: a model whose study area cannot be read is refused whole.
  const extent = await extentOf(ctx, doc);
  commitModel(ctx, doc);
  p.extent = extent;
  rebuildEntries(ctx);
  touched(ctx, true);
  return modelState(ctx);
}

/** Undo (or redo) the last model edit; the state is unchanged when there is nothing to undo. */
export async function stepModel(ctx: ProjectContext, direction: 'undo' | 'redo'): Promise<ModelState> {
  const p = ctx.editable();
  const json = direction === 'undo' ? p.file.undoModel() : p.file.redoModel();
  if (json !== undefined) {
    p.doc = parseModel(JSON.parse(json) as unknown);
    await refreshExtent(ctx);
    rebuildEntries(ctx);
    touched(ctx, true);
  }
  return modelState(ctx);
}
