/**
 * What is wrong with an indicator before (or after) its grid is computed, as the indicator
 * builder lists it and a run refuses it: an error (the run refuses it, with the same message)
 * or a warning (the grid is all one value, or all nodata). Every message names the layer and,
 * where there is one, the field — in Chinese and English.
 */
import type { ErrorCode } from './errors';
import { fillMessage, messageFor, type Lang } from './messages';

/** Warnings about a computed indicator grid. */
export const INDICATOR_WARNINGS = {
  W_INDICATOR_CONSTANT: {
    zh: '指标 {indicator}（图层「{layer}」）在研究区内处处相同（{value}），对风险没有区分作用',
    en: 'indicator {indicator} (layer "{layer}") has the same value ({value}) in every cell of the study area: it tells no place from another',
  },
  W_INDICATOR_NODATA: {
    zh: '指标 {indicator}（图层「{layer}」）在研究区内全部为无数据',
    en: 'indicator {indicator} (layer "{layer}") is nodata in every cell of the study area',
  },
  W_LABEL_FIELD: {
    zh: '图层「{layer}」没有注记字段「{field}」，图上改用默认名称字段',
    en: 'layer "{layer}" has no label field "{field}"; the sheets fall back to the default name field',
  },
} as const;
export type IndicatorWarningCode = keyof typeof INDICATOR_WARNINGS;

export interface IndicatorProblem {
  code: ErrorCode | IndicatorWarningCode;
  /** An error stops a run (with this message); a warning is shown beside the indicator. */
  severity: 'error' | 'warning';
  /** The indicator's id; '' for a problem of the study area or of a layer as such. */
  indicator: string;
  /** The layer's id in the model, and its display name. */
  layer: string;
  layerName: string;
  /** The attribute concerned, when there is one. */
  field?: string;
  /** The particulars the message is filled from (layer, field, indicator, type, value…). */
  params: Record<string, string | number>;
  message: { zh: string; en: string };
}

/** The message of a problem code in a language, filled from `params`. */
export function problemMessage(code: IndicatorProblem['code'], lang: Lang, params: Record<string, string | number>): string {
  return code in INDICATOR_WARNINGS ? fillMessage(INDICATOR_WARNINGS[code as IndicatorWarningCode][lang], params) : messageFor(code as ErrorCode, lang, params);
}

/** A problem with its message in both languages. */
export function indicatorProblem(p: Omit<IndicatorProblem, 'message'>): IndicatorProblem {
  return { ...p, message: { zh: problemMessage(p.code, 'zh', p.params), en: problemMessage(p.code, 'en', p.params) } };
}
