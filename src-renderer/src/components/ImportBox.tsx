/**
 * Importing layers: drop files on the box (or choose them), they are uploaded through the
 * API in chunks with a progress bar and imported as layers (a shapefile's parts together).
 * The catalogue's suggestion (category, hazard, name) is shown with the reason, and the
 * category can be corrected at once. A file without a CRS, or with one that matches no EPSG
 * CRS, waits for the user's EPSG code — offered from the engine's candidates when it has some.
 */
import { useRef, useState } from 'react';
import type { Category, ImportResult, LayerEntry } from '../../../src-main/api/contract';
import { call, asApiError, isDesktop, type ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { readerWarningText } from '../../../src-shared/readerWarnings';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';
import { useAction } from '../hooks/useAction';
import { chunkRanges, groupForImport, toBase64 } from '../lib/upload';
import { CATEGORY_ORDER } from './LayerTree';

const EDITABLE: Exclude<Category, 'result'>[] = CATEGORY_ORDER.filter((c): c is Exclude<Category, 'result'> => c !== 'result');

/** An EPSG CRS the engine offers for a CRS it could not identify. */
interface Candidate {
  epsg: number;
  name: string;
}

/** The candidates an E_CRS_UNIDENTIFIED error carries: codes comma-separated, names one a line. */
function candidatesOf(e: ApiError): Candidate[] {
  const codes = String(e.info.params?.candidates ?? '').split(',').filter(Boolean);
  const names = String(e.info.params?.candidateNames ?? '').split('\n');
  return codes.map((c, i) => ({ epsg: Number(c), name: names[i] ?? '' })).filter((c) => Number.isInteger(c.epsg));
}

/** The layers with `entry` in place of the one of its id, or added last. */
export function withLayer(layers: readonly LayerEntry[], entry: LayerEntry): LayerEntry[] {
  return layers.some((l) => l.id === entry.id) ? layers.map((l) => (l.id === entry.id ? entry : l)) : [...layers, entry];
}

export interface ImportBoxProps {
  /** Runs before files are imported (e.g. creates the project); false stops the import. */
  beforeImport?(): Promise<boolean>;
  /** Takes each imported or recategorised layer; default: into the open project's view. */
  onLayer?(entry: LayerEntry): void;
}

export function ImportBox({ beforeImport, onLayer }: ImportBoxProps = {}) {
  const { t, lang } = useI18n();
  const { project, setProject, fail, notify, setSelected } = useWorkspace();
  const takeLayer = (entry: LayerEntry): void => {
    if (onLayer) onLayer(entry);
    else setProject(project && { ...project, layers: withLayer(project.layers, entry) });
  };
  const act = useAction(fail);
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<{ name: string; done: number; total: number } | null>(null);
  const [results, setResults] = useState<ImportResult[]>([]);
  /**
   * A file waiting for the user's EPSG code — it has no CRS, or one that matched no EPSG CRS
   * (`candidates` then lists the likely ones): how to import it again with one, and what to drop on cancel.
   */
  const [needCrs, setNeedCrs] = useState<{ name: string; candidates: Candidate[] | null; retry(crs: number): Promise<void>; drop(): void } | null>(null);
  const [epsg, setEpsg] = useState(String(project?.epsg ?? 4490));
  /** Ask for the CRS when the import failed for want of one; false for any other error. */
  const askCrs = (e: ApiError, name: string, retry: (crs: number) => Promise<void>, drop: () => void): boolean => {
    if (e.info.code !== 'E_CRS_MISSING' && e.info.code !== 'E_CRS_UNIDENTIFIED') return false;
    const candidates = e.info.code === 'E_CRS_UNIDENTIFIED' ? candidatesOf(e) : null;
    if (candidates?.[0]) setEpsg(String(candidates[0].epsg));
    setNeedCrs({ name, candidates, retry, drop });
    return true;
  };

  /** Upload one group of files; returns the upload ids. */
  const upload = async (files: File[]): Promise<string[]> => {
    const total = files.reduce((s, f) => s + f.size, 0);
    let done = 0;
    const ids: string[] = [];
    try {
      for (const f of files) {
        const up = await call('upload.begin', { fileName: f.name, size: f.size });
        ids.push(up.uploadId);
        for (const [s, e] of chunkRanges(f.size)) {
          const bytes = new Uint8Array(await f.slice(s, e).arrayBuffer());
          await call('upload.chunk', { uploadId: up.uploadId, offset: s, data: toBase64(bytes) });
          done += e - s;
          setProgress({ name: files[0]!.name, done, total });
        }
      }
      return ids;
    } catch (err) {
      abortAll(ids);
      throw err;
    }
  };
  /** Leave no uploaded files behind on the server. */
  const abortAll = (ids: string[]): void => {
    for (const id of ids) void call('upload.abort', { uploadId: id }).catch(() => undefined);
  };

  const added = (r: ImportResult): void => {
    setResults((rs) => [r, ...rs]);
    takeLayer(r.layer);
    setSelected(r.layer.id);
    notify(t('import.done', { name: r.layer.name }));
  };

  /**
   * Import one layer through `load`. A file without a CRS, or with one that matched no EPSG
   * CRS, waits for the user's EPSG code:
   * `retry` loads it again with one, `drop` (also run when the import fails otherwise)
   * releases what the retry would have needed.
   */
  const importLayer = async (name: string, load: (crs?: number) => Promise<ImportResult>, drop: () => void, crs?: number): Promise<void> => {
    try {
      added(await load(crs));
      setNeedCrs(null);
    } catch (err) {
      const e = asApiError(err);
      if (!askCrs(e, name, (c) => importLayer(name, load, drop, c), drop)) {
        drop();
        fail(e);
      }
    }
  };
  /** Import uploads (kept on the server while a CRS is awaited). */
  const importUploads = (name: string, ids: string[]): Promise<void> =>
    importLayer(
      name,
      (crs) => call('layer.importUploads', { uploadIds: ids, ...(crs ? { crs } : {}) }),
      () => abortAll(ids),
    );
  /** Desktop: import a file chosen in the native dialog by its path (a shapefile's sidecars come along). */
  const importPath = (path: string): Promise<void> =>
    importLayer(
      path.split(/[\\/]/).pop() ?? path,
      (crs) => call('layer.import', { path, ...(crs ? { crs } : {}) }),
      () => undefined,
    );
  const chooseFiles = async (): Promise<void> => {
    if (!isDesktop) return input.current?.click();
    await act(async () => {
      if (beforeImport && !(await beforeImport())) return;
      const { paths } = await call('dialog.choose', { purpose: 'importLayer' });
      for (const p of paths) await importPath(p);
    });
  };

  const importFiles = async (list: FileList | File[]): Promise<void> => {
    // A FileList is live: the input is cleared once its change is handled, so take the files first.
    const files = [...list];
    if (beforeImport && !(await act(beforeImport))) return;
    const { groups, orphans } = groupForImport(files);
    if (orphans.length) notify(t('import.orphans', { names: orphans.map((f) => f.name).join(', ') }));
    for (const g of groups) await act(async () => importUploads(g[0]!.name, await upload(g)));
    setProgress(null);
  };

  const recategorise = (r: ImportResult, category: Exclude<Category, 'result'>): Promise<void> =>
    act(async () => {
      const entry = await call('layer.update', { id: r.layer.id, category });
      setResults((rs) => rs.map((x) => (x.layer.id === entry.id ? { ...x, layer: entry } : x)));
      takeLayer(entry);
    });

  return (
    <div className="import">
      <div
        className={`drop-zone ${over ? 'over' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void importFiles(e.dataTransfer.files);
        }}
      >
        <p>{t('import.drop')}</p>
        <button type="button" onClick={() => void chooseFiles()} data-testid="import-choose">
          {t('import.choose')}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="import-input"
          accept=".tif,.tiff,.shp,.shx,.dbf,.prj,.cpg,.zip,.geojson,.json,.gpkg,.csv,.kml,.kmz"
          onChange={(e) => {
            if (e.target.files) void importFiles(e.target.files);
            e.target.value = '';
          }}
        />
        <p className="hint">{t('import.formats')}</p>
      </div>
      {progress && (
        <div className="progress" data-testid="import-progress">
          <span className="bar">
            <span className="fill" style={{ width: `${Math.round((progress.done / Math.max(1, progress.total)) * 100)}%` }} />
          </span>
          {progress.name}
        </div>
      )}
      {needCrs && (
        <div className="import-crs" data-testid="import-crs" role="alert">
          <p>{t(needCrs.candidates ? 'import.unknownCrs' : 'import.needCrs', { name: needCrs.name })}</p>
          {needCrs.candidates && needCrs.candidates.length > 0 && (
            <div className="candidates" role="radiogroup" aria-label={t('info.crsCandidates')} data-testid="import-candidates">
              {needCrs.candidates.map((c) => (
                <label key={c.epsg}>
                  <input type="radio" name="import-candidate" checked={epsg === String(c.epsg)} onChange={() => setEpsg(String(c.epsg))} data-testid={`import-candidate-${c.epsg}`} />
                  EPSG:{c.epsg} {c.name}
                </label>
              ))}
            </div>
          )}
          <div className="row">
            <label>
              EPSG
              <input value={epsg} onChange={(e) => setEpsg(e.target.value.replace(/\D/g, ''))} data-testid="import-epsg" style={{ width: 80 }} />
            </label>
            <button type="button" className="primary" disabled={!epsg} data-testid="import-with-crs" onClick={() => void needCrs.retry(Number(epsg))}>
              {t('import.withCrs')}
            </button>
            <button
              type="button"
              onClick={() => {
                needCrs.drop();
                setNeedCrs(null);
              }}
            >
              {t('compute.cancel')}
            </button>
          </div>
          <p className="hint">{t('import.crsHint')}</p>
        </div>
      )}
      {results.map((r) => (
        <div key={r.layer.id} className="import-result" data-testid={`import-result-${r.layer.id}`}>
          <strong>{r.layer.name}</strong>
          {r.suggestion && <p className="hint">{t('import.because', { because: t(`import.by.${r.suggestion.by}`, { match: r.suggestion.match }) })}</p>}
          <label>
            {t('import.category')}
            <select value={r.layer.category} data-testid="import-category" onChange={(e) => void recategorise(r, e.target.value as Exclude<Category, 'result'>)}>
              {EDITABLE.map((c) => (
                <option key={c} value={c}>
                  {t(`cat.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          {r.warnings.map((w) => (
            <p key={w} className="warning">
              {readerWarningText(w, lang)}
            </p>
          ))}
        </div>
      ))}
    </div>
  );
}
