/**
 * Step 5, Risk: the risk operator, the component weights and (models with hazards) the
 * hazards' weights in the comprehensive risk. Sliders keep their weights summing to 1 as
 * they move (the others rescale); every move is recomputed at once at full resolution by the
 * engine (the live preview: the map, the histogram and the class table follow), and releasing
 * a slider stores the weights in the model (undoable). "计算" then writes the outputs. After
 * a run, the weights actually used.
 */
import { useEffect, useRef, useState } from 'react';
import type { FullPreview, ModelDocument } from '../../../src-main/api/contract';
import { COMPONENTS, RISK_OPERATORS, OPERATOR_NEEDS, type Component, type RiskOperator } from '../../../src-shared/model';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';
import { rescaleWeights } from '../lib/modelEdit';
import { BreaksHistogram } from '../components/BreaksHistogram';
import { ClassTable } from '../components/ClassTable';
import { weightRowLabel, weightTableCaption } from '../lib/usedWeights';

/** A model with other risk weights, or (by hazard id) other hazard weights. */
type WeightEdit = { risk: Record<string, number> } | { hazards: Record<string, number> };

function withWeights(doc: ModelDocument, edit: WeightEdit): ModelDocument {
  if ('risk' in edit) return { ...doc, risk: { ...(doc.risk ?? { operator: 'weightedSum' }), weights: edit.risk } };
  return { ...doc, hazards: doc.hazards?.map((h) => ({ ...h, weight: edit.hazards[h.id]! })) };
}

export function RiskPanel() {
  const { t, lang } = useI18n();
  const { model, run, runJob, project, live } = useWorkspace();
  const doc = model.doc;
  const [draft, setDraft] = useState<WeightEdit | null>(null);
  // The newest edit, for the commit on key-up or pointer-up: that event can come before React
  // has re-rendered with the last move, and a commit from the render's own `draft` would store
  // the edit before it (one arrow key press lost).
  const latest = useRef<WeightEdit | null>(null);
  const [on, setOn] = useState(true);
  const revision = model.state?.revision;
  useEffect(() => {
    // A stored edit is the document now; an edit made since it was sent stays the draft.
    if (latest.current === null) setDraft(null);
  }, [revision]);

  if (!doc) return <p className="hint">{t('model.loading')}</p>;
  const operator = (doc.risk?.operator ?? 'weightedSum') as RiskOperator;
  const present = COMPONENTS.filter((c) => doc.components[c]);
  const riskWeights = (draft && 'risk' in draft ? draft.risk : doc.risk?.weights) ?? {};
  // Hazard weights: as given, else the shares of H the engine resolved (the live result's, else the last run's).
  const preview = live.shown?.preview;
  const full: FullPreview | null = preview?.mode === 'full' ? preview : null;
  const resolved = full?.weights.hazards ?? run?.weights.hazards;
  const hazardWeights = draft && 'hazards' in draft ? draft.hazards : doc.hazards?.every((h) => h.weight !== undefined) ? Object.fromEntries(doc.hazards.map((h) => [h.id, h.weight!])) : resolved;
  const weighHazards = Boolean(doc.hazards && doc.comprehensive?.method !== 'max' && hazardWeights);

  /** An edit while a slider moves: recomputed at once, stored when the slider is let go. */
  const move = (edit: WeightEdit): void => {
    latest.current = edit;
    setDraft(edit);
    if (on) void live.request(withWeights(doc, edit));
  };
  const commit = (): void => {
    const edit = latest.current;
    if (!edit) return;
    latest.current = null;
    void model.update(withWeights(doc, edit));
  };
  /** A committed edit (operator, comprehensive method): stored, and recomputed. */
  const change = (next: ModelDocument): void => {
    void model.update(next).then((ok) => {
      if (ok && on) void live.request(next);
    });
  };

  const slider = (id: string, label: string, value: number, set: (v: number) => void) => (
    <label key={id} className="slider-row">
      <span>{label}</span>
      <input type="range" min={0} max={1} step={0.01} value={value} data-testid={`rw-${id}`} onChange={(e) => set(Number(e.target.value))} onPointerUp={commit} onKeyUp={commit} />
      <span className="num">{value.toFixed(2)}</span>
    </label>
  );
  const sum = present.reduce((s, c) => s + (riskWeights[c] ?? 0), 0);

  return (
    <div className="risk-panel">
      <label>
        {t('risk.operator')}
        <select value={operator} data-testid="risk-operator" onChange={(e) => change({ ...doc, risk: { ...(doc.risk ?? {}), operator: e.target.value as RiskOperator } })}>
          {RISK_OPERATORS.map((o) => (
            <option key={o} value={o}>
              {t(`risk.op.${o}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      {OPERATOR_NEEDS[operator].weights && (
        <div className="component-weights" data-testid="risk-weights">
          {present.map((c) => slider(c, t(`comp.${c}` as MessageKey), riskWeights[c] ?? 0, (v) => move({ risk: rescaleWeights(riskWeights as Record<Component, number>, c, v) })))}
          <p className="hint" data-testid="risk-weights-sum">
            Σ = {sum.toFixed(2)}
          </p>
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
              onChange={(e) => change({ ...doc, comprehensive: { ...(doc.comprehensive ?? {}), method: e.target.value as 'weightedSum' | 'max' } })}
            >
              <option value="weightedSum">{t('risk.comp.weightedSum')}</option>
              <option value="max">{t('risk.comp.max')}</option>
            </select>
          </label>
          {weighHazards && (
            <div className="component-weights" data-testid="hazard-weights">
              <h3>{t('risk.hazardWeights')}</h3>
              {doc.hazards.map((h) => slider(`hz-${h.id}`, h.name ?? h.id, hazardWeights![h.id] ?? 0, (v) => move({ hazards: rescaleWeights(hazardWeights!, h.id, v) })))}
            </div>
          )}
          <p className="hint">{t('risk.hazardsHint')}</p>
        </div>
      )}
      <p className="hint">{t('risk.sliderHint')}</p>
      <label className="check">
        <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} data-testid="risk-live" />
        {t('risk.livePreview')}
      </label>
      {full && !full.zones && (
        <div className="live-classes" data-testid="risk-preview">
          <h3>{t('risk.liveClasses')}</h3>
          <BreaksHistogram histogram={full.histogram} breaks={full.breaks} colors={full.classes.map((c) => c.color).reverse()} />
          <ClassTable classes={full.classes} testId="risk-class-table" />
        </div>
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
