/**
 * The empty start page (no project open): make a new project, open the demo county, or
 * open one of the workspace's projects by name — in the browser as in the desktop window,
 * no native dialog needed.
 */
import { useI18n } from '../i18n';
import { WorkspaceList } from '../workspace/WorkspaceList';

export function StartPage({ onNew, onOpenDemo, onOpen, fail }: { onNew(): void; onOpenDemo(): void; onOpen(name: string): void; fail(err: unknown): void }) {
  const { t } = useI18n();
  return (
    <div className="empty">
      <p>{t('project.none')}</p>
      <div className="row">
        <button type="button" className="primary" data-testid="start-new" onClick={onNew}>
          {t('ws.new')}
        </button>
        <button type="button" data-testid="open-demo" onClick={onOpenDemo}>
          {t('project.openDemo')}
        </button>
      </div>
      <p className="hint">{t('ws.newHint')}</p>
      <p className="hint">{t('project.demoHint')}</p>
      <h3>{t('ws.projects')}</h3>
      <WorkspaceList onOpen={onOpen} fail={fail} />
    </div>
  );
}
