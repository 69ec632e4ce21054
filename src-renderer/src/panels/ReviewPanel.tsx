/**
 * Step 10, Review (for the bureau): open the project or a delivered package read-only, look
 * at its maps and tables, pin comments to places on the map, resolve them, and approve or
 * return the work with reasons. Comments and decisions are stored in the project file by
 * the engine and can be exported as CSV or JSON. In the desktop app the editor window opens
 * what is to be reviewed in a review window of its own (ReviewApp), which shows this panel
 * only; in the browser (`riskatlas serve`) the open project is reviewed where it is.
 */
import { useCallback, useEffect, useState } from 'react';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style';
import { unByKey } from 'ol/Observable';
import type { LayerEntry, ReviewItem, ReviewTable, ReviewView } from '../../../src-main/api/contract';
import { PdfView } from '../components/PdfView';
import { createLayer } from '../map/layers';
import { call, isDesktop, isReviewClient, isReviewWindow, openReviewWindow, reviewsInWindows } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';
import { useAction } from '../hooks/useAction';
import { formatBytes } from '../lib/mapScale';

const REVIEWER_KEY = 'riskatlas.reviewer';

export function ReviewPanel() {
  const { t } = useI18n();
  const { project, setProject, map, fail, notify, dataUrl } = useWorkspace();
  const act = useAction(fail);
  // undefined while the first answer is awaited; null when there is nothing to review.
  const [view, setView] = useState<ReviewView | null | undefined>(undefined);
  const [pinning, setPinning] = useState(false);
  const [pending, setPending] = useState<[number, number] | null>(null);
  const [text, setText] = useState('');
  const [reviewer, setReviewer] = useState(() => localStorage.getItem(REVIEWER_KEY) ?? '');
  const [reasons, setReasons] = useState('');
  const [item, setItem] = useState<{ id: string; mime: string; dataUrl: string } | null>(null);
  const [table, setTable] = useState<{ id: string; table: ReviewTable } | null>(null);
  const [onMap, setOnMap] = useState<LayerEntry | null>(null);

  /** Look at a deliverable as what it is: a map sheet (image or PDF), a table's rows, a raster or zoning layer on the map. */
  const show = (it: ReviewItem): Promise<void> =>
    act(async () => {
      setItem(null);
      setTable(null);
      if (it.kind === 'raster' || it.kind === 'vector') setOnMap(await call('review.layer', { id: it.id }));
      else if (it.kind === 'table') setTable({ id: it.id, table: await call('review.table', { id: it.id }) });
      else setItem(await call('review.item', { id: it.id }));
    });
  // A delivered raster or vector layer drawn on the map while it is chosen.
  useEffect(() => {
    // The map's CRS: the project's, or for a package (no model) the one its provenance gives.
    const epsg = project?.epsg ?? view?.georeference?.epsg;
    if (!map || !onMap || epsg === undefined) return;
    const layer = createLayer(onMap, dataUrl(onMap.id), `EPSG:${epsg}`);
    layer.setZIndex(30);
    map.addLayer(layer);
    const el = map.getTargetElement();
    if (el) el.dataset.reviewLayer = onMap.name;
    return () => {
      map.removeLayer(layer);
      if (el) delete el.dataset.reviewLayer;
    };
  }, [map, onMap, project?.epsg, view?.georeference?.epsg, dataUrl]);

  useEffect(() => {
    // The open project's comments and decisions (or a package opened by `riskatlas serve --review`) show at once.
    call('review.view', {}).then(setView, () => setView(null));
  }, []);
  useEffect(() => localStorage.setItem(REVIEWER_KEY, reviewer), [reviewer]);

  /**
   * Open for review: a package or project at `p` (desktop dialog), or the open project. The
   * desktop editor hands it to a review window (the open project as saved); the browser
   * reviews the open project in place.
   */
  const open = useCallback(
    (p?: string): Promise<void> =>
      act(async () => {
        if (reviewsInWindows) {
          if (!p && project?.project && !project.project.readOnly) await call('project.save', {});
          await openReviewWindow(p);
          notify(t('review.windowOpened'));
          return;
        }
        setView(await call('review.open', p ? { path: p } : {}));
        // Reviewing makes the project read-only in the engine: show it in the title bar.
        const info = await call('project.info', {});
        if (info && project) setProject({ ...project, project: info });
      }),
    [act, project, setProject, notify, t],
  );

  // Comment pins on the map; clicking the map while pinning picks the place of a new comment.
  useEffect(() => {
    if (!map || !view) return;
    const source = new VectorSource({
      features: view.comments.map((c, i) => {
        const f = new Feature({ geometry: new Point([c.x, c.y]) });
        f.setStyle(
          new Style({
            image: new Circle({ radius: 9, fill: new Fill({ color: c.resolved ? '#7f8c8d' : '#d35400' }), stroke: new Stroke({ color: '#fff', width: 2 }) }),
            text: new Text({ text: String(i + 1), fill: new Fill({ color: '#fff' }), font: 'bold 11px sans-serif' }),
          }),
        );
        return f;
      }),
    });
    const layer = new VectorLayer({ source, zIndex: 900, properties: { tool: true } });
    map.addLayer(layer);
    return () => {
      map.removeLayer(layer);
    };
  }, [map, view]);
  useEffect(() => {
    if (!map || !pinning) return;
    const key = map.on('singleclick', (e) => {
      setPending(e.coordinate as [number, number]);
      setPinning(false);
    });
    map.getTargetElement()?.classList.add('cursor-pin');
    return () => {
      unByKey(key);
      map.getTargetElement()?.classList.remove('cursor-pin');
    };
  }, [map, pinning]);

  const addComment = async (): Promise<void> => {
    if (!pending || !text.trim() || !reviewer.trim()) return;
    await act(async () => {
      await call('review.addComment', { x: pending[0], y: pending[1], text, author: reviewer, ...(item ? { target: item.id } : {}) });
      setText('');
      setPending(null);
      setView(await call('review.view', {}));
    });
  };
  const decide = (decision: 'approved' | 'returned'): Promise<void> =>
    act(async () => {
      await call('review.decide', { decision, reasons, reviewer });
      setView(await call('review.view', {}));
      notify(t(`review.${decision}` as MessageKey));
    });
  /** Leave review mode: a project reviewed in place becomes editable again; a package or project opened for review closes (a review window closes). */
  const leave = (): Promise<void> =>
    act(async () => {
      if (isReviewWindow) return window.close();
      await call('review.close', {});
      setView(null);
      setPinning(false);
      setPending(null);
      const current = await call('project.current', {});
      setProject(current);
    });
  const exportComments = (format: 'csv' | 'json'): Promise<void> =>
    act(async () => {
      const r = await call('review.export', { format });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([r.text], { type: r.mime }));
      a.download = r.fileName;
      a.click();
      URL.revokeObjectURL(a.href);
    });

  if (view === undefined) return <p className="hint">{t('attr.loading')}</p>;
  if (!view && isReviewClient) return <p className="hint">{t('review.intro')}</p>;
  if (!view)
    return (
      <div className="review-panel">
        <p className="hint">{t('review.intro')}</p>
        {project?.project && (
          <button type="button" className="primary" data-testid="review-open-project" onClick={() => void open()}>
            {t('review.openProject')}
          </button>
        )}
        {isDesktop ? (
          <button
            type="button"
            onClick={() =>
              void call('dialog.choose', { purpose: 'openReview' }).then((r) => (r.paths[0] ? open(r.paths[0]) : undefined), fail)
            }
          >
            {t('review.openPackage')}
          </button>
        ) : (
          <p className="hint">{t('review.serveHint')}</p>
        )}
      </div>
    );

  // A review client is read-only whatever it shows (a package has no project view).
  const readOnly = isReviewClient || (project?.project?.readOnly ?? false);
  // Approving while pinned comments are open needs the reason why (the engine records it).
  const unresolved = view.comments.filter((c) => !c.resolved).length;
  return (
    <div className="review-panel" data-testid="review">
      {!readOnly && (
        <div className="row">
          <button type="button" className="primary" data-testid="review-open-project" onClick={() => void open()}>
            {t('review.openProject')}
          </button>
          {isDesktop && (
            <button type="button" onClick={() => void call('dialog.choose', { purpose: 'openReview' }).then((r) => (r.paths[0] ? open(r.paths[0]) : undefined), fail)}>
              {t('review.openPackage')}
            </button>
          )}
        </div>
      )}
      <p className="review-source">
        <strong>{t(`review.kind.${view.kind}` as MessageKey)}</strong> {view.source}
      </p>
      <p data-testid="review-status" className={`review-status ${view.status ?? 'open'}`}>
        {t('review.status')}：{view.status ? t(`review.${view.status}` as MessageKey) : t('review.undecided')}
      </p>
      <label>
        {t('review.reviewer')}
        <input value={reviewer} onChange={(e) => setReviewer(e.target.value)} data-testid="review-reviewer" />
      </label>
      <h3>{t('review.items')}</h3>
      <ul className="review-items">
        {view.items.map((it) => (
          <li key={it.id}>
            <button type="button" className="link" data-testid={`review-item-${it.id}`} onClick={() => void show(it)}>
              {it.name}
            </button>{' '}
            <span className="hint">
              {it.file} · {formatBytes(it.bytes)}
            </span>
          </li>
        ))}
      </ul>
      {item && (
        <div className="review-item" data-testid="review-item">
          {item.mime.startsWith('image/') ? <img src={item.dataUrl} alt={item.id} /> : item.mime === 'application/pdf' ? <PdfView dataUrl={item.dataUrl} title={item.id} /> : <pre>{decodeDataUrl(item.dataUrl)}</pre>}
          <button type="button" onClick={() => setItem(null)}>
            {t('error.dismiss')}
          </button>
        </div>
      )}
      {table && (
        <div className="review-item" data-testid="review-table">
          {table.table.sheets.map((sh) => (
            <div key={sh.name} className="table-scroll">
              <h4>{sh.name}</h4>
              <table>
                <tbody>
                  {sh.rows.map((row, i) => (
                    <tr key={i}>
                      {row.map((c, j) => (i === 0 ? <th key={j}>{c}</th> : <td key={j}>{c}</td>))}
                    </tr>
                  ))}
                </tbody>
              </table>
              {sh.truncated && <p className="hint">{t('review.truncated')}</p>}
            </div>
          ))}
          <button type="button" onClick={() => setTable(null)}>
            {t('error.dismiss')}
          </button>
        </div>
      )}
      {onMap && (
        <p className="hint" data-testid="review-on-map">
          {t('review.onMap', { name: onMap.name })}{' '}
          <button type="button" className="link" onClick={() => setOnMap(null)}>
            {t('error.dismiss')}
          </button>
        </p>
      )}
      <h3>{t('review.comments')}</h3>
      <button type="button" data-testid="review-pin" className={pinning ? 'active' : ''} onClick={() => setPinning((p) => !p)}>
        {pinning ? t('review.pinClick') : t('review.pin')}
      </button>
      {pending && (
        <div className="review-new" data-testid="review-new">
          <p className="hint">
            X {pending[0].toFixed(1)} Y {pending[1].toFixed(1)}
          </p>
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} data-testid="review-text" placeholder={t('review.commentPlaceholder')} />
          <button type="button" className="primary" disabled={!text.trim() || !reviewer.trim()} data-testid="review-add" onClick={() => void addComment()}>
            {t('review.add')}
          </button>
          {!reviewer.trim() && <p className="hint">{t('review.needReviewer')}</p>}
        </div>
      )}
      <ol className="review-comments" data-testid="review-comments">
        {view.comments.map((c) => (
          <li key={c.id} className={c.resolved ? 'resolved' : ''}>
            <p>{c.text}</p>
            <p className="hint">
              {c.author ?? ''} · {c.created.slice(0, 16).replace('T', ' ')}{' '}
              <button type="button" className="link" onClick={() => call('review.resolveComment', { id: c.id, resolved: !c.resolved }).then(() => call('review.view', {})).then(setView, fail)}>
                {c.resolved ? t('review.reopen') : t('review.resolve')}
              </button>
            </p>
          </li>
        ))}
      </ol>
      <h3>{t('review.decision')}</h3>
      <textarea value={reasons} onChange={(e) => setReasons(e.target.value)} rows={2} placeholder={t('review.reasons')} data-testid="review-reasons" />
      {unresolved > 0 && (
        <p className="warning" data-testid="review-unresolved">
          {t('review.unresolvedReason', { n: unresolved })}
        </p>
      )}
      <div className="row">
        <button type="button" className="primary" disabled={!reviewer.trim() || (unresolved > 0 && !reasons.trim())} data-testid="review-approve" onClick={() => void decide('approved')}>
          {t('review.approve')}
        </button>
        <button type="button" disabled={!reviewer.trim() || !reasons.trim()} data-testid="review-return" onClick={() => void decide('returned')}>
          {t('review.return')}
        </button>
      </div>
      <ul className="review-decisions">
        {view.decisions.map((d) => (
          <li key={d.id}>
            {t(`review.${d.decision}` as MessageKey)} · {d.reviewer} · {d.created.slice(0, 16).replace('T', ' ')} {d.reasons && `— ${d.reasons}`}
            {d.unresolved > 0 && ` (${t('review.unresolvedAt', { n: d.unresolved })})`}
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" onClick={() => void exportComments('csv')}>
          {t('review.exportCsv')}
        </button>
        <button type="button" onClick={() => void exportComments('json')}>
          JSON
        </button>
      </div>
      {/* A reviewer's browser cannot end what `serve --review` serves: closing the tab is leaving. */}
      {readOnly && (isReviewWindow || !isReviewClient) && (
        <button type="button" data-testid="review-leave" onClick={() => void leave()}>
          {isReviewWindow ? t('review.closeWindow') : t('review.leave')}
        </button>
      )}
    </div>
  );
}

/** The text of a `data:…;base64,` or plain data URL (CSV tables). */
function decodeDataUrl(url: string): string {
  const comma = url.indexOf(',');
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  if (!head.endsWith(';base64')) return decodeURIComponent(body);
  const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8').decode(bytes);
}
