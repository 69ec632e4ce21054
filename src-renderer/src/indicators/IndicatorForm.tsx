/**
 * One indicator in the builder, new or existing: its id and Chinese display name, its
 * component (new ones), its source layer and how it is gridded — the kinds the layer's
 * geometry offers, each with its fields (types shown), defaults stated — a filter, the
 * transform (with the reclassification table), the direction; and before anything is run,
 * its histogram on the analysis grid and what a run would refuse (model.check), next to it.
 * 应用 stores it as an (undoable) model edit.
 */
import { useMemo, useState } from 'react';
import type { LayerEntry, ModelDocument } from '../../../src-main/api/contract';
import type { Component, IndicatorSpec, ResampleMethod } from '../../../src-shared/model';
import type { IndicatorProblem } from '../../../src-shared/indicatorProblems';
import { asApiError, call } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { BreaksHistogram } from '../components/BreaksHistogram';
import { addIndicator, geometryOf, INDICATOR_ID, KIND_NEEDS, KINDS, kindOf, newSpec, replaceIndicator, resampleChoices, type IndicatorKind } from './builderEdit';
import { FieldTable, fieldsOf, numericFields } from './SourceFields';
import { FilterEditor } from './FilterEditor';
import { ReclassEditor } from './ReclassEditor';
import { TransformFields } from './TransformFields';
import { ProblemList } from './ProblemList';
import { useDebounced } from './useDebounced';

const NO_CHANGE = (): void => undefined;

export interface IndicatorFormProps {
  doc: ModelDocument;
  /** The project's catalogue (layers an indicator may read). */
  catalogue: readonly LayerEntry[];
  /** The indicator edited; null for a new one. */
  editing: IndicatorSpec | null;
  onApply(doc: ModelDocument): Promise<void>;
  onCancel(): void;
}

