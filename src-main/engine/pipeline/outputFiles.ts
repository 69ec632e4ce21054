/** Where a run writes each output: names from the model's `outputs`, in the output folder. */
import { join } from 'node:path';
import type { ModelDocument } from '../model/document';
import { declaredHazards, type ComponentPlan } from './componentPlan';

/** Output paths; single-hazard risks under `hazard_<id>` keys, exposure risks under `exposure_<id>`. */
export type RunFiles = { index: string; grade: string; png: string; stats: string; provenance: string; zoning?: string; zones?: string; zonesGpkg?: string } & Record<`hazard_${string}` | `exposure_${string}`, string>;

/** `outputs.hazardIndex` (or `exposureIndex`) for one hazard (exposure type). */
const perId = (pattern: string, id: string): string => pattern.split('{id}').join(id);

/**
 * The output paths of a run of `doc` into the folder `out` (absolute). The keys' order is the
 * order provenance.json lists them in.
 */
export function outputFiles(doc: ModelDocument, out: string, plan: ComponentPlan): RunFiles {
  const files: RunFiles = {
    index: join(out, doc.outputs.index),
    grade: join(out, doc.outputs.grade),
    png: join(out, doc.outputs.png),
    stats: join(out, doc.outputs.stats),
    provenance: join(out, 'provenance.json'),
  };
  for (const h of declaredHazards(plan)) files[`hazard_${h.id}`] = join(out, perId(doc.outputs.hazardIndex, h.id));
  for (const x of plan.exposures) files[`exposure_${x.id}`] = join(out, perId(doc.outputs.exposureIndex, x.id));
  if (doc.zoning) {
    files.zoning = join(out, doc.outputs.zoning);
    files.zones = join(out, `${doc.outputs.zones}.shp`);
    files.zonesGpkg = join(out, `${doc.outputs.zones}.gpkg`);
  }
  return files;
}
