/**
 * Step 9, Export: what the last run wrote (GeoTIFFs, PNG, statistics; zoning rasters and
 * polygons) and the map sheets of the series, written as vector PDF and 300 dpi PNG into
 * the run's folder by the engine (`sheet.export`) with their default layouts (edit them in
 * the Maps step first to change texts or placement).
 */
import { useState } from 'react';
import type { SheetExport, SheetKind } from '../../../src-main/api/contract';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';

export function ExportPanel() {
  const { t } = useI18n();
  const { run, fail, notify, goTo } = useWorkspace();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState('');
  const [written, setWritten] = useState<SheetExport[]>([]);
  if (!run)
    return (
      <div>
        <p className="hint">{t('maps.needRun')}</p>
        <button type="button" onClick={() => goTo('risk')}>
          {t('step.risk')}
        </button>
      </div>
    );
  const kinds: SheetKind[] = ['riskGrade', ...(run.layers.some((l) => l.id.endsWith('-zoning')) ? (['zoning'] as const) : [])];

  const writeSheets = async (): Promise<void> => {
    setBusy(true);
    const out: SheetExport[] = [];
    try {
      for (const kind of kinds) {
        const layout = await call('sheet.layout', { kind });
        for (const format of ['pdf', 'png'] as const) {
          setProgress(t('export.writing', { name: t(`maps.kind.${kind}` as MessageKey), format: format.toUpperCase() }));
          out.push(await call('sheet.export', { layout, format, inline: false }));
          setWritten([...out]);
        }
      }
      notify(t('export.done', { n: out.length, dir: run.outDir }));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
      setProgress('');
    }
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
      <h3>{t('export.sheets')}</h3>
      <button type="button" className="primary" data-testid="export-sheets" disabled={busy} onClick={() => void writeSheets()}>
        {t('export.writeSheets')}
      </button>
      {progress && <p className="hint">{progress}</p>}
      <ul className="written" data-testid="export-written">
        {written.map((w) => (
          <li key={w.path}>
            {w.format.toUpperCase()} · {(w.bytes / 1024).toFixed(0)} KiB · <span className="path">{w.path}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
