/**
 * The title bar: the app's and the project's name, the read-only badge under review, and
 * the toolbar (new project, the demo, open, save, save as, undo/redo, compute, help,
 * about, language). Open and save as use the native dialogs in the desktop window and the
 * workspace (projects by name) in a browser. Shortcuts are shown in the buttons' titles;
 * they are handled in `hooks/useShortcuts.ts`.
 */
import { isDesktop } from '../api/client';
import { useI18n } from '../i18n';
import type { ProjectSession } from '../hooks/useProject';
import type { RunJob } from '../hooks/useRunJob';

export interface ToolbarProps {
  session: ProjectSession;
  runJob: RunJob;
  onHelp(): void;
  /** Start the new-project wizard. */
  onNew(): void;
  /** Browser: open a workspace project by name (the dialog listing them). */
  onOpenWorkspace(): void;
  /** Browser: save a copy under a name in the workspace (the dialog asking for it). */
  onSaveAsName(): void;
  /** Show the about box (version, licences, log folder). */
  onAbout(): void;
}

export function Toolbar({ session, runJob, onHelp, onNew, onOpenWorkspace, onSaveAsName, onAbout }: ToolbarProps) {
  const { t, lang, setLang } = useI18n();
  const { project, draft, model, openDemo, openProject, save, saveAs } = session;
  const name = project?.name ?? draft?.name;
  // Under review the engine refuses model edits and runs: offer none.
  const readOnly = project?.project?.readOnly ?? false;
  return (
    <header>
      <h1>{t('app.title')}</h1>
      {name && <span className="project-name" data-testid="project-name">{name}</span>}
      {project?.project?.readOnly && (
        <span className="badge" data-testid="read-only" title={t('project.readOnlyHint')}>
          {t('project.readOnly')}
        </span>
      )}
      <div className="toolbar" role="toolbar">
        <button type="button" data-testid="tb-new" onClick={onNew}>
          {t('ws.new')}
        </button>
        <button type="button" data-testid="tb-open" onClick={() => void openDemo()}>
          {t('project.openDemo')}
        </button>
        <button type="button" data-testid="tb-open-project" title={`${t('action.open')} (Ctrl+O)`} onClick={() => (isDesktop ? void openProject() : onOpenWorkspace())}>
          {t('action.open')}
        </button>
        <button type="button" data-testid="tb-save" title={`${t('action.save')} (Ctrl+S)`} disabled={!name} onClick={() => void save()}>
          {t('action.save')}
          {(project ?? draft)?.project?.dirty ? ' •' : ''}
        </button>
        <button type="button" data-testid="tb-save-as" disabled={!name} onClick={() => (isDesktop ? void saveAs() : onSaveAsName())}>
          {t('action.saveAs')}
        </button>
        <button type="button" data-testid="tb-undo" title={`${t('action.undo')} (Ctrl+Z)`} disabled={readOnly || !model.state?.canUndo} onClick={() => void model.undo()}>
          ↶ {t('action.undo')}
        </button>
        <button type="button" data-testid="tb-redo" title={`${t('action.redo')} (Ctrl+Shift+Z)`} disabled={readOnly || !model.state?.canRedo} onClick={() => void model.redo()}>
          ↷ {t('action.redo')}
        </button>
        <button type="button" className="primary" data-testid="tb-compute" title={`${t('compute.run')} (F5)`} disabled={!project || readOnly || runJob.running} onClick={() => void runJob.start()}>
          {t('compute.run')}
        </button>
        <button type="button" data-testid="tb-help" title="F1" onClick={onHelp}>
          {t('action.help')}
        </button>
        <button type="button" data-testid="tb-about" onClick={onAbout}>
          {t('action.about')}
        </button>
        <button type="button" className="lang" data-testid="tb-lang" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t('app.lang')}
        </button>
      </div>
    </header>
  );
}
