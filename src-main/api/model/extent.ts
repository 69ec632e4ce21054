/**
 * The study extent of the open model (the study-area layer's extent in the analysis CRS), read
 * once and kept while the study layer, its file and the CRS stay the same.
 */
import type { Extent } from '../../../src-shared/layer';
import type { ModelDocument } from '../../engine/model/document';
import type { ProjectContext } from '../context';
import { studyExtent } from '../previews/grid';
import { modelIn } from '../project/storedPaths';

/** The study extent of `doc` (from the cache when the study layer, its file and the CRS are unchanged). */
export async function extentOf(ctx: ProjectContext, doc: ModelDocument): Promise<{ key: string; extent: Extent }> {
  const p = ctx.open();
  const studyId = doc.grid.studyArea;
  const rec = p.file.layers().find((l) => l.id === studyId);
  const ref = doc.layers[studyId]!;
  const key = `${studyId}|${doc.grid.epsg}|${rec?.sha256 ?? ref.path}|${ref.crs ?? ''}`;
  if (p.extent?.key === key) return p.extent;
  return { key, extent: await studyExtent(modelIn(p.dataDir, doc)) };
}

/** Recompute the study extent when the study layer, the analysis CRS or its file changed. */
export async function refreshExtent(ctx: ProjectContext): Promise<void> {
  const p = ctx.open();
  if (p.doc) p.extent = await extentOf(ctx, p.doc);
}
