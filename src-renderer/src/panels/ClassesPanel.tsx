/**
 * Step 6, Classes: the histogram of the risk index with the class breaks as draggable
 * handles, the method picker (jenks, quantile, equal interval, standard deviation, k-means,
 * fixed) and the class scheme with its palette. Every change — a method, a scheme, a dragged
 * break — is recomputed by the engine at full resolution (`live.update`): the map shows the
 * grades and the class table the cells per class, counted on the same grades a run writes.
 * "Apply" stores dragged breaks as fixed thresholds in the model (undoable) and writes the outputs.
 */
import { useEffect, useRef, useState } from 'react';
import type { FullPreview, ModelDocument } from '../../../src-main/api/contract';
import { SCHEMES } from '../../../src-shared/schemes';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';
import { useAction } from '../hooks/useAction';
import { BreaksHistogram } from '../components/BreaksHistogram';
import { ClassTable } from '../components/ClassTable';
import { NeedRun } from '../components/NeedRun';

const METHODS = ['jenks', 'quantile', 'equalInterval', 'stdDev', 'kmeans', 'fixed'] as const;
type Method = (typeof METHODS)[number];

/** The model classified by fixed inner breaks. */
function withThresholds(doc: ModelDocument, breaks: number[]): ModelDocument {
  return { ...doc, classification: { ...doc.classification, method: 'fixed', thresholds: breaks.slice(1, -1), classes: breaks.length - 1 } };
}

export function ClassesPanel() {
  const { t } = useI18n();
  const { model, run, runJob, fail, live } = useWorkspace();
  const act = useAction(fail);
  const doc = model.doc;
  const cls = doc?.classification;
  /** The model's classes as the engine computes them (histogram, breaks, cells per class). */
  const [stats, setStats] = useState<FullPreview | null>(null);
  /** Breaks being dragged, and the engine's answer for them. */
  const [breaks, setBreaks] = useState<number[] | null>(null);
  const [dragged, setDragged] = useState<FullPreview | null>(null);
  /** Above the engine's cell budget there is no live recompute: the grid's cells and the budget. */
  const [aboveBudget, setAboveBudget] = useState<{ cells: number; budget: number } | null>(null);
  const request = live.request;
  const clearLive = live.clear;
  const revision = model.state?.revision;
  /** Set by this panel's own edits: their answer is also drawn on the map. */
  const edited = useRef(false);
  const draft = useRef<number[] | null>(null);
  draft.current = breaks;

  // The classes of the model as it is, when the panel opens and after each run or model edit.
  useEffect(() => {
    if (!run) return;
    const image = edited.current;
    edited.current = false;
    setBreaks(null);
    setDragged(null);
    void request(undefined, { image }).then((p) => {
      if (p?.mode === 'full') setStats(p);
      setAboveBudget(p?.mode === 'coarse' ? { cells: p.cells, budget: p.budget } : null);
    });
  }, [run, revision, request]);
  // Dragged breaks not applied are not the model: their picture goes when the panel closes.
  useEffect(
    () => () => {
      if (draft.current) clearLive();
    },
    [clearLive],
  );

  if (!doc || !cls) return <p className="hint">{t('model.loading')}</p>;
  if (!run) return <NeedRun hint="classes.needRun" />;
  const scheme = SCHEMES[cls.scheme ?? 'high5'] ?? SCHEMES.high5!;
  const method = cls.method as Method;

  const drag = (next: number[]): void => {
    setBreaks(next);
    void request(withThresholds(doc, next)).then((p) => p?.mode === 'full' && setDragged(p));
  };
  const edit = (next: ModelDocument): void => {
    edited.current = true;
    void model.update(next).then((ok) => {
      if (!ok) edited.current = false;
    });
  };
  const apply = async (): Promise<void> => {
    if (!breaks) return;
    await act(async () => {
      model.accept(await call('classes.setThresholds', { thresholds: breaks.slice(1, -1) }));
      await runJob.start();
    });
  };
  const shown = breaks && dragged ? dragged : stats;

  return (
    <div className="classes-panel">
      <label>
        {t('classes.method')}
        <select
          value={method}
          data-testid="classes-method"
          onChange={(e) => {
            const m = e.target.value as Method;
            if (m === 'fixed') edit({ ...doc, classification: { ...cls, method: m, thresholds: (stats?.breaks ?? run.classification.breaks).slice(1, -1) } });
            else edit({ ...doc, classification: { ...cls, method: m } });
          }}
        >
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`classes.m.${m}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('classes.scheme')}
        <select
          value={scheme.id}
          data-testid="classes-scheme"
          onChange={(e) => {
            const s = SCHEMES[e.target.value]!;
            edit({ ...doc, classification: { ...cls, scheme: s.id, classes: s.names.length, ...(cls.thresholds && cls.thresholds.length !== s.names.length - 1 ? { method: 'jenks', thresholds: undefined } : {}) } });
          }}
        >
          {Object.values(SCHEMES).map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      {!stats && aboveBudget && (
        <>
          <ClassTable classes={run.classification.classes} />
          <p className="hint" data-testid="classes-above-budget">
            {t('classes.aboveBudget', { cells: aboveBudget.cells.toLocaleString(), budget: aboveBudget.budget.toLocaleString() })}
          </p>
        </>
      )}
      {stats && shown && (
        <>
          <BreaksHistogram histogram={stats.histogram} breaks={breaks ?? stats.breaks} colors={stats.classes.map((c) => c.color).reverse()} onChange={drag} onCommit={drag} />
          <ClassTable classes={shown.classes} />
          <p className="hint">{t('classes.dragHint')}</p>
          <div className="row">
            <button type="button" className="primary" data-testid="classes-apply" disabled={runJob.running || !breaks} onClick={() => void apply()}>
              {t('classes.apply')}
            </button>
            <button
              type="button"
              onClick={() => {
                setBreaks(null);
                setDragged(null);
                clearLive();
              }}
            >
              {t('action.revert')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
