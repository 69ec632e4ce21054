/** The current step's panel beside the map; without a project, the start page (`start`). */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { PanelFor } from '../panels';
import type { StepId } from '../workflow/steps';

export interface StepPanelProps {
  step: StepId;
  hasProject: boolean;
  /** While the open project is not known yet, the panel stays empty. */
  loading: boolean;
  /** What shows without a project: new project, the demo, the workspace's projects. */
  start: ReactNode;
}

export function StepPanel({ step, hasProject, loading, start }: StepPanelProps) {
  const { t } = useI18n();
  return (
    <aside className="panel" data-testid={`panel-${step}`}>
      <h2 className="panel-title">{t(`step.${step}` as MessageKey)}</h2>
      {hasProject ? (
        <PanelFor step={step} />
      ) : (
        !loading && start
      )}
    </aside>
  );
}
