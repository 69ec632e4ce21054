/**
 * Step 9, Export: the deliverable package. The engine turns the last run's folder into the
 * package the bureau receives (GeoTIFFs with overviews, zoning polygons, statistics CSV and
 * XLSX, QC report, map sheets as PDF and PNG, provenance with input hashes, 说明.txt); here
 * the technician picks the sheets, paper, resolution and the township atlas, starts it, and
 * gets the list of files written with what each one is.
 */
import { useEffect, useRef, useState } from 'react';
import type { PackageFile, PackageMap, Paper } from '../../../src-main/api/contract';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';
import { useAction } from '../hooks/useAction';
import { formatBytes } from '../lib/mapScale';
import { NeedRun } from '../components/NeedRun';

const MAPS: PackageMap[] = ['riskGrade', 'zoning', 'hazardRisk', 'hazard', 'exposure'];
const PAPERS: Paper[] = ['A4', 'A3', 'A2', 'A1', 'A0'];

export function ExportPanel() {
  const { t } = useI18n();
  const { run, fail, notify } = useWorkspace();
  const act = useAction(fail);
  const [maps, setMaps] = useState<Set<PackageMap>>(new Set(['riskGrade', 'zoning']));
  const [paper, setPaper] = useState<Paper>('A3');
  const [dpi, setDpi] = useState(300);
  const [atlas, setAtlas] = useState(false);
  const [busy, setBusy] = useState<number | null>(null);
  const [result, setResult] = useState<{ outDir: string; files: PackageFile[] } | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearInterval(timer.current);
  }, []);

  if (!run) return <NeedRun hint="maps.needRun" />;
  const hasZoning = run.layers.some((l) => l.id.endsWith('-zoning'));

  const write = async (): Promise<void> => {
    const started = Date.now();
    setBusy(0);
    setResult(null);
    // The engine answers when the package is complete; show the time it has taken so far.
    timer.current = setInterval(() => setBusy(Math.round((Date.now() - started) / 1000)), 1000);
    await act(async () => {
      const chosen = MAPS.filter((m) => maps.has(m) && (m !== 'zoning' || hasZoning));
      const r = await call('package.export', { paper, dpi, atlas, ...(chosen.length ? { maps: chosen } : {}) });
      setResult(r);
      notify(t('export.done', { n: r.files.length, dir: r.outDir }));
    });
    if (timer.current) clearInterval(timer.current);
    setBusy(null);
  };

  return (
    <div className="export-panel">
      <h3>{t('export.outputs')}</h3>
      <p className="hint">
        {t('export.folder')} <span className="path" data-testid="export-dir">{run.outDir}</span>
      </p>
      <table className="files" data-testid="export-files">
        <tbody>
          {(Object.entries(run.files) as [string, string][]).map(([role, path]) => (
            <tr key={role}>
              <th>{t(`export.file.${role}` as MessageKey)}</th>
              <td className="path">{path.split(/[\\/]/).pop()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('export.package')}</h3>
      <p className="hint">{t('export.packageHint')}</p>
      <div className="element-toggles">
        {MAPS.map((m) => (
          <label key={m} className="check">
            <input
              type="checkbox"
              checked={maps.has(m) && (m !== 'zoning' || hasZoning)}
              disabled={m === 'zoning' && !hasZoning}
              data-testid={`pkg-map-${m}`}
              onChange={(e) => {
                const next = new Set(maps);
                if (e.target.checked) next.add(m);
                else next.delete(m);
                setMaps(next);
              }}
            />
            {t(`maps.kind.${m}` as MessageKey)}
          </label>
        ))}
      </div>
      <div className="row">
        <label>
          {t('maps.paper')}
          <select value={paper} onChange={(e) => setPaper(e.target.value as Paper)}>
            {PAPERS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          dpi
          <select value={dpi} data-testid="pkg-dpi" onChange={(e) => setDpi(Number(e.target.value))}>
            {[150, 200, 300, 600].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={atlas} onChange={(e) => setAtlas(e.target.checked)} />
        {t('export.atlas')}
      </label>
      <button type="button" className="primary" data-testid="export-package" disabled={busy !== null} onClick={() => void write()}>
        {busy === null ? t('export.writePackage') : t('export.writingPackage', { s: busy })}
      </button>
      {result && (
        <>
          <p className="hint">
            {t('export.folder')} <span className="path" data-testid="package-dir">{result.outDir}</span>
          </p>
          <div className="table-scroll">
            <table data-testid="package-files">
              <tbody>
                {result.files.map((f) => (
                  <tr key={f.path} title={f.sha256}>
                    <td className="path">{f.path}</td>
                    <td>{f.description}</td>
                    <td className="num">{formatBytes(f.bytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
