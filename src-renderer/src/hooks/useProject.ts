/**
 * The open project: its view (name, CRS, layers, file state), its last run and its model,
 * with the project actions of the toolbar and the shortcuts (new project, open the demo,
 * open a file or a workspace project by name, save, save as, take or drop the autosave). A
 * project without a model yet is a *draft* (its catalogue only): the new-project wizard
 * shows it until the wizard gives it a model. The page starts with the project the engine
 * has open, if any.
 */
import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import type { ProjectDraftView, ProjectInfo, ProjectView, RunResult } from '../../../src-main/api/contract';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import type { Fail } from '../lib/action';
import { useAction } from './useAction';
import { useModel, type ModelApi } from './useModel';

export interface ProjectSession {
  project: ProjectView | null;
  setProject(p: ProjectView | null): void;
  /** The open project while it has no model (the wizard's), else null. */
  draft: ProjectDraftView | null;
  setDraft: Dispatch<SetStateAction<ProjectDraftView | null>>;
  /** Create an empty project of this name in the workspace (it opens as a draft). */
  newProject(name: string): Promise<ProjectDraftView | undefined>;
  /** Open the workspace's project of this name. */
  openNamed(name: string): Promise<void>;
  /** Save a copy under this name in the workspace, which becomes the open project. */
  saveAsNamed(name: string): Promise<void>;
  /** Take a view the API returned (the wizard's model made the draft a complete project). */
  adopt(v: ProjectView): void;
  /** Close the open project or draft without saving it. */
  close(): Promise<void>;
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
  const [draft, setDraft] = useState<ProjectDraftView | null>(null);
  const [loading, setLoading] = useState(true);
  const [run, setRun] = useState<RunResult | null>(null);
  const model = useModel(project ? (project.project?.path ?? project.name) : null, fail);
  const reloadModel = model.reload;

  /** Take the project file's state (path, dirty, read-only…) into the open view or draft. */
  const setInfo = useCallback((info: ProjectInfo) => {
    setProject((p) => (p ? { ...p, project: info } : p));
    setDraft((d) => (d ? { ...d, project: info } : d));
  }, []);
  /** Another project is open: a complete one, or a draft the wizard takes on. */
  const opened = useCallback(
    (v: ProjectView | ProjectDraftView) => {
      if ('draft' in v) {
        setProject(null);
        setDraft(v);
        setRun(null);
      } else {
        setDraft(null);
        setProject(v);
        setRun(v.lastRun);
      }
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
      // A project without a model (made by the wizard, not finished yet) comes back as its draft.
      if (!p) setDraft(await call('project.draft', {}));
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

  const openDemo = useCallback(() => act(async () => opened(await call('project.openDemo', {})), setLoading), [act, opened]);
  /** Open the project file at `path`, complete or a draft (throws; callers run it as an action). */
  const openAt = useCallback(async (path: string) => opened(await call('project.open', { path })), [opened]);
  const openProject = useCallback(
    () =>
      act(async () => {
        const path = await chosenPath('openProject');
        if (path) await openAt(path);
      }),
    [act, openAt],
  );
  const openNamed = useCallback((name: string) => act(async () => opened(await call('workspace.open', { name })), setLoading), [act, opened]);
  const newProject = useCallback(
    (name: string) =>
      act(async () => {
        const d = await call('project.new', { name });
        opened(d);
        return d;
      }),
    [act, opened],
  );
  const adopt = useCallback(
    (v: ProjectView) => {
      setDraft(null);
      setProject(v);
      setRun(v.lastRun);
    },
    [],
  );
  // A project file double-clicked, or named by a second launch, opens here (Electron only).
  const openHanded = useRef((path: string) => void act(() => openAt(path)));
  openHanded.current = (path: string) => void act(() => openAt(path));
  useEffect(() => window.riskatlas?.onOpenFile?.((path) => openHanded.current(path)), []);
  const save = useCallback(() => act(async () => saved(await call('project.save', {}))), [act, saved]);
  const saveAs = useCallback(
    () =>
      act(async () => {
        const path = await chosenPath('saveProject');
        if (path) saved(await call('project.saveAs', { path }));
      }),
    [act, saved],
  );
  const close = useCallback(
    () =>
      act(async () => {
        await call('project.close', {});
        setProject(null);
        setDraft(null);
        setRun(null);
        onOpened();
      }),
    [act, onOpened],
  );
  const saveAsNamed = useCallback((name: string) => act(async () => saved(await call('project.saveAs', { name }))), [act, saved]);
  const recover = useCallback(
    (accept: boolean) =>
      act(async () => {
        const v = await call('project.recover', { accept });
        if ('draft' in v) setDraft(v);
        else {
          setProject(v);
          setRun(v.lastRun);
        }
        await reloadModel();
      }),
    [act, reloadModel, setInfo],
  );

  return { project, setProject, draft, setDraft, newProject, openNamed, saveAsNamed, adopt, close, loading, run, setRun, model, openDemo, openProject, save, saveAs, recover };
}
