/**
 * What every panel shares: the open project, the last run, the layers with their
 * visibility and display styles, the map, the run job, and the ways to report an error or
 * a notice. The shell (App) owns the state; panels read it through {@link useWorkspace}.
 */
import { createContext, useContext } from 'react';
import type Map from 'ol/Map';
import type { BasemapInfo, LayerEntry, ProjectView, RunResult } from '../../src-main/api/contract';
import type { DisplayStyle } from './map/displayStyle';
import type { RunJob } from './hooks/useRunJob';
import type { ModelApi } from './hooks/useModel';
import type { Extent } from '../../src-shared/layer';
import type { StepId } from './workflow/steps';

export interface Workspace {
  project: ProjectView | null;
  setProject(p: ProjectView | null): void;
  run: RunResult | null;
  /** Result layers of the last run, then the project's layers. */
  layers: LayerEntry[];
  visible: Record<string, boolean>;
  setVisible(id: string, on: boolean): void;
  styles: Record<string, DisplayStyle>;
  /** Override a layer's display style (null restores the API's style). */
  setStyle(id: string, style: DisplayStyle | null): void;
  opacity: Record<string, number>;
  setOpacity(id: string, o: number): void;
  selected: string | null;
  setSelected(id: string | null): void;
  map: Map | null;
  /** The open offline basemap (engine-served tiles), or null. */
  basemap: BasemapInfo | null;
  setBasemap(b: BasemapInfo | null): void;
  /** Zoom the map to an extent or a point (analysis CRS, m). */
  zoomTo(target: Extent | [number, number]): void;
  runJob: RunJob;
  /** The model document, its edits and their undo. */
  model: ModelApi;
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
