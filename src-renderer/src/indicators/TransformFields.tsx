/**
 * An indicator's transform and direction, as the 指标 panel and the builder edit them: a
 * transform that needs what the indicator lacks (rescale without a range; reclass without a
 * table, unless the builder may start one) cannot be chosen.
 */
import { TRANSFORMS, type IndicatorSpec } from '../../../src-shared/model';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';

export function TransformFields({ spec, onChange, testIds, reclassWithoutTable }: { spec: IndicatorSpec; onChange(patch: Partial<IndicatorSpec>): void; testIds: [string, string]; reclassWithoutTable: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('ind.transform')}
        <select value={spec.transform} data-testid={testIds[0]} onChange={(e) => onChange({ transform: e.target.value as IndicatorSpec['transform'], ...(e.target.value === 'reclass' && !spec.table ? { table: [] } : {}) })}>
          {TRANSFORMS.map((x) => (
            <option key={x} value={x} disabled={(x === 'rescale' && !spec.range) || (x === 'reclass' && !spec.table && !reclassWithoutTable)}>
              {t(`ind.t.${x}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
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
