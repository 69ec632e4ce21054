/**
 * How the table of the weights a run used names its parts. The run's weights come keyed by
 * the model's own ids — components (H, E…), hazard ids (geological), indicator ids
 * (h_landslide) and tables such as `risk`, `hazards` or `geological.H` — and none of those may
 * reach the interface as it is: each is named here, in the interface's language.
 */
import type { ModelDocument } from '../../../src-main/api/contract';
import { COMPONENTS } from '../../../src-shared/model';
import { HAZARD_NAMES } from '../../../src-shared/hazardNames';
import type { MessageKey } from '../i18n/zh';
import { indicatorLabel } from './modelEdit';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

const isComponent = (s: string): boolean => (COMPONENTS as readonly string[]).includes(s);

/** A hazard by its Chinese census name (with the id in English). */
function hazardLabel(id: string, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? (HAZARD_NAMES[id] ?? id) : id;
}

/** The caption of one table of the run's weights (`risk`, `hazards`, `H`, `geological.H`). */
export function weightTableCaption(table: string, t: T, lang: 'zh' | 'en'): string {
  if (table === 'risk') return t('risk.w.risk');
  if (table === 'hazards') return t('risk.w.hazards');
  const dot = table.lastIndexOf('.');
  const comp = table.slice(dot + 1);
  const label = isComponent(comp) ? t(`comp.${comp}` as MessageKey) : comp;
  return dot < 0 ? label : `${hazardLabel(table.slice(0, dot), lang)} · ${label}`;
}

/** The name of one row (`id`) of the table `table` of the run's weights. */
export function weightRowLabel(table: string, id: string, doc: ModelDocument, t: T, lang: 'zh' | 'en'): string {
  if (table === 'risk' && isComponent(id)) return t(`comp.${id}` as MessageKey);
  if (table === 'hazards') return hazardLabel(id, lang);
  return indicatorLabel(doc, id);
}
