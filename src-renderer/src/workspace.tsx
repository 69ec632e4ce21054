/**
 * What every panel shares: the open project, the last run, the layers with their
 * visibility and display styles, the map, the run job, and the ways to report an error or
 * a notice. The shell (App) owns the state; panels read it through {@link useWorkspace}.
 */
import { createContext, useContext } from 'react';
import type { LayerEntry, ProjectView, RunResult } from '../../src-main/api/contract';
import type { RunJob } from './hooks/useRunJob';
import type { LiveApi } from './hooks/useLive';
import type { ModelApi } from './hooks/useModel';
import type { LayerDisplaySettings } from './hooks/useLayerDisplay';
import type { MapState } from './hooks/useMapState';
import type { StepId } from './workflow/steps';

export interface Workspace extends LayerDisplaySettings, Pick<MapState, 'map' | 'basemap' | 'setBasemap' | 'zoomTo'> {
  project: ProjectView | null;
  setProject(p: ProjectView | null): void;
  run: RunResult | null;
  /** Result layers of the last run, then the project's layers. */
  layers: LayerEntry[];
  runJob: RunJob;
  /** The model document, its edits and their undo. */
  model: ModelApi;
  /** Model edits recomputed at once and drawn over the map (the live preview). */
  live: LiveApi;
  /** Switch to another workflow step. */
  goTo(step: StepId): void;
  /** Show an error (any thrown value) in the error bar. */
  fail(err: unknown): void;
  /** Show a short notice in the status bar. */
  notify(text: string): void;
  dataUrl(id: string): string;
}

export const WorkspaceCtx = createContext<Workspace | null>(null);

/** The shared workspace; only inside the shell. */
export function useWorkspace(): Workspace {
  const w = useContext(WorkspaceCtx);
  if (!w) throw new Error('useWorkspace outside the shell');
  return w;
}
