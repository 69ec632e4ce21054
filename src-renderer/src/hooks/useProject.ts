/**
 * The open project: its view (name, CRS, layers, file state), its last run and its model,
 * with the project actions of the toolbar and the shortcuts (open the demo, open a file,
 * save, save as, take or drop the autosave). The page starts with the project the engine
 * has open, if any.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProjectInfo, ProjectView, RunResult } from '../../../src-main/api/contract';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import type { Fail } from '../lib/action';
import { useAction } from './useAction';
import { useModel, type ModelApi } from './useModel';

export interface ProjectSession {
  project: ProjectView | null;
  setProject(p: ProjectView | null): void;
  /** True until the engine has said which project is open, and while the demo opens. */
  loading: boolean;
  run: RunResult | null;
  setRun(r: RunResult): void;
  /** The model document, its edits and their undo. */
  model: ModelApi;
  openDemo(): Promise<void>;
  /** Desktop: open a project file chosen in the native dialog. */
  openProject(): Promise<void>;
  save(): Promise<void>;
  /** Desktop: save the project under a new file chosen in the native dialog. */
  saveAs(): Promise<void>;
  /** Take (or drop) the newer autosave the engine found when the project opened. */
  recover(accept: boolean): Promise<void>;
}

/** The path the user chose in the native dialog, or undefined when they cancelled. */
async function chosenPath(purpose: 'openProject' | 'saveProject'): Promise<string | undefined> {
  return (await call('dialog.choose', { purpose })).paths[0];
}

/**
 * `fail` and `notify` are the shell's error bar and notice; `onOpened` runs when another
 * project replaces the open one (the display settings of the old one no longer apply).
 */
export function useProject(fail: Fail, notify: (text: string) => void, onOpened: () => void): ProjectSession {
  const { t } = useI18n();
  const act = useAction(fail);
  const [project, setProject] = useState<ProjectView | null>(null);
  const [loading, setLoading] = useState(true);
  const [run, setRun] = useState<RunResult | null>(null);
  const model = useModel(project ? (project.project?.path ?? project.name) : null, fail);
  const reloadModel = model.reload;

  /** Take the project file's state (path, dirty, read-only…) into the open view. */
  const setInfo = useCallback((info: ProjectInfo) => setProject((p) => (p ? { ...p, project: info } : p)), []);
  const opened = useCallback(
    (v: ProjectView, lastRun: RunResult | null) => {
      setProject(v);
      setRun(lastRun);
      onOpened();
      notify(t('project.opened', { name: v.name }));
    },
    [notify, onOpened, t],
  );
  const saved = useCallback(
    (info: ProjectInfo) => {
      setInfo(info);
      notify(t('project.saved', { path: info.path }));
    },
    [notify, setInfo, t],
  );

  useEffect(() => {
    // The token has done its job (the server set a cookie): keep it out of the address bar and history.
    if (window.location.search.includes('token=')) window.history.replaceState(null, '', window.location.pathname);
    void act(async () => {
      const p = await call('project.current', {});
      setProject(p);
      setRun(p?.lastRun ?? null);
    }, setLoading);
  }, [act]);

  // Undo state lives with the model; keep the project's flags (dirty) in step after each edit.
  const revision = model.state?.revision;
  useEffect(() => {
    if (revision === undefined) return;
    call('project.info', {})
      .then((info) => info && setInfo(info))
      .catch(() => undefined);
  }, [revision, setInfo]);

  const openDemo = useCallback(() => act(async () => opened(await call('project.openDemo', {}), null), setLoading), [act, opened]);
  /** Open the project file at `path` (throws; callers run it as an action). */
  const openAt = useCallback(
    async (path: string) => {
      const v = await call('project.open', { path });
      if ('draft' in v) notify(t('project.draftOpened', { name: v.name }));
      else opened(v, v.lastRun);
    },
    [notify, opened, t],
  );
  const openProject = useCallback(
    () =>
      act(async () => {
        const path = await chosenPath('openProject');
        if (path) await openAt(path);
      }),
    [act, openAt],
  );
  // A project file double-clicked, or named by a second launch, opens here (Electron only).
  const openHanded = useRef((path: string) => void act(() => openAt(path)));
  openHanded.current = (path: string) => void act(() => openAt(path));
  useEffect(() => window.riskatlas?.onOpenFile((path) => openHanded.current(path)), []);
  const save = useCallback(() => act(async () => saved(await call('project.save', {}))), [act, saved]);
  const saveAs = useCallback(
    () =>
      act(async () => {
        const path = await chosenPath('saveProject');
        if (path) saved(await call('project.saveAs', { path }));
      }),
    [act, saved],
  );
  const recover = useCallback(
    (accept: boolean) =>
      act(async () => {
        const v = await call('project.recover', { accept });
        if ('draft' in v) setInfo(v.project);
        else {
          setProject(v);
          setRun(v.lastRun);
        }
        await reloadModel();
      }),
    [act, reloadModel, setInfo],
  );

  return { project, setProject, loading, run, setRun, model, openDemo, openProject, save, saveAs, recover };
}
