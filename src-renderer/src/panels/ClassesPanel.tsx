/**
 * Step 6, Classes: the histogram of the last run's risk index with the class breaks as
 * draggable handles, the method picker (jenks, quantile, equal interval, standard
 * deviation, k-means, fixed) and the class scheme with its palette. Breaks computed by the
 * engine (`classes.preview`); the map shows the index in these classes while one drags;
 * "apply" stores them as fixed thresholds in the model (undoable) and recomputes.
 */
import { useEffect, useMemo, useState } from 'react';
import type { BreaksPreview } from '../../../src-main/api/contract';
import { SCHEMES } from '../../../src-shared/schemes';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';
import { useAction } from '../hooks/useAction';
import { BreaksHistogram } from '../components/BreaksHistogram';
import { histogramClassCounts } from '../lib/histogram';
import { NeedRun } from '../components/NeedRun';

const METHODS = ['jenks', 'quantile', 'equalInterval', 'stdDev', 'kmeans', 'fixed'] as const;
type Method = (typeof METHODS)[number];

export function ClassesPanel() {
  const { t } = useI18n();
  const { model, run, runJob, fail, setStyle, setVisible } = useWorkspace();
  const act = useAction(fail);
  const doc = model.doc;
  const cls = doc?.classification;
  const [method, setMethod] = useState<Method>((cls?.method as Method) ?? 'jenks');
  const [preview, setPreview] = useState<BreaksPreview | null>(null);
  const [breaks, setBreaks] = useState<number[] | null>(null);
  const k = cls?.classes ?? 5;
  const scheme = SCHEMES[cls?.scheme ?? 'high5'] ?? SCHEMES.high5!;
  // Scheme colours run from the highest class down; the histogram and the map go up from the lowest.
  const ascending = useMemo(() => scheme.colors.slice(0, k).reverse(), [scheme, k]);
  const indexId = run ? `${run.runId}-index` : null;
  const gradeId = run ? `${run.runId}-grade` : null;

  useEffect(() => {
    if (!run) return;
    let live = true;
    const thresholds = method === 'fixed' ? (cls?.thresholds ?? run.classification.breaks.slice(1, -1)) : undefined;
    call('classes.preview', { method, classes: k, bins: 64, ...(thresholds ? { thresholds } : {}) })
      .then((p) => {
        if (!live) return;
        setPreview(p);
        setBreaks(p.breaks);
      })
      .catch((err) => live && fail(err));
    return () => {
      live = false;
    };
  }, [run, method, k, cls?.thresholds, fail]);

  // While this panel is open the index is drawn in the classes being edited, over the saved grades.
  useEffect(() => {
    if (!indexId || !breaks) return;
    setStyle(indexId, { type: 'breaks', breaks, colors: ascending });
    setVisible(indexId, true);
  }, [indexId, breaks, ascending, setStyle, setVisible]);
  useEffect(() => {
    if (!indexId || !gradeId) return;
    setVisible(gradeId, false);
    return () => {
      setStyle(indexId, null);
      setVisible(indexId, false);
      setVisible(gradeId, true);
    };
  }, [indexId, gradeId, setStyle, setVisible]);

  if (!doc || !cls) return <p className="hint">{t('model.loading')}</p>;
  if (!run) return <NeedRun hint="classes.needRun" />;

  const apply = async (): Promise<void> => {
    if (!breaks) return;
    await act(async () => {
      model.accept(await call('classes.setThresholds', { thresholds: breaks.slice(1, -1) }));
      setMethod('fixed');
      await runJob.start();
    });
  };
  const same = preview && breaks && preview.breaks.length === breaks.length && preview.breaks.every((b, i) => b === breaks[i]);
  const counts = preview && breaks ? (same ? preview.counts : histogramClassCounts(preview.histogram, breaks)) : null;

  return (
    <div className="classes-panel">
      <label>
        {t('classes.method')}
        <select
          value={method}
          data-testid="classes-method"
          onChange={(e) => {
            const m = e.target.value as Method;
            setMethod(m);
            if (m !== 'fixed') void model.update({ ...doc, classification: { ...cls, method: m } });
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
            void model.update({ ...doc, classification: { ...cls, scheme: s.id, classes: s.names.length, ...(cls.thresholds && cls.thresholds.length !== s.names.length - 1 ? { method: 'jenks', thresholds: undefined } : {}) } });
          }}
        >
          {Object.values(SCHEMES).map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      {preview && breaks && (
        <>
          <BreaksHistogram histogram={preview.histogram} breaks={breaks} colors={ascending} onChange={setBreaks} onCommit={setBreaks} />
          <table className="class-table" data-testid="class-table">
            <thead>
              <tr>
                <th />
                <th>{t('classes.name')}</th>
                <th>{t('classes.range')}</th>
                <th>{t('classes.cells')}</th>
              </tr>
            </thead>
            <tbody>
              {scheme.names.slice(0, k).map((name, g) => {
                const c = k - 1 - g; // grade 1 (highest) is the top class
                return (
                  <tr key={name}>
                    <td>
                      <span className="swatch" style={{ background: scheme.colors[g] }} />
                    </td>
                    <td>{name}</td>
                    <td className="num">
                      {breaks[c]!.toFixed(4)}–{breaks[c + 1]!.toFixed(4)}
                    </td>
                    <td className="num">{counts?.[c] ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="hint">{t('classes.dragHint')}</p>
          <div className="row">
            <button type="button" className="primary" data-testid="classes-apply" disabled={runJob.running} onClick={() => void apply()}>
              {t('classes.apply')}
            </button>
            <button type="button" onClick={() => setBreaks(preview.breaks)}>
              {t('action.revert')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
