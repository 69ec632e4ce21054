/**
 * Step 3, Indicators: every indicator of the model with its display name, source layer and
 * what a run would refuse of it (model.check, beside it), how a vector is turned into a grid,
 * its transform and its direction, and a histogram of its values on the analysis grid (raw,
 * or after the transform) computed by the engine — and the indicator builder: add, edit
 * (rename, another source layer, another kind), remove. Edits are model edits (undoable).
 */
import { useEffect, useState } from 'react';
import type { IndicatorHistogram } from '../../../src-main/api/contract';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';
import { BreaksHistogram } from '../components/BreaksHistogram';
import { indicatorLabel, withIndicator } from '../lib/modelEdit';
import { IndicatorForm } from '../indicators/IndicatorForm';
import { ProblemList } from '../indicators/ProblemList';
import { removeIndicator } from '../indicators/builderEdit';
import { useDebounced } from '../indicators/useDebounced';
import { TransformFields } from '../indicators/TransformFields';

/** The builder's form: closed, a new indicator, or the one of this id. */
type Form = null | { editing: string | null };
const NO_CHANGE = (): void => undefined;

export function IndicatorsPanel() {
  const { t } = useI18n();
  const { model, fail, project } = useWorkspace();
  const doc = model.doc;
  const [form, setForm] = useState<Form>(null);
  const checked = useDebounced(doc ? `${model.state?.revision ?? 0}:${doc.indicators.length}` : null, () => call('model.check', {}));
  const problems = checked.value?.problems ?? [];
  const [selected, setSelected] = useState<string | null>(null);
  const [normalised, setNormalised] = useState(false);
  const [hist, setHist] = useState<IndicatorHistogram | 'failed' | null>(null);
  const ind = doc?.indicators.find((i) => i.id === selected) ?? doc?.indicators[0] ?? null;

  useEffect(() => {
    if (!ind) return;
    let live = true;
    setHist(null);
    call('indicator.histogram', { indicator: ind.id, normalised, bins: 32 })
      .then((h) => live && setHist(h))
      .catch((err) => {
        if (!live) return;
        setHist('failed');
        fail(err);
      });
    return () => {
      live = false;
    };
  }, [ind?.id, normalised, fail, model.state?.revision]);

  if (!doc) return <p className="hint">{t('model.loading')}</p>;
  if (form) {
    return (
      <div className="indicators-panel">
        <IndicatorForm
          key={form.editing ?? '(new)'}
          doc={doc}
          catalogue={project?.layers ?? []}
          editing={form.editing ? (doc.indicators.find((i) => i.id === form.editing) ?? null) : null}
          onCancel={() => setForm(null)}
          onApply={async (next) => {
            await model.update(next);
            setForm(null);
          }}
        />
      </div>
    );
  }
  const errorsOf = (id: string) => problems.filter((p) => p.indicator === id);
  return (
    <div className="indicators-panel">
      <div className="row">
        <button type="button" className="primary" onClick={() => setForm({ editing: null })} data-testid="builder-add">
          {t('bld.addNew')}
        </button>
        {problems.length > 0 && (
          <span className="warning" data-testid="builder-check-count">
            {t('bld.checkAll', { n: problems.length })}
          </span>
        )}
      </div>
      {!doc.hazards && !doc.risk && (
        <p className="warning" data-testid="model-todo">
          {t('bld.todoHazard')}
        </p>
      )}
      <ProblemList problems={problems.filter((p) => p.indicator === '')} testId="model-problems" />
      <div className="table-scroll">
        <table className="indicator-list" data-testid="indicator-list">
          <thead>
            <tr>
              <th>{t('ind.id')}</th>
              <th>{t('ind.source')}</th>
              <th>{t('ind.direction')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {doc.indicators.map((i) => (
              <tr key={i.id} className={i.id === ind?.id ? 'selected' : ''} onClick={() => setSelected(i.id)} data-testid={`ind-${i.id}`}>
                <td>
                  {indicatorLabel(doc, i.id)}
                  {errorsOf(i.id).some((p) => p.severity === 'error') ? ' ✖' : errorsOf(i.id).length ? ' ⚠' : ''}
                </td>
                <td>{doc.layers[i.layer]?.name ?? i.layer}</td>
                <td>{i.direction === 'negative' ? '−' : '+'}</td>
                <td>
                  <button type="button" className="link" onClick={() => setForm({ editing: i.id })} data-testid={`builder-edit-${i.id}`}>
                    {t('bld.editBtn')}
                  </button>
                  <button
                    type="button"
                    className="link"
                    data-testid={`builder-remove-${i.id}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      if (window.confirm(t('bld.removeConfirm', { id: i.id }))) void model.update(removeIndicator(doc, i.id));
                    }}
                  >
                    {t('bld.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {ind && (
        <div className="indicator-detail" data-testid="indicator-detail">
          <h3>{indicatorLabel(doc, ind.id)}</h3>
          <ProblemList problems={[...errorsOf(ind.id), ...(hist && hist !== 'failed' ? hist.warnings : [])]} testId="ind-problems" />
          <dl>
            <div>
              <dt>{t('ind.source')}</dt>
              <dd>
                {doc.layers[ind.layer]?.name ?? ind.layer}（{ind.layer}）
              </dd>
            </div>
            <div>
              <dt>{t('ind.gridding')}</dt>
              <dd>
                {ind.rasterize ? t(`bld.k.${ind.rasterize}` as MessageKey) : t(`ind.resample.${ind.resample ?? 'nearest'}` as MessageKey)}
                {ind.radius ? ` · r = ${ind.radius} m` : ''}
                {ind.weightField ? ` · ${ind.weightField}` : ''}
              </dd>
            </div>
          </dl>
          <TransformFields spec={ind} testIds={['ind-transform', 'ind-direction']} reclassWithoutTable={false} onChange={(patch) => void model.update(withIndicator(doc, ind.id, patch))} {...(hist && hist !== 'failed' && hist.validCells > 0 && !normalised ? { rangeSeed: [hist.min, hist.max] as [number, number] } : {})} />
          <label className="check">
            <input type="checkbox" checked={normalised} onChange={(e) => setNormalised(e.target.checked)} data-testid="ind-normalised" />
            {t('ind.showNormalised')}
          </label>
          {hist === 'failed' ? (
            <p className="hint">{t('ind.histFailed')}</p>
          ) : hist && hist.validCells > 0 ? (
            <>
              <BreaksHistogram histogram={hist} breaks={[hist.min, hist.max]} colors={['#5b8cc0']} onChange={NO_CHANGE} onCommit={NO_CHANGE} />
              <p className="hint" data-testid="ind-hist-info">
                {t('ind.histInfo', { n: hist.validCells, min: hist.min.toPrecision(4), max: hist.max.toPrecision(4) })}
              </p>
            </>
          ) : hist ? null : (
            <p className="hint">{t('attr.loading')}</p>
          )}
        </div>
      )}
    </div>
  );
}
