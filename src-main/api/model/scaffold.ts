/**
 * A starting model for a project that has layers but no model yet: the census categories
 * the technician gave the layers already say most of it — hazard layers make H, exposure E,
 * capacity C (as lack of capacity), hidden-danger points H (threatened people as weights).
 * The result is a complete, valid document the technician then edits (weights, transforms,
 * classes); nothing is stored until model.update.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import { isGeographic } from '../../engine/crs/registry';
import type { ComponentSpec, IndicatorSpec, LayerRef } from '../../engine/model/document';
import type { ProjectContext } from '../context';
import type { LayerEntry } from '../layers/contract';
import { draftView } from '../project/views';

/** Default cell size of a scaffolded model (m): the census county assessments' 100 m grid. */
export const SCAFFOLD_CELL_SIZE = 100;
/** Kernel radius (m) for point layers: hazards and hidden dangers 1 km, exposure 500 m. */
const RADIUS = { hazard: 1000, exposure: 500 } as const;

/** The admin layer that bounds the study area: a one-polygon layer (the county) before a many-polygon one (townships). */
function studyAreaOf(layers: LayerEntry[]): LayerEntry {
  const admin = layers.filter((l) => l.category === 'admin' && l.meta.kind === 'vector' && /Polygon/.test(l.meta.geometryType));
  const one = admin.find((l) => l.meta.kind === 'vector' && l.meta.featureCount === 1);
  const study = one ?? admin[0];
  if (!study) throw new RiskAtlasError('E_MODEL_INVALID', 'grid.studyArea: no admin polygon layer (county or township boundaries) in the catalogue; import one and mark it as admin');
  return study;
}

/** Equal expert weights summing to 1 (the last takes the rounding remainder). */
function equalWeights(ids: string[]): Record<string, number> {
  const w = Math.round((1 / ids.length) * 1e9) / 1e9;
  return Object.fromEntries(ids.map((id, i) => [id, i === ids.length - 1 ? 1 - w * (ids.length - 1) : w]));
}

/** The indicator a layer gives its component, or null when the layer cannot be one (e.g. polygons of exposure). */
function indicatorFor(l: LayerEntry, prefix: string): IndicatorSpec | null {
  const id = `${prefix}_${l.id}`.slice(0, 64);
  const base = { id, layer: l.id, transform: 'minmax' as const };
  const capacity = l.category === 'capacity';
  if (l.meta.kind === 'raster') return { ...base, resample: 'bilinear', direction: 'positive' };
  const points = /Point/.test(l.meta.geometryType);
  if (capacity) return { ...base, rasterize: 'distance', direction: 'negative' };
  if (!points) return null;
  const spec: IndicatorSpec = { ...base, rasterize: 'kernelDensity', radius: l.category === 'exposure' ? RADIUS.exposure : RADIUS.hazard, direction: 'positive' };
  if (l.category === 'hiddenDanger' && l.meta.fields.some((f) => f.name === 'WXRS')) spec.weightField = 'WXRS';
  return spec;
}

/** The model's `layers` entry for a catalogued layer (its file in the data folder, name, category, hazard, units, CRS). */
export function layerRefOf(l: LayerEntry): LayerRef {
  return { path: l.file!, name: l.name, category: l.category as LayerRef['category'], ...(l.hazard ? { hazard: l.hazard } : {}), ...(l.units ? { units: l.units } : {}), ...(l.crs !== undefined ? { crs: l.crs } : {}), ...(l.encoding ? { encoding: l.encoding } : {}) };
}

/**
 * A starting model over the catalogue `layers` (JSON, to be checked by the model validator): the grid in `epsg` (projected) at
 * {@link SCAFFOLD_CELL_SIZE} m over the study area, one indicator per usable layer, equal
 * expert weights within components, a weighted sum of the components present (C as lack of
 * capacity), Jenks into the five census grades. Errors (E_MODEL_INVALID): no admin polygon
 * layer, no usable hazard layer, a geographic `epsg`.
 */
export function scaffoldModel(name: string, layers: LayerEntry[], epsg: number): unknown {
  if (isGeographic(epsg)) throw new RiskAtlasError('E_MODEL_INVALID', `grid.epsg: the analysis grid needs a projected CRS (metres), not EPSG:${epsg}; import a layer in Gauss-Krüger coordinates first`);
  const study = studyAreaOf(layers);
  const refs: Record<string, LayerRef> = {};
  const indicators: IndicatorSpec[] = [];
  const groups: Record<'H' | 'E' | 'C', string[]> = { H: [], E: [], C: [] };
  const addRef = (l: LayerEntry): void => {
    refs[l.id] = layerRefOf(l);
  };
  addRef(study);
  for (const l of layers) {
    const comp = l.category === 'hazard' || l.category === 'hiddenDanger' ? 'H' : l.category === 'exposure' ? 'E' : l.category === 'capacity' ? 'C' : null;
    if (!comp || !l.file) continue;
    const ind = indicatorFor(l, comp.toLowerCase());
    if (!ind) continue;
    addRef(l);
    indicators.push(ind);
    groups[comp].push(ind.id);
  }
  if (groups.H.length === 0) throw new RiskAtlasError('E_MODEL_INVALID', 'components.H: no hazard layer (raster, or hazard/hidden-danger points) in the catalogue; mark one as hazard');
  const components: Partial<Record<'H' | 'E' | 'C', ComponentSpec>> = {};
  for (const c of ['H', 'E', 'C'] as const) if (groups[c].length) components[c] = equalWeights(groups[c]);
  const present = (['H', 'E', 'C'] as const).filter((c) => components[c]);
  return {
    riskatlas: 'model',
    version: 1,
    name,
    grid: { epsg, cellSize: SCAFFOLD_CELL_SIZE, studyArea: study.id },
    layers: refs,
    indicators,
    components,
    risk: { operator: 'weightedSum', weights: equalWeights([...present]) },
    classification: { method: 'jenks', classes: 5, scheme: 'high5' },
    // Output names take the schema's defaults (risk_index.tif …) when the document is parsed.
    outputs: {},
  };
}

/** The starting model of the open project's catalogue, in the CRS its layers are shown in (not yet validated against the project). */
export function projectScaffold(ctx: ProjectContext): unknown {
  ctx.open();
  const draft = draftView(ctx)!;
  return scaffoldModel(draft.name, draft.layers, ctx.analysisEpsg());
}
