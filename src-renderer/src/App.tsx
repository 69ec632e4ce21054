/**
 * The workflow shell: toolbar (project, undo/redo, compute, map tools), the ten census
 * steps as a rail, the current step's panel beside the map, and the status bar (cursor in
 * the project CRS and in lon/lat, map scale, job progress, notices). Keyboard shortcuts
 * are in `lib/shortcuts.ts`.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type Map from 'ol/Map';
import type { BasemapInfo, LayerEntry, ProjectView, RunResult } from '../../src-main/api/contract';
import { api, call, asApiError, isDesktop, type ApiError } from './api/client';
import { useI18n } from './i18n';
import type { MessageKey } from './i18n/zh';
import { ErrorBar } from './components/ErrorBar';
import { Legend } from './components/Legend';
import { MapView, type PointerInfo } from './map/MapView';
import { MapTools, type ToolId } from './map/MapTools';
import type { DisplayStyle } from './map/displayStyle';
import { useRunJob } from './hooks/useRunJob';
import { useModel } from './hooks/useModel';
import { STEPS, type StepId } from './workflow/steps';
import { WorkspaceCtx, type Workspace } from './workspace';
import { shortcutFor, SHORTCUTS } from './lib/shortcuts';
import { formatScale, scaleDenominator } from './lib/mapScale';
import { PanelFor } from './panels';
import type { Extent } from '../../src-shared/layer';

export function App() {
  const { t, lang, setLang } = useI18n();
  const [project, setProject] = useState<ProjectView | null>(null);
  const [loading, setLoading] = useState(true);
  const [run, setRun] = useState<RunResult | null>(null);
  const [visible, setVisibleState] = useState<Record<string, boolean>>({});
  const [styles, setStyles] = useState<Record<string, DisplayStyle>>({});
  const [opacity, setOpacityState] = useState<Record<string, number>>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const [pointer, setPointer] = useState<PointerInfo | null>(null);
  const [resolution, setResolution] = useState(NaN);
  const [map, setMap] = useState<Map | null>(null);
  const [basemap, setBasemap] = useState<BasemapInfo | null>(null);
  const [step, setStep] = useState<StepId>('data');
  const [tool, setTool] = useState<ToolId>('pan');
  const [help, setHelp] = useState(false);

  const fail = useCallback((err: unknown) => setError(asApiError(err)), []);
  const notify = useCallback((text: string) => setNotice(text), []);

  const onRunDone = useCallback(
    (r: RunResult) => {
      setRun(r);
      // Show the grade and hide the hazard inputs under it, so the result is what one sees.
      setVisibleState((v) => ({ ...v, ...Object.fromEntries(r.layers.map((l) => [l.id, l.visible])) }));
      setNotice(t('compute.done', { s: (r.elapsedMs / 1000).toFixed(1) }));
    },
    [t],
  );
  const runJob = useRunJob(onRunDone, fail, () => setNotice(t('compute.cancelled')));
  const model = useModel(project ? (project.project?.path ?? project.name) : null, fail);

  const save = useCallback(async (): Promise<void> => {
    try {
      const info = await call('project.save', {});
      setProject((p) => (p ? { ...p, project: info } : p));
      setNotice(t('project.saved', { path: info.path }));
    } catch (err) {
      fail(err);
    }
  }, [fail, t]);
  /** Desktop: open a project file chosen in the native dialog. */
  const openProject = useCallback(async (): Promise<void> => {
    try {
      const { paths } = await call('dialog.choose', { purpose: 'openProject' });
      if (!paths[0]) return;
      const v = await call('project.open', { path: paths[0] });
      if ('draft' in v) {
        setNotice(t('project.draftOpened', { name: v.name }));
        return;
      }
      setProject(v);
      setRun(v.lastRun);
      setVisibleState({});
      setStyles({});
      setNotice(t('project.opened', { name: v.name }));
    } catch (err) {
      fail(err);
    }
  }, [fail, t]);
  /** Desktop: save the project under a new file chosen in the native dialog. */
  const saveAs = useCallback(async (): Promise<void> => {
    try {
      const { paths } = await call('dialog.choose', { purpose: 'saveProject' });
      if (!paths[0]) return;
      const info = await call('project.saveAs', { path: paths[0] });
      setProject((p) => (p ? { ...p, project: info } : p));
      setNotice(t('project.saved', { path: info.path }));
    } catch (err) {
      fail(err);
    }
  }, [fail, t]);

  /** Take (or drop) the newer autosave the engine found when the project opened. */
  const recover = useCallback(
    async (accept: boolean): Promise<void> => {
      try {
        const v = await call('project.recover', { accept });
        if ('draft' in v) setProject((p) => (p ? { ...p, project: v.project } : p));
        else {
          setProject(v);
          setRun(v.lastRun);
        }
        await model.reload();
      } catch (err) {
        fail(err);
      }
    },
    [fail, model],
  );
  // Undo state lives with the model; keep the project's flags (dirty) in step after each edit.
  const revision = model.state?.revision;
  useEffect(() => {
    if (revision === undefined) return;
    call('project.info', {})
      .then((info) => info && setProject((p) => (p ? { ...p, project: info } : p)))
      .catch(() => undefined);
  }, [revision]);

  useEffect(() => {
    // The token has done its job (the server set a cookie): keep it out of the address bar and history.
    if (window.location.search.includes('token=')) window.history.replaceState(null, '', window.location.pathname);
    call('project.current', {})
      .then((p) => {
        setProject(p);
        setRun(p?.lastRun ?? null);
      })
      .catch(fail)
      .finally(() => setLoading(false));
  }, [fail]);

  const openDemo = useCallback(async (): Promise<void> => {
    setLoading(true);
    try {
      const p = await call('project.openDemo', {});
      setProject(p);
      setRun(null);
      setVisibleState({});
      setStyles({});
      setNotice(t('project.opened', { name: p.name }));
    } catch (err) {
      fail(err);
    } finally {
      setLoading(false);
    }
  }, [fail, t]);

  const layers: LayerEntry[] = useMemo(() => [...(run?.layers ?? []), ...(project?.layers ?? [])], [run, project]);
  const setVisible = useCallback((id: string, on: boolean) => setVisibleState((v) => ({ ...v, [id]: on })), []);
  const setStyle = useCallback(
    (id: string, s: DisplayStyle | null) =>
      setStyles((all) => {
        const next = { ...all };
        if (s) next[id] = s;
        else delete next[id];
        return next;
      }),
    [],
  );
  const setOpacity = useCallback((id: string, o: number) => setOpacityState((all) => ({ ...all, [id]: o })), []);
  const dataUrl = useCallback((id: string) => api.dataUrl(id), []);
  const zoomTo = useCallback(
    (target: Extent | [number, number]) => {
      if (!map) return;
      const view = map.getView();
      if (target.length === 4) view.fit(target, { padding: [60, 60, 60, 60], maxZoom: 16, duration: 300 });
      else view.animate({ center: target, resolution: Math.min(view.getResolution() ?? 10, 5), duration: 300 });
    },
    [map],
  );

  const workspace: Workspace = {
    project,
    setProject,
    run,
    layers,
    visible,
    setVisible,
    styles,
    setStyle,
    opacity,
    setOpacity,
    selected,
    setSelected,
    map,
    basemap,
    setBasemap,
    zoomTo,
    runJob,
    model,
    goTo: setStep,
    fail,
    notify,
    dataUrl,
  };

  // Shortcuts, read through a ref so the listener is installed once.
  const actions = useRef({ openDemo, openProject, runJob, project, setStep, setTool, save, model });
  actions.current = { openDemo, openProject, runJob, project, setStep, setTool, save, model };
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const el = e.target as HTMLElement | null;
      const inField = !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
      const action = shortcutFor(e, inField);
      if (!action) return;
      const a = actions.current;
      e.preventDefault();
      if (action === 'open') void (isDesktop ? a.openProject() : a.openDemo());
      else if (action === 'compute') {
        if (a.project) void a.runJob.start();
      } else if (action === 'cancel') {
        if (a.runJob.running) void a.runJob.cancel();
        a.setTool('pan');
        setHelp(false);
      } else if (action === 'identify') a.setTool('identify');
      else if (action === 'measure') a.setTool('distance');
      else if (action === 'help') setHelp((h) => !h);
      else if (action.startsWith('step:')) a.setStep(STEPS[Number(action.slice(5))]!);
      else if (action === 'save') {
        if (a.project) void a.save();
      } else if (action === 'undo') {
        if (a.model.state?.canUndo) void a.model.undo();
      } else if (action === 'redo') {
        if (a.model.state?.canRedo) void a.model.redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const job = runJob.job;
  // Under review the engine refuses model edits and runs: offer none.
  const readOnly = project?.project?.readOnly ?? false;
  return (
    <WorkspaceCtx.Provider value={workspace}>
      <div className="app">
        <header>
          <h1>{t('app.title')}</h1>
          {project && <span className="project-name" data-testid="project-name">{project.name}</span>}
          {project?.project?.readOnly && (
            <span className="badge" data-testid="read-only" title={t('project.readOnlyHint')}>
              {t('project.readOnly')}
            </span>
          )}
          <div className="toolbar" role="toolbar">
            <button type="button" data-testid="tb-open" title={isDesktop ? t('project.openDemo') : `${t('project.openDemo')} (Ctrl+O)`} onClick={() => void openDemo()}>
              {t('project.openDemo')}
            </button>
            {isDesktop && (
              <button type="button" data-testid="tb-open-project" title={`${t('action.open')} (Ctrl+O)`} onClick={() => void openProject()}>
                {t('action.open')}
              </button>
            )}
            <button type="button" data-testid="tb-save" title={`${t('action.save')} (Ctrl+S)`} disabled={!project} onClick={() => void save()}>
              {t('action.save')}
              {project?.project?.dirty ? ' •' : ''}
            </button>
            {isDesktop && (
              <button type="button" data-testid="tb-save-as" disabled={!project} onClick={() => void saveAs()}>
                {t('action.saveAs')}
              </button>
            )}
            <button type="button" data-testid="tb-undo" title={`${t('action.undo')} (Ctrl+Z)`} disabled={readOnly || !model.state?.canUndo} onClick={() => void model.undo()}>
              ↶ {t('action.undo')}
            </button>
            <button type="button" data-testid="tb-redo" title={`${t('action.redo')} (Ctrl+Shift+Z)`} disabled={readOnly || !model.state?.canRedo} onClick={() => void model.redo()}>
              ↷ {t('action.redo')}
            </button>
            <button type="button" className="primary" data-testid="tb-compute" title={`${t('compute.run')} (F5)`} disabled={!project || readOnly || runJob.running} onClick={() => void runJob.start()}>
              {t('compute.run')}
            </button>
            <button type="button" data-testid="tb-help" title="F1" onClick={() => setHelp((h) => !h)}>
              {t('action.help')}
            </button>
            <button type="button" className="lang" data-testid="tb-lang" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
              {t('app.lang')}
            </button>
          </div>
        </header>
        {error && <ErrorBar error={error} onClose={() => setError(null)} />}
        {project?.project?.recoverable && (
          <div className="recover-bar" role="alert" data-testid="recover">
            {t('project.recoverable')}
            <button type="button" className="primary" onClick={() => void recover(true)}>
              {t('project.recover')}
            </button>
            <button type="button" onClick={() => void recover(false)}>
              {t('project.discard')}
            </button>
          </div>
        )}
        <main>
          <nav className="steps" aria-label={t('steps.label')} data-testid="steps">
            {STEPS.map((s, i) => (
              <button
                key={s}
                type="button"
                className={s === step ? 'active' : ''}
                data-testid={`step-${s}`}
                aria-current={s === step ? 'step' : undefined}
                title={`${t(`step.${s}` as MessageKey)} (Alt+${(i + 1) % 10})`}
                onClick={() => setStep(s)}
              >
                <span className="num">{i + 1}</span>
                <span className="label">{t(`step.${s}` as MessageKey)}</span>
              </button>
            ))}
          </nav>
          <aside className="panel" data-testid={`panel-${step}`}>
            <h2 className="panel-title">{t(`step.${step}` as MessageKey)}</h2>
            {project ? (
              <PanelFor step={step} />
            ) : (
              !loading && (
                <div className="empty">
                  <p>{t('project.none')}</p>
                  <button type="button" className="primary" data-testid="open-demo" onClick={() => void openDemo()}>
                    {t('project.openDemo')}
                  </button>
                  <p className="hint">{t('project.demoHint')}</p>
                </div>
              )
            )}
          </aside>
          <section className="map-area">
            {project && (
              <MapView
                project={project}
                layers={layers}
                visible={visible}
                styles={styles}
                opacity={opacity}
                dataUrl={dataUrl}
                basemap={basemap}
                onPointer={setPointer}
                onResolution={setResolution}
                onMap={setMap}
              />
            )}
            {project && <MapTools tool={tool} setTool={setTool} />}
            <div id="map-stage" className={step === 'maps' ? 'active' : ''} />
            {run && step !== 'classes' && <Legend classes={run.classification.classes} />}
            {help && (
              <div className="help" data-testid="help" role="dialog">
                <h3>{t('help.title')}</h3>
                <table>
                  <tbody>
                    {SHORTCUTS.map((s) => (
                      <tr key={s.keys}>
                        <td>
                          <kbd>{s.keys}</kbd>
                        </td>
                        <td>{t(`shortcut.${s.action.startsWith('step:') ? 'step' : s.action}` as MessageKey)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <button type="button" onClick={() => setHelp(false)}>
                  {t('error.dismiss')}
                </button>
              </div>
            )}
          </section>
        </main>
        <footer data-testid="status-bar">
          <span data-testid="status-xy">
            {pointer && project ? `EPSG:${project.epsg}  X ${pointer.x.toFixed(1)}  Y ${pointer.y.toFixed(1)}` : t('status.noPointer')}
          </span>
          <span data-testid="status-lonlat">{pointer ? `${pointer.lon.toFixed(5)}°E  ${pointer.lat.toFixed(5)}°N` : ''}</span>
          <span data-testid="status-scale">
            {t('status.scale')} {formatScale(scaleDenominator(resolution))}
          </span>
          {job && (
            <span className="progress" data-testid="progress" data-state={job.state} data-job={job.jobId}>
              <span className="bar">
                <span className="fill" style={{ width: `${Math.round(job.progress * 100)}%` }} />
              </span>
              {Math.round(job.progress * 100)}% {t(`runstep.${job.step}` as MessageKey)}
              {runJob.running && (
                <button type="button" data-testid="cancel" onClick={() => void runJob.cancel()}>
                  {t('compute.cancel')}
                </button>
              )}
            </span>
          )}
          <span className="notice" data-testid="notice">
            {notice}
          </span>
        </footer>
      </div>
    </WorkspaceCtx.Provider>
  );
}
