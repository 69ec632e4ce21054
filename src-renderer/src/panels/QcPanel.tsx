/**
 * Step 2, QC: run the census quality rules on the project's layers, the findings as a
 * table (filter by severity, click a row to zoom to the feature), and the fixes the app can
 * make itself: give a layer without CRS its EPSG code, or change a layer's category. After
 * a fix QC runs again, so the table shows what is still to do.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { QcFinding, QcView, Severity } from '../../../src-main/api/contract';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';
import { useAction } from '../hooks/useAction';
import { pointToProject } from '../lib/projection';
import { highlightFeature } from '../map/highlight';

/** The Chinese half of a rule title ("中文 / English"). */
const titleZh = (title: string): string => title.split(' / ')[0]!.trim();

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

export function QcPanel() {
  const { t, lang } = useI18n();
  const { project, layers, fail, zoomTo, notify, setProject, setVisible, map } = useWorkspace();
  const act = useAction(fail);
  const [view, setView] = useState<QcView | null>(null);
  const [busy, setBusy] = useState(false);
  const [show, setShow] = useState<Record<Severity, boolean>>({ error: true, warning: true, info: false });
  const [year, setYear] = useState(new Date().getFullYear());
  const [selected, setSelected] = useState<number | null>(null);

  useEffect(() => {
    call('qc.findings', {}).then(setView, fail);
  }, [fail]);

  const runQc = useCallback(
    () =>
      act(async () => {
        const v = await call('qc.run', { surveyYear: year });
        setView(v);
        notify(t('qc.ran', { e: v.counts.error, w: v.counts.warning }));
      }, setBusy),
    [act, year, notify, t],
  );

  const rows = useMemo(() => (view?.findings ?? []).filter((f) => show[f.severity]), [view, show]);
  const finding = view?.findings.find((f) => f.id === selected) ?? null;
  const layerOf = (f: QcFinding) => layers.find((l) => l.id === f.layer);

  const [target, setTarget] = useState<{ layer: string; at: [number, number]; tag: string } | null>(null);
  // A finding shows its layer and the feature it is about; the highlight goes when another is chosen or the step is left.
  useEffect(() => (map && target ? highlightFeature(map, target.layer, target.at, target.tag) : undefined), [map, target]);

  const zoom = (f: QcFinding): void => {
    setSelected(f.id);
    const layer = layerOf(f);
    if (layer) setVisible(layer.id, true);
    if (f.at && project) {
      const p = pointToProject(f.at, layer?.meta.crs?.epsg ?? layer?.crs, project.epsg);
      if (p) {
        zoomTo(p);
        setTarget({ layer: f.layer, at: p, tag: `${f.layer}#${f.feature ?? ''}` });
      }
    }
  };
  /** The finding in the interface's language: its Chinese text, else its rule's Chinese title. */
  const said = (f: QcFinding): string => (lang === 'zh' ? (f.messageZh ?? titleZh(view?.rules.find((r) => r.id === f.rule)?.title ?? f.message)) : f.message);

  /** Apply a catalogue change, then check again. */
  const fixLayer = (patch: { id: string; crs?: number; category?: 'hazard' | 'exposure' | 'capacity' | 'hiddenDanger' | 'history' | 'admin' | 'basemap' }): Promise<void> =>
    act(async () => {
      const entry = await call('layer.update', patch);
      setProject(project && { ...project, layers: project.layers.map((l) => (l.id === entry.id ? entry : l)) });
      await runQc();
    });

  return (
    <div className="qc-panel">
      <div className="row">
        <label>
          {t('qc.year')}
          <input type="number" min={1900} max={2200} value={year} onChange={(e) => setYear(Number(e.target.value))} style={{ width: 70 }} />
        </label>
        <button type="button" className="primary" data-testid="qc-run" disabled={busy} onClick={() => void runQc()}>
          {busy ? t('qc.running') : t('qc.run')}
        </button>
      </div>
      {view && (
        <>
          <p className="qc-summary" data-testid="qc-summary">
            {view.ranAt ? t('qc.summary', { e: view.counts.error, w: view.counts.warning, i: view.counts.info }) : t('qc.never')}
          </p>
          <div className="row">
            {SEVERITIES.map((s) => (
              <label key={s} className="check">
                <input type="checkbox" checked={show[s]} onChange={(e) => setShow({ ...show, [s]: e.target.checked })} />
                <span className={`sev sev-${s}`}>{t(`qc.sev.${s}` as MessageKey)}</span> {view.counts[s]}
              </label>
            ))}
          </div>
          <div className="table-scroll qc-table">
            <table data-testid="qc-table">
              <thead>
                <tr>
                  <th>{t('qc.rule')}</th>
                  <th>{t('qc.layer')}</th>
                  <th>{t('qc.message')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((f) => (
                  <tr key={f.id} className={f.id === selected ? 'selected' : ''} data-testid={`qc-row-${f.rule}`} onClick={() => zoom(f)} title={view.rules.find((r) => r.id === f.rule)?.title}>
                    <td>
                      <span className={`sev sev-${f.severity}`}>{f.rule}</span>
                    </td>
                    <td>
                      {layerOf(f)?.name ?? f.layer}
                      {f.feature ? ` #${f.feature}` : ''}
                    </td>
                    <td>{said(f)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length === 0 && view.ranAt && <p className="hint">{t('qc.clean')}</p>}
        </>
      )}
      {finding && <QcFix finding={finding} text={said(finding)} onFix={fixLayer} />}
    </div>
  );
}

/** What the technician can do about one finding, inside the app. */
function QcFix({ finding, text, onFix }: { finding: QcFinding; text: string; onFix(patch: { id: string; crs?: number }): Promise<void> }) {
  const { t } = useI18n();
  const [epsg, setEpsg] = useState('4546');
  // A missing, unidentified (CRS-03) or wrong CRS is fixed by stating the right one.
  const crsRule = finding.rule === 'CRS-01' || finding.rule === 'CRS-02' || finding.rule === 'CRS-03';
  return (
    <div className="qc-fix" data-testid="qc-fix">
      <h3>{t('qc.fixTitle', { rule: finding.rule })}</h3>
      <p>{text}</p>
      {crsRule ? (
        <div className="row">
          <label>
            EPSG
            <input value={epsg} onChange={(e) => setEpsg(e.target.value.replace(/\D/g, ''))} data-testid="qc-epsg" style={{ width: 80 }} />
          </label>
          <button type="button" className="primary" data-testid="qc-apply-crs" onClick={() => void onFix({ id: finding.layer, crs: Number(epsg) })}>
            {t('qc.setCrs')}
          </button>
        </div>
      ) : (
        <p className="hint">{t('qc.fixOutside')}</p>
      )}
    </div>
  );
}
