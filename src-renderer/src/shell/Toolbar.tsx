/**
 * The title bar: the app's and the project's name, the read-only badge under review, and
 * the toolbar (project, undo/redo, compute, help, about, language). Shortcuts are shown in the
 * buttons' titles; they are handled in `hooks/useShortcuts.ts`.
 */
import { isDesktop } from '../api/client';
import { useI18n } from '../i18n';
import type { ProjectSession } from '../hooks/useProject';
import type { RunJob } from '../hooks/useRunJob';

export function Toolbar({ session, runJob, onHelp, onAbout }: { session: ProjectSession; runJob: RunJob; onHelp(): void; onAbout(): void }) {
  const { t, lang, setLang } = useI18n();
  const { project, model, openDemo, openProject, save, saveAs } = session;
  // Under review the engine refuses model edits and runs: offer none.
  const readOnly = project?.project?.readOnly ?? false;
  return (
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
