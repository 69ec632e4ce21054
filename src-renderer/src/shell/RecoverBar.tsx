/** The offer to take a newer autosave than the project file, or to drop it. */
import { useI18n } from '../i18n';

export function RecoverBar({ onRecover }: { onRecover(accept: boolean): void }) {
  const { t } = useI18n();
  return (
    <div className="recover-bar" role="alert" data-testid="recover">
      {t('project.recoverable')}
      <button type="button" className="primary" onClick={() => onRecover(true)}>
        {t('project.recover')}
      </button>
      <button type="button" onClick={() => onRecover(false)}>
        {t('project.discard')}
      </button>
    </div>
  );
}
