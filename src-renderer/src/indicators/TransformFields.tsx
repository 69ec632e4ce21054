/**
 * An indicator's transform and direction, as the 指标 panel and the builder edit them: a
 * transform that needs what the indicator lacks (rescale without a range or a histogram to start
 * one from; reclass without a table, unless the builder may start one) cannot be chosen.
 * Rescale's range is edited here; only a valid one (finite ends, lower below upper) is passed on.
 */
import { useEffect, useState } from 'react';
import { TRANSFORMS, type IndicatorSpec } from '../../../src-shared/model';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { parseRange } from './builderEdit';

/** Rescale's raw-value range: two numbers, a warning beside them while they are not a valid range. */
function RangeFields({ range, onChange, testId }: { range: [number, number]; onChange(range: [number, number]): void; testId: string }) {
  const { t } = useI18n();
  const [text, setText] = useState<[string, string]>([String(range[0]), String(range[1])]);
  // Another indicator, or the range changed elsewhere (undo): show the stored one.
  useEffect(() => setText([String(range[0]), String(range[1])]), [range[0], range[1]]);
  const edit = (i: 0 | 1, v: string): void => {
    const next: [string, string] = i === 0 ? [v, text[1]] : [text[0], v];
    setText(next);
    const parsed = parseRange(...next);
    if (parsed && (parsed[0] !== range[0] || parsed[1] !== range[1])) onChange(parsed);
  };
  const bad = parseRange(...text) === null;
  return (
    <>
      <label>
        {t('bld.rangeMin')}
        <input inputMode="decimal" value={text[0]} onChange={(e) => edit(0, e.target.value)} data-testid={`${testId}-min`} style={{ width: 90 }} />
      </label>
      <label>
        {t('bld.rangeMax')}
        <input inputMode="decimal" value={text[1]} onChange={(e) => edit(1, e.target.value)} data-testid={`${testId}-max`} style={{ width: 90 }} />
      </label>
      {bad && (
        <p className="warning" data-testid={`${testId}-error`}>
          {t('bld.rangeBad')}
        </p>
      )}
    </>
  );
}

export interface TransformFieldsProps {
  spec: IndicatorSpec;
  onChange(patch: Partial<IndicatorSpec>): void;
  testIds: [string, string];
  reclassWithoutTable: boolean;
  /** The raw values' extent (the histogram's min and max): where a new rescale range starts. */
  rangeSeed?: [number, number];
}

export function TransformFields({ spec, onChange, testIds, reclassWithoutTable, rangeSeed }: TransformFieldsProps) {
  const { t } = useI18n();
  const seed = rangeSeed && rangeSeed[0] < rangeSeed[1] ? rangeSeed : undefined;
  return (
    <>
      <label>
        {t('ind.transform')}
        <select
          value={spec.transform}
          data-testid={testIds[0]}
          onChange={(e) => {
            const transform = e.target.value as IndicatorSpec['transform'];
            onChange({ transform, ...(transform === 'reclass' && !spec.table ? { table: [] } : {}), ...(transform === 'rescale' && !spec.range && seed ? { range: seed } : {}) });
          }}
        >
          {TRANSFORMS.map((x) => (
            <option key={x} value={x} disabled={(x === 'rescale' && !spec.range && !seed) || (x === 'reclass' && !spec.table && !reclassWithoutTable)}>
              {t(`ind.t.${x}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      {spec.transform === 'rescale' && spec.range && <RangeFields range={spec.range} testId={`${testIds[0]}-range`} onChange={(range) => onChange({ range })} />}
      <label>
        {t('ind.direction')}
        <select value={spec.direction} data-testid={testIds[1]} onChange={(e) => onChange({ direction: e.target.value as IndicatorSpec['direction'] })}>
          <option value="positive">{t('ind.positive')}</option>
          <option value="negative">{t('ind.negative')}</option>
        </select>
      </label>
    </>
  );
}
