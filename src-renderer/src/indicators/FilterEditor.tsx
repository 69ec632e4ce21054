/**
 * The filter of a vector indicator: a field of the layer (its type shown), a condition —
 * equal, one of, below, above (the last two for numeric fields) — and a value, chosen from
 * the values the field holds or typed. The run refuses a filter on a missing field, with a
 * value of the wrong type or that keeps nothing (model.check shows it beside the indicator).
 */
import type { LayerEntry } from '../../../src-main/api/contract';
import type { FeatureFilter } from '../../../src-shared/model';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { fieldsOf, useFieldValues } from './SourceFields';

type Op = 'eq' | 'in' | 'lt' | 'gt';
const opOf = (f: FeatureFilter): Op => (f.in ? 'in' : f.lt !== undefined ? 'lt' : f.gt !== undefined ? 'gt' : 'eq');
const valueText = (f: FeatureFilter): string => (f.in ? f.in.join(', ') : String(f.lt ?? f.gt ?? f.eq ?? ''));

/** The filter for field `field`, condition `op` and typed `text` (numbers as numbers for a numeric field). */
export function filterOf(field: string, numeric: boolean, op: Op, text: string): FeatureFilter {
  const one = (s: string): string | number => (numeric && s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s.trim());
  if (op === 'in') return { field, in: text.split(',').map(one).filter((v) => v !== '') };
  if (op === 'lt' || op === 'gt') return { field, [op]: Number(text) };
  return { field, eq: one(text) };
}

export function FilterEditor({ layer, value, onChange }: { layer: LayerEntry | undefined; value: FeatureFilter | undefined; onChange(f: FeatureFilter | undefined): void }) {
  const { t } = useI18n();
  const fields = fieldsOf(layer);
  const values = useFieldValues(layer?.id, value?.field);
  if (fields.length === 0) return null;
  const type = fields.find((f) => f.name === value?.field)?.type;
  const numeric = type === 'number' || type === 'integer';
  const op = value ? opOf(value) : 'eq';
  const text = value ? valueText(value) : '';
  return (
    <fieldset className="filter-editor" data-testid="builder-filter">
      <legend>{t('bld.filter')}</legend>
      <label className="check">
        <input type="checkbox" checked={value !== undefined} onChange={(e) => onChange(e.target.checked ? { field: fields[0]!.name, eq: '' } : undefined)} data-testid="builder-filter-on" />
        {t('bld.filterOn')}
      </label>
      {value && (
        <div className="row">
          <select value={value.field} onChange={(e) => onChange(filterOf(e.target.value, false, op, text))} data-testid="builder-filter-field">
            {fields.map((f) => (
              <option key={f.name} value={f.name}>
                {f.name}（{t(`wiz.type.${f.type}` as MessageKey)}）
              </option>
            ))}
            {!fields.some((f) => f.name === value.field) && <option value={value.field}>{value.field}</option>}
          </select>
          <select value={op} onChange={(e) => onChange(filterOf(value.field, numeric, e.target.value as Op, text))} data-testid="builder-filter-op">
            {(['eq', 'in', 'lt', 'gt'] as const).map((o) => (
              <option key={o} value={o}>
                {t(`bld.op.${o}` as MessageKey)}
              </option>
            ))}
          </select>
          <input value={text} list="builder-filter-values" onChange={(e) => onChange(filterOf(value.field, numeric, op, e.target.value))} data-testid="builder-filter-value" style={{ width: 120 }} />
          <datalist id="builder-filter-values">
            {values.map((v) => (
              <option key={String(v)} value={String(v)} />
            ))}
          </datalist>
        </div>
      )}
      {value && values.length > 0 && (
        <p className="hint" data-testid="builder-filter-values-shown">
          {t('bld.values')}
          {values.slice(0, 12).join('、')}
          {values.length > 12 ? '…' : ''}
        </p>
      )}
    </fieldset>
  );
}
