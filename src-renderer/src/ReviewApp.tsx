/**
 * What a review client shows — the desktop app's review window, or a reviewer's browser of
 * `riskatlas serve --review`: one package or project, opened read-only (by the main process in
 * a session of its own, or by the server), shown with the review step only — its maps, tables and
 * layers, comments pinned on the map, the decision — beside the map. No toolbar, step rail or
 * wizard: the page may call the reviewer's methods only (the main process or the server refuses
 * the rest), so it offers nothing else. Closing the window (or the browser's tab) ends the review.
 */
import { useEffect, useMemo, useState } from 'react';
import type { LayerEntry, ProjectView, ReviewView } from '../../src-main/api/contract';
import { api, call } from './api/client';
import { useI18n } from './i18n';
import { ErrorBar } from './components/ErrorBar';
import type { MapFrame } from './map/MapView';
import { ShellMap } from './map/ShellMap';
import { projectFrame } from './map/frame';
import { useLayerDisplay } from './hooks/useLayerDisplay';
import { useMapState } from './hooks/useMapState';
import { useModel } from './hooks/useModel';
import { useLive } from './hooks/useLive';
import { useRunJob } from './hooks/useRunJob';
import { useStatus } from './hooks/useStatus';
import { WorkspaceCtx, type Workspace } from './workspace';
import { ReviewPanel } from './panels/ReviewPanel';

const dataUrl = (id: string): string => api.dataUrl(id);

/** The map frame of a package without a model: the CRS and extent its provenance gives (null when it names none). */
function packageFrame(view: ReviewView | null): MapFrame | null {
  const geo = view?.georeference;
  if (!view || !geo) return null;
  return { name: view.source.replace(/^.*[\\/]/, ''), epsg: geo.epsg, proj4: geo.proj4, extent: geo.extent };
}

export function ReviewApp() {
  const { t, lang, setLang } = useI18n();
  const status = useStatus();
  const { fail, notify } = status;
  const { showAsGiven: _showAsGiven, reset: _reset, ...display } = useLayerDisplay();
  const mapState = useMapState();
  // The project under review (null for a package, which has no model), and what is reviewed.
  const [project, setProject] = useState<ProjectView | null>(null);
  const [view, setView] = useState<ReviewView | null>(null);
  useEffect(() => {
    call('project.current', {}).then(setProject, fail);
    call('review.view', {}).then(setView, fail);
  }, [fail]);
  const run = project?.lastRun ?? null;
  // The workspace's hooks as the main window has them; in this window they only read (model.get, job.status).
  const model = useModel(project ? (project.project?.path ?? project.name) : null, fail);
  const live = useLive(fail);
  const runJob = useRunJob(() => undefined, fail, () => undefined);
  const layers: LayerEntry[] = useMemo(() => [...(run?.layers ?? []), ...(project?.layers ?? [])], [run, project]);
  const frame = project ? projectFrame(project) : packageFrame(view);
  const workspace: Workspace = {
    project,
    setProject,
    run,
    layers,
    ...display,
    map: mapState.map,
    basemap: mapState.basemap,
    setBasemap: mapState.setBasemap,
    zoomTo: mapState.zoomTo,
    runJob,
    model,
    live,
    // One step only: there is nowhere else to go.
    goTo: () => undefined,
    fail,
    notify,
    dataUrl,
  };

  return (
    <WorkspaceCtx.Provider value={workspace}>
      <div className="app review-window" data-testid="review-window">
        <header>
          <h1>{t('review.windowTitle')}</h1>
          <span className="project-name">{frame?.name ?? ''}</span>
          <span className="badge" data-testid="read-only" title={t('project.readOnlyHint')}>
            {t('project.readOnly')}
          </span>
          <button type="button" className="lang" data-testid="tb-lang" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('app.lang')}
          </button>
        </header>
        {status.error && <ErrorBar error={status.error} onClose={status.dismiss} />}
        <main>
          <aside className="panel" data-testid="panel-review">
            <h2 className="panel-title">{t('step.review')}</h2>
            <ReviewPanel />
          </aside>
          <section className="map-area">
            {frame && <ShellMap frame={frame} layers={layers} display={display} mapState={mapState} dataUrl={dataUrl} />}
          </section>
        </main>
        {status.notice && <footer className="notice">{status.notice}</footer>}
      </div>
    </WorkspaceCtx.Provider>
  );
}
