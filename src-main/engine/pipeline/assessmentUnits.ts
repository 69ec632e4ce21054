/** The assessment units a run tallies its grades by (townships, as a rule). */
import type { Feature } from 'geojson';
import { type LoadedModel, resolveModelPath } from '../model/loadModel';
import { readVectorInGrid } from '../indicators/rawIndicator';
import { CODE_FIELD, NAME_FIELD } from '../model/labels';

/** The unit polygons (in the grid's CRS) and, in the same order, each unit's code and name. */
export interface AssessmentUnits {
  features: Feature[];
  info: { code: string; name: string }[];
}

/** Assessment units for the statistics table: the layer `statistics.units` names, else the first admin layer other than the study area. */
export async function loadUnits(m: LoadedModel, epsg: number): Promise<AssessmentUnits | null> {
  const named = m.doc.statistics?.units;
  const entry = named ? ([named, m.doc.layers[named]!] as const) : Object.entries(m.doc.layers).find(([id, ref]) => ref.category === 'admin' && id !== m.doc.grid.studyArea);
  if (!entry) return null;
  const layer = await readVectorInGrid(resolveModelPath(m, entry[1].path), entry[1], epsg);
  const fields = layer.meta.fields.map((f) => f.name);
  const nameField = entry[1].labelField !== undefined && fields.includes(entry[1].labelField) ? entry[1].labelField : fields.find((f) => NAME_FIELD.test(f));
  const codeField = fields.find((f) => CODE_FIELD.test(f));
  const info = layer.features.features.map((f, i) => ({
    code: String(codeField ? (f.properties?.[codeField] ?? '') : i + 1),
    name: String(nameField ? (f.properties?.[nameField] ?? '') : `${entry[1].name}${i + 1}`),
  }));
  return { features: layer.features.features, info };
}
