/** What a step shows before there is a run to work on: why, and a button to the Risk step that computes one. */
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';

export function NeedRun({ hint }: { hint: MessageKey }) {
  const { t } = useI18n();
  const { goTo } = useWorkspace();
  return (
    <div>
      <p className="hint">{t(hint)}</p>
      <button type="button" onClick={() => goTo('risk')}>
        {t('step.risk')}
      </button>
    </div>
  );
}
