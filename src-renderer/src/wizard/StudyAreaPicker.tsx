/**
 * The study area of a new project: any imported polygon layer, either the whole layer
 * (dissolved) or the features chosen in a list — each feature by the value of a label field
 * (the catalogue's name field first; any field may be chosen), with a checkbox.
 */
import { useEffect, useMemo, useState } from 'react';
import type { LayerEntry, StudyAreaChoice } from '../../../src-main/api/contract';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';

/** Most features the list offers (a county's townships, a province's counties). */
export const FEATURE_LIST_LIMIT = 1000;

/** The polygon layers of a catalogue (the layers a study area may be). */
export function polygonLayers(layers: readonly LayerEntry[]): LayerEntry[] {
  return layers.filter((l) => l.meta.kind === 'vector' && /Polygon/.test(l.meta.geometryType));
}

/** The label field a layer's features are listed by: its style's label field, a name-like field, else its first text field. */
export function defaultLabelField(layer: LayerEntry): string | undefined {
  if (layer.meta.kind !== 'vector') return undefined;
  const style = layer.style as { labelField?: string };
  const fields = layer.meta.fields;
  return style.labelField ?? fields.find((f) => /^(XZQMC|NAME|MC|名称|乡镇名称)$/i.test(f.name))?.name ?? fields.find((f) => f.type === 'string')?.name ?? fields[0]?.name;
}

export interface StudyAreaPickerProps {
  layers: LayerEntry[];
  value: StudyAreaChoice | null;
  onChange(v: StudyAreaChoice | null): void;
  fail(err: unknown): void;
}

export function StudyAreaPicker({ layers, value, onChange, fail }: StudyAreaPickerProps) {
  const { t } = useI18n();
  const candidates = useMemo(() => polygonLayers(layers), [layers]);
  const layer = candidates.find((l) => l.id === value?.layer) ?? null;
  const [field, setField] = useState<string | undefined>(undefined);
  const [rows, setRows] = useState<{ value: string | number; label: string }[] | null>(null);
  const [total, setTotal] = useState(0);
  const labelField = field ?? (layer ? defaultLabelField(layer) : undefined);
  const choosing = value?.features !== undefined;

  // The features' values of the label field, for the checkbox list.
  useEffect(() => {
    if (!layer || !labelField || !choosing) return;
    let live = true;
    call('layer.features', { id: layer.id, offset: 0, limit: FEATURE_LIST_LIMIT, sort: { field: labelField, desc: false } })
      .then((page) => {
        if (!live) return;
        setTotal(page.total);
        const seen = new Set<string>();
        const out: { value: string | number; label: string }[] = [];
        for (const r of page.rows) {
          const v = r.properties[labelField];
          if ((typeof v !== 'string' && typeof v !== 'number') || seen.has(String(v))) continue;
          seen.add(String(v));
          out.push({ value: v, label: String(v) });
        }
        setRows(out);
      })
      .catch((err) => live && fail(err));
    return () => {
      live = false;
    };
  }, [layer, labelField, choosing, fail]);

  // Nothing to choose from yet: the study area needs an imported polygon layer.
  if (!candidates.length) return <p className="hint" data-testid="wizard-no-polygons">{t('wiz.noPolygons')}</p>;

  const chosen = new Set((value?.features?.values ?? []).map(String));
  const setValues = (values: (string | number)[]): void => onChange({ layer: layer!.id, features: { field: labelField!, values } });
  return (
    <div className="study-area" data-testid="wizard-study">
      <label>
        {t('wiz.studyLayer')}
        <select
          value={layer?.id ?? ''}
          data-testid="wizard-study-layer"
          onChange={(e) => {
            setField(undefined);
            setRows(null);
            onChange(e.target.value ? { layer: e.target.value } : null);
          }}
        >
          <option value="">—</option>
          {candidates.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}（{l.meta.kind === 'vector' ? l.meta.featureCount : 0}）
            </option>
          ))}
        </select>
      </label>
      {layer && (
        <>
          <div className="row" role="radiogroup">
            <label className="check">
              <input type="radio" checked={!choosing} onChange={() => onChange({ layer: layer.id })} data-testid="wizard-study-whole" />
              {t('wiz.wholeLayer')}
            </label>
            <label className="check">
              <input type="radio" checked={choosing} disabled={!labelField} onChange={() => setValues([])} data-testid="wizard-study-some" />
              {t('wiz.someFeatures')}
            </label>
          </div>
          {choosing && layer.meta.kind === 'vector' && (
            <>
              <label>
                {t('wiz.labelField')}
                <select
                  value={labelField}
                  data-testid="wizard-label-field"
                  onChange={(e) => {
                    setField(e.target.value);
                    setRows(null);
                    onChange({ layer: layer.id, features: { field: e.target.value, values: [] } });
                  }}
                >
                  {layer.meta.fields.map((f) => (
                    <option key={f.name} value={f.name}>
                      {f.name}（{t(`wiz.type.${f.type}` as MessageKey)}）
                    </option>
                  ))}
                </select>
              </label>
              <div className="feature-list" data-testid="wizard-features">
                {rows === null ? (
                  <p className="hint">{t('attr.loading')}</p>
                ) : (
                  rows.map((r) => (
                    <label key={String(r.value)} className="check">
                      <input
                        type="checkbox"
                        checked={chosen.has(String(r.value))}
                        data-testid={`wizard-feature-${r.label}`}
                        onChange={(e) => setValues(e.target.checked ? [...(value?.features?.values ?? []), r.value] : (value?.features?.values ?? []).filter((v) => String(v) !== String(r.value)))}
                      />
                      {r.label}
                    </label>
                  ))
                )}
              </div>
              {total > FEATURE_LIST_LIMIT && <p className="hint">{t('wiz.featuresCut', { n: FEATURE_LIST_LIMIT, total })}</p>}
            </>
          )}
        </>
      )}
    </div>
  );
}
