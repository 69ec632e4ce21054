/** The ten census steps as a rail; the current one is marked, Alt+1 … Alt+0 jump to them. */
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { STEPS, type StepId } from '../workflow/steps';

export function StepRail({ step, onStep }: { step: StepId; onStep(s: StepId): void }) {
  const { t } = useI18n();
  return (
    <nav className="steps" aria-label={t('steps.label')} data-testid="steps">
      {STEPS.map((s, i) => (
        <button
          key={s}
          type="button"
          className={s === step ? 'active' : ''}
          data-testid={`step-${s}`}
          aria-current={s === step ? 'step' : undefined}
          title={`${t(`step.${s}` as MessageKey)} (Alt+${(i + 1) % 10})`}
          onClick={() => onStep(s)}
        >
          <span className="num">{i + 1}</span>
          <span className="label">{t(`step.${s}` as MessageKey)}</span>
        </button>
      ))}
    </nav>
  );
}
