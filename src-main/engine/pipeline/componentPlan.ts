/**
 * Which components a run computes and where each risk takes them from — the one plan the
 * weights pass weighs and every tile of the index pass combines.
 */
import { COMPONENTS, riskRuns, type Component, type ComponentSpec, type ModelDocument, type RiskRun } from '../model/document';

/** Where a component's spec comes from: `H` etc. for the model's shared components, `landslide.H` for a hazard's own. */
export interface ComponentSource {
  key: string;
  comp: Component;
  spec: ComponentSpec;
  /** A hazard's share of the shared H: its weights are the shared H's, restricted to these indicators and rescaled. */
  subsetOf?: { key: string; indicators: string[] };
}

/** The component sources of a model and, per risk, which source each of its components uses. */
export interface ComponentPlan {
  sources: ComponentSource[];
  runs: { run: RiskRun; keys: Partial<Record<Component, string>> }[];
  /** Per exposure type: the source keys that replace E (and V). */
  exposures: { id: string; name: string; keys: Partial<Record<Component, string>> }[];
}

/** The component plan of `doc`. */
export function componentPlan(doc: ModelDocument): ComponentPlan {
  const sources: ComponentSource[] = [];
  for (const comp of COMPONENTS) {
    const spec = doc.components[comp];
    if (spec) sources.push({ key: comp, comp, spec });
  }
  const runs = riskRuns(doc).map((run) => {
    const keys: Partial<Record<Component, string>> = {};
    for (const comp of COMPONENTS) {
      const spec = run.components[comp];
      if (!spec) continue;
      if (comp === 'H' && run.hIndicators) {
        const key = `${run.id}.H`;
        sources.push({ key, comp, spec, subsetOf: { key: 'H', indicators: run.hIndicators } });
        keys.H = key;
      } else if (spec === doc.components[comp]) keys[comp] = comp;
      else {
        const key = `${run.id}.${comp}`;
        sources.push({ key, comp, spec });
        keys[comp] = key;
      }
    }
    return { run, keys };
  });
  const exposures = (doc.exposures ?? []).map((x) => {
    const keys: Partial<Record<Component, string>> = {};
    for (const comp of ['E', 'V'] as const) {
      const spec = x.components[comp];
      if (!spec) continue;
      keys[comp] = `exposure.${x.id}.${comp}`;
      sources.push({ key: keys[comp]!, comp, spec });
    }
    return { id: x.id, name: x.name, keys };
  });
  return { sources, runs, exposures };
}

/** The declared hazards' risks (models with `hazards`; none for a single-risk model), in `hazards` order. */
export const declaredHazards = (plan: ComponentPlan): RiskRun[] => plan.runs.map((r) => r.run).filter((r) => r.isHazard);
