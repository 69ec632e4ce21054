/**
 * The workflow shell, composed: the title bar and toolbar, the error and recovery bars, the
 * ten census steps as a rail, the current step's panel beside the map, and the status bar.
 * The state lives in hooks (project, layer display, map, status); panels reach it through
 * the workspace context.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LayerEntry, RunResult } from '../../src-main/api/contract';
import { api, isDesktop } from './api/client';
import { useI18n } from './i18n';
import { ErrorBar } from './components/ErrorBar';
import { Legend } from './components/Legend';
import { MapView } from './map/MapView';
import { MapTools, type ToolId } from './map/MapTools';
import { useRunJob } from './hooks/useRunJob';
import { useStatus } from './hooks/useStatus';
import { useLayerDisplay } from './hooks/useLayerDisplay';
import { useMapState } from './hooks/useMapState';
import { useProject } from './hooks/useProject';
import { useShortcuts } from './hooks/useShortcuts';
import { STEPS, type StepId } from './workflow/steps';
import { otherResultLayers, resultDisplay } from './lib/stepDisplay';
import { WorkspaceCtx, type Workspace } from './workspace';
import { Toolbar } from './shell/Toolbar';
import { StatusBar } from './shell/StatusBar';
import { StepRail } from './shell/StepRail';
import { StepPanel } from './shell/StepPanel';
import { RecoverBar } from './shell/RecoverBar';
import { ShortcutHelp } from './shell/ShortcutHelp';
import { AboutBox } from './shell/AboutBox';

const dataUrl = (id: string): string => api.dataUrl(id);

export function App() {
  const { t } = useI18n();
  const status = useStatus();
  const { fail, notify } = status;
  const { showAsGiven, reset: resetDisplay, ...display } = useLayerDisplay();
  const mapState = useMapState();
  const session = useProject(fail, notify, resetDisplay);
  const { project, run, setRun, model } = session;
  const [step, setStep] = useState<StepId>('data');
  const [tool, setTool] = useState<ToolId>('pan');
  const [help, setHelp] = useState(false);
  const toggleHelp = useCallback(() => setHelp((h) => !h), []);
  const [about, setAbout] = useState(false);

  const onRunDone = useCallback(
    (r: RunResult) => {
      setRun(r);
      // Show the grade and hide the hazard inputs under it, so the result is what one sees.
      showAsGiven(r.layers);
      notify(t('compute.done', { s: (r.elapsedMs / 1000).toFixed(1) }));
    },
    [setRun, showAsGiven, notify, t],
  );
  const runJob = useRunJob(onRunDone, fail, () => notify(t('compute.cancelled')));

  useShortcuts({
    open: () => void (isDesktop ? session.openProject() : session.openDemo()),
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

  const layers: LayerEntry[] = useMemo(() => [...(run?.layers ?? []), ...(project?.layers ?? [])], [run, project]);
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
    goTo: setStep,
    fail,
    notify,
    dataUrl,
  };

  return (
    <WorkspaceCtx.Provider value={workspace}>
      <div className="app">
        <Toolbar session={session} runJob={runJob} onHelp={toggleHelp} onAbout={() => setAbout(true)} />
        {about && <AboutBox onClose={() => setAbout(false)} onError={fail} />}
        {status.error && <ErrorBar error={status.error} onClose={status.dismiss} />}
        {project?.project?.recoverable && <RecoverBar onRecover={session.recover} />}
        <main>
          <StepRail step={step} onStep={setStep} />
          <StepPanel step={step} hasProject={!!project} loading={session.loading} onOpenDemo={session.openDemo} />
          <section className="map-area">
            {project && (
              <MapView
                project={project}
                layers={layers}
                visible={display.visible}
                styles={display.styles}
                opacity={display.opacity}
                dataUrl={dataUrl}
                basemap={mapState.basemap}
                onPointer={mapState.setPointer}
                onResolution={mapState.setResolution}
                onMap={mapState.setMap}
              />
            )}
            {project && <MapTools tool={tool} setTool={setTool} />}
            <div id="map-stage" className={step === 'maps' ? 'active' : ''} />
            {shown && step !== 'classes' && <Legend display={shown} />}
            {help && <ShortcutHelp onClose={() => setHelp(false)} />}
          </section>
        </main>
        <StatusBar project={project} pointer={mapState.pointer} resolution={mapState.resolution} runJob={runJob} notice={status.notice} />
      </div>
    </WorkspaceCtx.Provider>
  );
}