/** A free indicator id like `base` (base, base_2, …). */
function freeId(doc: ModelDocument, base: string): string {
  const clean = /^[A-Za-z]/.test(base) ? base.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 60) : `ind_${base.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 60);
  let id = clean;
  for (let k = 2; doc.indicators.some((i) => i.id === id); k++) id = `${clean}_${k}`;
  return id;
}

export function IndicatorForm({ doc, catalogue, editing, onApply, onCancel }: IndicatorFormProps) {
  const { t, lang, errorText } = useI18n();
  const sources = catalogue.filter((l) => l.file && geometryOf(l.meta));
  const first = sources[0];
  const [component, setComponent] = useState<Component>('H');
  const [spec, setSpec] = useState<IndicatorSpec | null>(() => editing ?? (first ? newSpec(freeId(doc, first.id), first, KINDS[geometryOf(first.meta)!][0]!, doc.layers[first.id]?.categorical ?? false) : null));
  const layer = catalogue.find((l) => l.id === spec?.layer);
  const categorical = spec ? (doc.layers[spec.layer]?.categorical ?? false) : false;
  const geometry = layer ? geometryOf(layer.meta) : null;
  const idBad = spec !== null && (!INDICATOR_ID.test(spec.id) || (spec.id !== editing?.id && doc.indicators.some((i) => i.id === spec.id)));

  /** The document as it would be with this indicator applied. */
  const draftDoc = useMemo(() => {
    if (!spec || idBad) return null;
    return editing ? replaceIndicator(doc, editing.id, spec, layer) : addIndicator(doc, spec, component, layer!);
  }, [doc, spec, editing, component, layer, idBad]);
  const specKey = draftDoc ? JSON.stringify(spec) : null;
  const hist = useDebounced(specKey, () => call('indicator.histogram', { spec, bins: 32, normalised: false }));
  const check = useDebounced(draftDoc ? JSON.stringify(draftDoc) : null, () => call('model.check', { doc: draftDoc }));
  const problems: IndicatorProblem[] = [...(check.value?.problems.filter((p) => p.indicator === spec?.id || p.indicator === '') ?? []), ...(hist.value?.warnings ?? [])];
  const errorOf = (e: unknown): string | null => {
    if (!e) return null;
    const info = asApiError(e).info;
    return errorText(info.code, info.params);
  };

  if (!spec) return <p className="hint">{t('bld.noLayers')}</p>;
  const set = (patch: Partial<IndicatorSpec>): void => setSpec((s) => s && ({ ...s, ...patch }) as IndicatorSpec);
  const setKind = (kind: IndicatorKind, l = layer!): void => {
    const fresh = newSpec(spec.id, l, kind, doc.layers[l.id]?.categorical ?? false);
    // The fields chosen stay in the roles the kind reads, on another layer too: one the new layer lacks is refused beside the indicator, naming both.
    const kept = Object.fromEntries((['field', 'denominator', 'weightField'] as const).filter((k) => spec[k] && KIND_NEEDS[kind][k === 'weightField' ? 'weight' : k]).map((k) => [k, spec[k]]));
    setSpec({ ...fresh, ...kept, ...(spec.name ? { name: spec.name } : {}), transform: spec.transform === 'reclass' && !spec.table ? 'minmax' : spec.transform, direction: spec.direction, ...(spec.table ? { table: spec.table } : {}), ...(spec.filter && l.id === spec.layer ? { filter: spec.filter } : {}) });
  };
  const kind = kindOf(spec);
  const needs = KIND_NEEDS[kind];
  // Every field with its type, the numeric ones first: a text field chosen is refused beside the indicator, naming it.
  const numeric = numericFields(layer);
  const ordered = [...fieldsOf(layer).filter((f) => numeric.includes(f.name)), ...fieldsOf(layer).filter((f) => !numeric.includes(f.name))];
  const fieldSelect = (key: 'field' | 'denominator' | 'weightField', optional: boolean) => (
    <label>
      {t(`bld.${key}` as MessageKey)}
      <select value={spec[key] ?? ''} onChange={(e) => set({ [key]: e.target.value || undefined })} data-testid={`builder-${key}`}>
        {optional || !spec[key] ? <option value="">{optional ? t('bld.none') : t('bld.choose')}</option> : null}
        {ordered.map((f) => (
          <option key={f.name} value={f.name}>
            {f.name}（{t(`wiz.type.${f.type}` as MessageKey)}）
          </option>
        ))}
        {spec[key] && !ordered.some((f) => f.name === spec[key]) && <option value={spec[key]}>{spec[key]}</option>}
      </select>
    </label>
  );

  return (
    <div className="indicator-form" data-testid="builder-form">
      <h3>{editing ? t('bld.edit', { id: editing.id }) : t('bld.new')}</h3>
      <div className="row">
        <label>
          {t('bld.name')}
          <input value={spec.name ?? ''} maxLength={60} onChange={(e) => set({ name: e.target.value || undefined })} data-testid="builder-name" />
        </label>
        <label>
          {t('bld.id')}
          <input value={spec.id} maxLength={64} onChange={(e) => set({ id: e.target.value.trim() })} data-testid="builder-id" style={{ width: 140 }} />
        </label>
        {!editing && (
          <label>
            {t('bld.component')}
            <select value={component} onChange={(e) => setComponent(e.target.value as Component)} data-testid="builder-component">
              {(['H', 'E', 'V', 'C'] as const).map((c) => (
                <option key={c} value={c}>
                  {t(`bld.c.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {idBad && <p className="warning">{t('bld.idBad')}</p>}
      <label>
        {t('ind.source')}
        <select
          value={spec.layer}
          onChange={(e) => {
            const l = sources.find((x) => x.id === e.target.value)!;
            const g = geometryOf(l.meta)!;
            setKind(KINDS[g].includes(kind) ? kind : KINDS[g][0]!, l);
          }}
          data-testid="builder-layer"
        >
          {sources.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}（{l.id} · {t(`bld.g.${geometryOf(l.meta)}` as MessageKey)}）
            </option>
          ))}
        </select>
      </label>
      <FieldTable layer={layer} />
      {geometry && (
        <label>
          {t('ind.gridding')}
          <select value={kind} onChange={(e) => setKind(e.target.value as IndicatorKind)} data-testid="builder-kind">
            {KINDS[geometry].map((k, i) => (
              <option key={k} value={k}>
                {t(`bld.k.${k}` as MessageKey)}
                {i === 0 ? t('bld.default') : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="hint" data-testid="builder-kind-help">
        {t(`bld.kh.${kind}` as MessageKey)}
      </p>
      {kind === 'value' && (
        <label>
          {t('bld.resample')}
          <select value={spec.resample ?? 'nearest'} onChange={(e) => set({ resample: e.target.value as ResampleMethod })} data-testid="builder-resample">
            {resampleChoices(categorical).map((r) => (
              <option key={r} value={r}>
                {t(`ind.resample.${r}` as MessageKey)}
              </option>
            ))}
          </select>
          {categorical && <span className="hint">{t('bld.categorical')}</span>}
        </label>
      )}
      {needs.field && fieldSelect('field', false)}
      {needs.denominator && fieldSelect('denominator', false)}
      {needs.denominator && (
        <label>
          {t('bld.zeroDen')}
          <select value={spec.zeroDenominator ?? 'nodata'} onChange={(e) => set({ zeroDenominator: e.target.value as 'nodata' | 'zero' })} data-testid="builder-zero">
            <option value="nodata">{t('bld.zeroNodata')}</option>
            <option value="zero">{t('bld.zeroZero')}</option>
          </select>
        </label>
      )}
      {needs.weight && fieldSelect('weightField', needs.weight === 'optional')}
      {needs.radius && (
        <label>
          {t('bld.radius')}
          <input type="number" min={1} value={spec.radius ?? 1000} onChange={(e) => set({ radius: Number(e.target.value) })} data-testid="builder-radius" style={{ width: 90 }} />
          {t('wiz.metres')}
        </label>
      )}
      {geometry !== 'raster' && <FilterEditor layer={layer} value={spec.filter} onChange={(filter) => setSpec((s) => s && (filter ? { ...s, filter } : (({ filter: _drop, ...rest }) => rest)(s)))} />}
      <div className="row">
        <TransformFields spec={spec} testIds={['builder-transform', 'builder-direction']} reclassWithoutTable onChange={set} {...(hist.value && hist.value.validCells > 0 ? { rangeSeed: [hist.value.min, hist.value.max] as [number, number] } : {})} />
      </div>
      {spec.transform === 'reclass' && <ReclassEditor table={spec.table ?? []} onChange={(table) => set({ table })} />}

      <ProblemList problems={problems} testId="builder-problems" />
      {/* The histogram's refusal repeats a problem the check lists already; shown only when the check has none. */}
      {(errorOf(check.error) ?? (problems.length === 0 ? errorOf(hist.error) : null)) && (
        <p className="warning" role="alert" data-testid="builder-error">
          {errorOf(check.error) ?? errorOf(hist.error)}
        </p>
      )}
      {hist.value && hist.value.validCells > 0 && (
        <div data-testid="builder-histogram">
          <BreaksHistogram histogram={hist.value} breaks={[hist.value.min, hist.value.max]} colors={['#5b8cc0']} onChange={NO_CHANGE} onCommit={NO_CHANGE} />
          <p className="hint">{t('ind.histInfo', { n: hist.value.validCells, min: hist.value.min.toPrecision(4), max: hist.value.max.toPrecision(4) })}</p>
        </div>
      )}
      {(hist.busy || check.busy) && <p className="hint">{t('attr.loading')}</p>}
      <div className="row">
        <button type="button" className="primary" disabled={!draftDoc || problems.some((p) => p.severity === 'error')} onClick={() => draftDoc && void onApply(draftDoc)} data-testid="builder-apply" title={lang === 'zh' ? '' : ''}>
          {editing ? t('bld.apply') : t('bld.add')}
        </button>
        <button type="button" onClick={onCancel} data-testid="builder-cancel">
          {t('compute.cancel')}
        </button>
      </div>
    </div>
  );
}
