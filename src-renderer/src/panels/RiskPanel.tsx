/**
 * Step 5, Risk: the risk operator and the component weights, a coarse live preview of the
 * composite while the weights change (computed by the engine on a small grid, not saved),
 * and the full compute with progress and cancel. After a run, the weights actually used.
 */
import { useEffect, useRef, useState } from 'react';
import type { CompositePreview, ModelDocument } from '../../../src-main/api/contract';
import { COMPONENTS, RISK_OPERATORS, OPERATOR_NEEDS, type Component, type RiskOperator } from '../../../src-shared/model';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';
import { ImageOverlay } from '../map/ImageOverlay';
import { normaliseWeights } from '../lib/modelEdit';
import { weightRowLabel, weightTableCaption } from '../lib/usedWeights';

/** Wait this long after the last slider move before asking for a preview. */
const PREVIEW_DEBOUNCE_MS = 250;

export function RiskPanel() {
  const { t, lang } = useI18n();
  const { model, run, runJob, fail, project } = useWorkspace();
  const doc = model.doc;
  const [weights, setWeights] = useState<Partial<Record<Component, number>> | null>(null);
  const [preview, setPreview] = useState<CompositePreview | null>(null);
  const [live, setLive] = useState(true);
  const seq = useRef(0);
  useEffect(() => setWeights(null), [model.state?.revision]);

  const operator = (doc?.risk?.operator ?? 'weightedSum') as RiskOperator;
  const present = doc ? COMPONENTS.filter((c) => doc.components[c]) : [];
  const shown = weights ?? doc?.risk?.weights ?? {};
  const draftDoc: ModelDocument | null = doc && weights ? { ...doc, risk: { ...(doc.risk ?? { operator }), weights: weights } } : null;

  // The coarse preview follows the sliders; stale answers (an older request finishing late) are dropped.
  useEffect(() => {
    if (!live || !doc) return;
    const n = ++seq.current;
    const timer = setTimeout(() => {
      call('preview.composite', draftDoc ? { doc: draftDoc, maxCells: 20_000 } : { maxCells: 20_000 })
        .then((p) => n === seq.current && setPreview(p))
        .catch((err) => n === seq.current && fail(err));
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // draftDoc is derived from doc and weights, which are the dependencies.
  }, [live, doc, weights, fail]);

  if (!doc) return <p className="hint">{t('model.loading')}</p>;
  const needsWeights = OPERATOR_NEEDS[operator].weights;
  const sum = present.reduce((s, c) => s + (shown[c] ?? 0), 0);

  return (
    <div className="risk-panel">
      <label>
        {t('risk.operator')}
        <select
          value={operator}
          data-testid="risk-operator"
          onChange={(e) => void model.update({ ...doc, risk: { ...(doc.risk ?? {}), operator: e.target.value as RiskOperator } })}
        >
          {RISK_OPERATORS.map((o) => (
            <option key={o} value={o}>
              {t(`risk.op.${o}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      {needsWeights && (
        <div className="component-weights" data-testid="risk-weights">
          {present.map((c) => (
            <label key={c} className="slider-row">
              <span>{t(`comp.${c}` as MessageKey)}</span>
              <input type="range" min={0} max={1} step={0.01} value={shown[c] ?? 0} data-testid={`rw-${c}`} onChange={(e) => setWeights({ ...shown, [c]: Number(e.target.value) })} />
              <span className="num">{(shown[c] ?? 0).toFixed(2)}</span>
            </label>
          ))}
          <p className="hint">Σ = {sum.toFixed(2)}</p>
          <div className="row">
            <button
              type="button"
              disabled={!weights}
              data-testid="risk-weights-apply"
              onClick={() => weights && void model.update({ ...doc, risk: { ...(doc.risk ?? { operator }), weights: normaliseWeights(weights as Record<string, number>) } })}
            >
              {t('weights.apply')}
            </button>
            <button type="button" disabled={!weights} onClick={() => setWeights(null)}>
              {t('action.revert')}
            </button>
          </div>
        </div>
      )}
      {doc.hazards && (
        <div className="hazards" data-testid="risk-hazards">
          <h3>{t('risk.hazards')}</h3>
          <table className="class-table">
            <tbody>
              {doc.hazards.map((h) => (
                <tr key={h.id}>
                  <th>{h.name ?? h.id}</th>
                  <td>{'indicators' in h && Array.isArray(h.indicators) ? h.indicators.join('、') : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <label>
            {t('risk.comprehensive')}
            <select
              value={doc.comprehensive?.method ?? 'weightedSum'}
              data-testid="risk-comprehensive"
              onChange={(e) => void model.update({ ...doc, comprehensive: { ...(doc.comprehensive ?? {}), method: e.target.value as 'weightedSum' | 'max' } })}
            >
              <option value="weightedSum">{t('risk.comp.weightedSum')}</option>
              <option value="max">{t('risk.comp.max')}</option>
            </select>
          </label>
          <p className="hint">{t('risk.hazardsHint')}</p>
        </div>
      )}
      <label className="check">
        <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} data-testid="risk-live" />
        {t('risk.livePreview')}
      </label>
      {live && preview && (
        <>
          <ImageOverlay url={preview.png} extent={preview.extent} />
          <p className="hint" data-testid="risk-preview">
            {t('risk.previewInfo', { w: preview.width, h: preview.height, cell: Math.round(preview.cellSize), min: preview.min.toFixed(3), max: preview.max.toFixed(3) })}
          </p>
        </>
      )}
      <div className="row">
        <button type="button" className="primary" data-testid="compute" disabled={!project || runJob.running} onClick={() => void runJob.start()}>
          {t('compute.run')}
        </button>
        {runJob.running && (
          <button type="button" onClick={() => void runJob.cancel()}>
            {t('compute.cancel')}
          </button>
        )}
      </div>
      {run && (
        <div className="run-weights" data-testid="run-weights">
          <h3>{t('risk.usedWeights')}</h3>
          {Object.entries(run.weights).map(([c, w]) => (
            <table key={c}>
              <caption>{weightTableCaption(c, t, lang)}</caption>
              <tbody>
                {Object.entries(w).map(([id, v]) => (
                  <tr key={id}>
                    <th>{weightRowLabel(c, id, doc, t, lang)}</th>
                    <td className="num">{v.toFixed(4)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
      )}
    </div>
  );
}
