/**
 * The workflow shell, composed: the title bar and toolbar, the error and recovery bars, the
 * ten census steps as a rail, the current step's panel beside the map, and the status bar.
 * A new project (新建项目) takes the panel for its wizard until the wizard has made its
 * model; the map then shows the draft's layers. The state lives in hooks (project, layer
 * display, map, status); panels reach it through the workspace context.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LayerEntry, RunResult } from '../../src-main/api/contract';
import { api, isDesktop } from './api/client';
import { useI18n } from './i18n';
import { ErrorBar } from './components/ErrorBar';
import { Legend } from './components/Legend';
import { ShellMap } from './map/ShellMap';
import { MapTools, type ToolId } from './map/MapTools';
import { LiveOverlay } from './map/LiveOverlay';
import { useRunJob } from './hooks/useRunJob';
import { useLive } from './hooks/useLive';
import { useStatus } from './hooks/useStatus';
import { useLayerDisplay } from './hooks/useLayerDisplay';
import { useMapState } from './hooks/useMapState';
import { useProject } from './hooks/useProject';
import { useShortcuts } from './hooks/useShortcuts';
import { STEPS, type StepId } from './workflow/steps';
import { gradeRows, otherResultLayers, resultDisplay } from './lib/stepDisplay';
import { WorkspaceCtx, type Workspace } from './workspace';
import { Toolbar } from './shell/Toolbar';
import { StatusBar } from './shell/StatusBar';
import { StepRail } from './shell/StepRail';
import { StepPanel } from './shell/StepPanel';
import { RecoverBar } from './shell/RecoverBar';
import { ShortcutHelp } from './shell/ShortcutHelp';
import { AboutBox } from './shell/AboutBox';
import { StartPage } from './shell/StartPage';
import { NewProjectWizard } from './wizard/NewProjectWizard';
import { WorkspaceList } from './workspace/WorkspaceList';
import { NameDialog } from './workspace/NameDialog';
import { draftFrame, projectFrame } from './map/frame';

const dataUrl = (id: string): string => api.dataUrl(id);

export function App() {
  const { t } = useI18n();
  const status = useStatus();
  const { fail, notify } = status;
  const { showAsGiven, reset: resetDisplay, ...display } = useLayerDisplay();
  const mapState = useMapState();
  const session = useProject(fail, notify, resetDisplay);
  const { project, draft, run, setRun, model } = session;
  const [step, setStep] = useState<StepId>('data');
  /** The wizard is open: asked for (新建项目) or a draft project is open. */
  const [wizard, setWizard] = useState(false);
  const [dialog, setDialog] = useState<'open' | 'saveAs' | null>(null);
  const inWizard = wizard || draft !== null;
  const [tool, setTool] = useState<ToolId>('pan');
  const [help, setHelp] = useState(false);
  const toggleHelp = useCallback(() => setHelp((h) => !h), []);
  const live = useLive(fail);
  const clearLive = live.clear;
  const [about, setAbout] = useState(false);

  const onRunDone = useCallback(
    (r: RunResult) => {
      setRun(r);
      // The run's result is what the live picture previewed: it gives way to it.
      clearLive();
      // Show the grade and hide the hazard inputs under it, so the result is what one sees.
      showAsGiven(r.layers);
      notify(t('compute.done', { s: (r.elapsedMs / 1000).toFixed(1) }));
    },
    [setRun, showAsGiven, notify, t, clearLive],
  );
  const runJob = useRunJob(onRunDone, fail, () => notify(t('compute.cancelled')));

  useShortcuts({
    open: () => (isDesktop ? void session.openProject() : setDialog('open')),
    save: () => {
      if (project) void session.save();
    },
    compute: () => {
      if (project) void runJob.start();
    },
    undo: () => {
      if (model.state?.canUndo) void model.undo();
    },
    redo: () => {
      if (model.state?.canRedo) void model.redo();
    },
    cancel: () => {
      if (runJob.running) void runJob.cancel();
      setTool('pan');
      setHelp(false);
      setAbout(false);
    },
    identify: () => setTool('identify'),
    measure: () => setTool('distance'),
    help: toggleHelp,
    step: (i) => setStep(STEPS[i]!),
  });

  // The map shows the result the step is about (the zoning in 区划, the grades elsewhere), and the legend says which.
  const shown = useMemo(() => (run ? resultDisplay(step, run) : null), [run, step]);
  const { setVisible } = display;
  useEffect(() => {
    if (!run || !shown) return;
    setVisible(shown.layerId, true);
    for (const id of otherResultLayers(run, shown.layerId)) setVisible(id, false);
  }, [run, shown, setVisible]);

  // While a live picture of the grades is on the map, the legend gives its classes.
  const livePicture = live.shown?.preview;
  const legend = shown && shown.title === 'legend.title' && livePicture?.mode === 'full' && !livePicture.zones ? { ...shown, rows: gradeRows(livePicture.classes) } : shown;
  // Once a live picture is on the map it supersedes the run's result rasters under it: they are
  // hidden — again when another step's result would show — (the layer tree says so, and a
  // technician may show them again). The old grades
  // showing through would mislead, and each drawn raster costs every frame of the map a
  // redraw (WebGL drawn in software: a read-back of 50–90 ms per frame).
  const pictured = live.pictured;
  useEffect(() => {
    if (!pictured || !run) return;
    for (const l of run.layers) setVisible(l.id, false);
  }, [pictured, run, shown, setVisible]);
  const layers: LayerEntry[] = useMemo(() => [...(run?.layers ?? []), ...(project?.layers ?? draft?.layers ?? [])], [run, project, draft]);
  // A draft's frame is computed from its CRS and layers, and only when they change (not with
  // its file state, which changes with every edit): a new extent would rebuild the map.
  const draftLayers = draft?.layers;
  const draftEpsg = draft?.epsg;
  const draftProj4 = draft?.proj4;
  const draftName = draft?.name;
  const draftMap = useMemo(
    () => (draftLayers && draftEpsg !== undefined && draftProj4 && draftName !== undefined ? draftFrame({ name: draftName, epsg: draftEpsg, proj4: draftProj4, layers: draftLayers }) : null),
    [draftName, draftEpsg, draftProj4, draftLayers],
  );
  const frame = project ? projectFrame(project) : draftMap;
  const openNamed = useCallback(
    (name: string) => {
      setDialog(null);
      setWizard(false);
      void session.openNamed(name);
    },
    [session],
  );
  const workspace: Workspace = {
    project,
    setProject: session.setProject,
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
    goTo: setStep,
    fail,
    notify,
    dataUrl,
  };

  return (
    <WorkspaceCtx.Provider value={workspace}>
      <div className="app">
        <Toolbar session={session} runJob={runJob} onHelp={toggleHelp} onNew={() => setWizard(true)} onOpenWorkspace={() => setDialog('open')} onSaveAsName={() => setDialog('saveAs')} onAbout={() => setAbout(true)} />
        {about && <AboutBox onClose={() => setAbout(false)} onError={fail} />}
        {status.error && <ErrorBar error={status.error} onClose={status.dismiss} />}
        {(project ?? draft)?.project?.recoverable && <RecoverBar onRecover={session.recover} />}
        <main>
          <StepRail step={step} onStep={setStep} />
          {inWizard ? (
            <NewProjectWizard
              session={session}
              onClose={() => setWizard(false)}
              onCreated={() => {
                setWizard(false);
                setStep('indicators');
              }}
            />
          ) : (
            <StepPanel
              step={step}
              hasProject={!!project}
              loading={session.loading}
              start={<StartPage onNew={() => setWizard(true)} onOpenDemo={() => void session.openDemo()} onOpen={openNamed} fail={fail} />}
            />
          )}
          <section className="map-area">
            {frame && <ShellMap frame={frame} layers={layers} display={display} mapState={mapState} dataUrl={dataUrl} />}
            {project && <MapTools tool={tool} setTool={setTool} />}
            {project && <LiveOverlay />}
            {dialog === 'open' && (
              <div className="help workspace-dialog" role="dialog" data-testid="open-dialog">
                <h3>{t('action.open')}</h3>
                <WorkspaceList onOpen={openNamed} fail={fail} />
                <button type="button" onClick={() => setDialog(null)}>
                  {t('compute.cancel')}
                </button>
              </div>
            )}
            {dialog === 'saveAs' && (
              <NameDialog
                title={t('action.saveAs')}
                initial={(project ?? draft)?.name ?? ''}
                action={t('action.save')}
                onClose={() => setDialog(null)}
                onDone={(name) => {
                  setDialog(null);
                  void session.saveAsNamed(name);
                }}
              />
            )}
            <div id="map-stage" className={step === 'maps' ? 'active' : ''} />
            {legend && step !== 'classes' && <Legend display={legend} />}
            {help && <ShortcutHelp onClose={() => setHelp(false)} />}
          </section>
        </main>
        <StatusBar epsg={frame?.epsg ?? null} pointer={mapState.pointer} resolution={mapState.resolution} runJob={runJob} notice={status.notice} />
      </div>
    </WorkspaceCtx.Provider>
  );
}
