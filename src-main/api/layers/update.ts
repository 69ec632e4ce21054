/** Editing and removing catalogue entries; where the model uses the layer, its `layers` entry follows. */
import { RiskAtlasError } from '../../../src-shared/errors';
import type { LayerRef } from '../../engine/model/document';
import type { ProjectContext } from '../context';
import { commitModel } from '../model/edit';
import { refreshExtent } from '../model/extent';
import { touched } from '../project/autosave';
import { catalogueLayer, rebuildEntries, statedEncoding, type StoredMeta } from './catalogue';
import type { LayerEntry } from './contract';

/** The fields `layer.update` may change; null removes an optional one. */
export interface LayerPatch {
  name?: string;
  category?: LayerRef['category'];
  hazard?: string | null;
  units?: string | null;
  description?: string | null;
  crs?: number | null;
  encoding?: string | null;
}

/**
 * Edit a catalogue entry. A new CRS or text encoding re-reads the file with it (how a
 * CRS-01 or ENC-01 finding is fixed). When the model uses the layer, its `layers` entry follows (an undoable edit).
 */
export async function updateLayer(ctx: ProjectContext, id: string, patch: LayerPatch): Promise<LayerEntry> {
  const p = ctx.editable();
  const rec = p.file.layers().find((l) => l.id === id);
  if (!rec) throw new RiskAtlasError('E_ARG_INVALID', `no layer "${id}" in the catalogue`);
  const next = { name: patch.name ?? rec.name, category: patch.category ?? rec.category, hazard: rec.hazard, units: rec.units, description: rec.description, crs: rec.crs, encoding: statedEncoding((rec.meta as StoredMeta).meta) };
  if (patch.hazard !== undefined) next.hazard = patch.hazard ?? undefined;
  if (patch.units !== undefined) next.units = patch.units ?? undefined;
  if (patch.description !== undefined) next.description = patch.description ?? undefined;
  if (patch.crs !== undefined) next.crs = patch.crs ?? undefined;
  if (patch.encoding !== undefined) next.encoding = patch.encoding ?? undefined;
  const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  // A new CRS or encoding re-reads the file with it (the file stays as imported).
  if (patch.crs !== undefined || patch.encoding !== undefined) await catalogueLayer(p.file, p.dataDir, id, rec.path, clean(next));
  else p.file.putLayer(clean({ ...rec, ...next, encoding: undefined }));
  let modelChanged = false;
  const ref = p.doc?.layers[id];
  if (p.doc && ref) {
    const nextRef: LayerRef = clean({ path: ref.path, name: next.name, category: next.category as LayerRef['category'], hazard: next.hazard, units: next.units, crs: next.crs, encoding: next.encoding });
    if (JSON.stringify(nextRef) !== JSON.stringify(ref)) {
      commitModel(ctx, { ...p.doc, layers: { ...p.doc.layers, [id]: nextRef } });
      modelChanged = true;
    }
  }
  rebuildEntries(ctx);
  if (modelChanged) await refreshExtent(ctx);
  touched(ctx, modelChanged);
  return p.entries.find((e) => e.id === id)!;
}

/** Remove a layer from the catalogue (its files stay in the data folder); refused while the model uses it. */
export async function removeLayer(ctx: ProjectContext, id: string): Promise<boolean> {
  const p = ctx.editable();
  if (p.doc?.layers[id]) throw new RiskAtlasError('E_MODEL_INVALID', `layers.${id}: the model uses this layer; remove it from the model first`);
  const removed = p.file.removeLayer(id);
  if (removed) {
    rebuildEntries(ctx);
    touched(ctx, false);
  }
  return removed;
}
