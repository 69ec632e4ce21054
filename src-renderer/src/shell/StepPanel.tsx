/** The current step's panel beside the map; without a project, the offer to open the demo. */
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { PanelFor } from '../panels';
import type { StepId } from '../workflow/steps';

export interface StepPanelProps {
  step: StepId;
  hasProject: boolean;
  /** While the open project is not known yet, the panel stays empty. */
  loading: boolean;
  onOpenDemo(): void;
}

export function StepPanel({ step, hasProject, loading, onOpenDemo }: StepPanelProps) {
  const { t } = useI18n();
  return (
    <aside className="panel" data-testid={`panel-${step}`}>
      <h2 className="panel-title">{t(`step.${step}` as MessageKey)}</h2>
      {hasProject ? (
        <PanelFor step={step} />
      ) : (
        !loading && (
          <div className="empty">
            <p>{t('project.none')}</p>
            <button type="button" className="primary" data-testid="open-demo" onClick={onOpenDemo}>
              {t('project.openDemo')}
            </button>
            <p className="hint">{t('project.demoHint')}</p>
          </div>
        )
      )}
    </aside>
  );
}
