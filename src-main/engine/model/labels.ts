/**
 * The names the project's texts print: a feature's label (its layer's `labelField`, else a
 * field named like an admin name: XZQMC, NAME, MC, 名称…), an admin unit's code, and the name
 * of the assessed area (the model's `area.name`).
 */
import type { Feature } from 'geojson';
import type { ModelDocument } from './document';

/** Field names that hold an admin unit's name / code when the layer names no label field. */
export const NAME_FIELD = /^(XZQMC|NAME|MC|名称|乡镇名称)$/i;
export const CODE_FIELD = /^(XZQDM|CODE|DM|代码|乡镇代码)$/i;

/** A feature's label: the value of `labelField` when the feature has it, else of a name field (XZQMC, NAME…); '' when none. */
export function featureLabel(f: Feature, labelField?: string): string {
  const props = f.properties ?? {};
  const v = labelField !== undefined && props[labelField] !== undefined && props[labelField] !== null ? props[labelField] : Object.entries(props).find(([k]) => NAME_FIELD.test(k))?.[1];
  return v === undefined || v === null ? '' : String(v);
}

/** An admin feature's code (XZQDM, CODE, DM, 代码…), '' when it has none. */
export function featureCode(f: Feature): string {
  return String(Object.entries(f.properties ?? {}).find(([k]) => CODE_FIELD.test(k))?.[1] ?? '');
}

/**
 * The name of the assessed area for titles, tables and the package: the model's `area.name`;
 * for a document without one, the label of the study area when it is a single feature, else
 * the study-area layer's name — never the first of many polygons.
 */
export function areaNameOf(doc: ModelDocument, studyFeatures: Feature[]): string {
  if (doc.area) return doc.area.name;
  const ref = doc.layers[doc.grid.studyArea]!;
  return (studyFeatures.length === 1 && featureLabel(studyFeatures[0]!, ref.labelField)) || ref.name;
}

/**
 * Parts of a title joined as Chinese is written — without spaces — except where a part ends or
 * begins with a Latin letter or digit ("Clervaux 高程危险性分布图", not "Clervaux高程…").
 */
export function joinTitle(...parts: string[]): string {
  return parts.filter(Boolean).reduce((t, p) => (t && (/[A-Za-z0-9]$/.test(t) || /^[A-Za-z0-9]/.test(p)) ? `${t} ${p}` : t + p), '');
}
