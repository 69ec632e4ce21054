/**
 * The analysis CRS of a new project: the engine's suggestion for where the study area lies
 * (the CGCS2000 3° Gauss-Krüger zone of its centre, zone-prefixed like the data; UTM outside
 * China) with its reason, the alternatives, or any projected CRS the user types — checked by
 * the engine, a refusal shown with its reason and the suggestion, in the UI's language.
 */
import type { WizardPlan } from '../../../src-main/api/contract';
import { useI18n } from '../i18n';

/** What the user chose: the suggestion, one of the alternatives, or a typed code. */
export type CrsChoice = { kind: 'suggested' } | { kind: 'code'; epsg: number } | { kind: 'typed'; text: string };

/** The EPSG code a choice asks the plan for (undefined: the suggestion; NaN for typed text that is no code). */
export function epsgOfChoice(c: CrsChoice): number | undefined {
  if (c.kind === 'suggested') return undefined;
  if (c.kind === 'code') return c.epsg;
  const m = /^\s*(?:EPSG:)?(\d{4,6})\s*$/i.exec(c.text);
  return m ? Number(m[1]) : NaN;
}

export function CrsChooser({ plan, choice, onChange }: { plan: WizardPlan | null; choice: CrsChoice; onChange(c: CrsChoice): void }) {
  const { t, lang, errorText } = useI18n();
  const s = plan?.suggestion;
  if (!s) return <p className="hint">{t('wiz.crsNeedsStudy')}</p>;
  const typed = choice.kind === 'typed';
  const typedCode = epsgOfChoice(choice);
  return (
    <div className="crs-chooser" data-testid="wizard-crs">
      <label className="check">
        <input type="radio" checked={choice.kind === 'suggested'} onChange={() => onChange({ kind: 'suggested' })} data-testid="wizard-crs-suggested" />
        <span>
          {t('wiz.crsSuggested')} <strong data-testid="wizard-crs-suggestion">EPSG:{s.epsg}</strong> {s.name}
        </span>
      </label>
      <p className="hint" data-testid="wizard-crs-reason">
        {s.reason[lang]}
      </p>
      {s.alternatives.map((a) => (
        <label key={a.epsg} className="check">
          <input type="radio" checked={choice.kind === 'code' && choice.epsg === a.epsg} onChange={() => onChange({ kind: 'code', epsg: a.epsg })} data-testid={`wizard-crs-alt-${a.epsg}`} />
          EPSG:{a.epsg} {a.name}
        </label>
      ))}
      <label className="check">
        <input type="radio" checked={typed} onChange={() => onChange({ kind: 'typed', text: '' })} data-testid="wizard-crs-other" />
        {t('wiz.crsOther')}
        <input
          value={typed ? choice.text : ''}
          placeholder="EPSG:4549"
          style={{ width: 110 }}
          data-testid="wizard-crs-input"
          onFocus={() => !typed && onChange({ kind: 'typed', text: '' })}
          onChange={(e) => onChange({ kind: 'typed', text: e.target.value })}
        />
      </label>
      {typed && choice.text.trim() !== '' && Number.isNaN(typedCode) && <p className="warning">{t('wiz.crsNotCode')}</p>}
      {plan.crsError ? (
        <p className="warning" role="alert" data-testid="wizard-crs-error">
          {errorText(plan.crsError.code, plan.crsError.params)}
        </p>
      ) : (
        plan.crs &&
        (typedCode === undefined || plan.crs.epsg === typedCode) && (
          <p data-testid="wizard-crs-chosen">
            {t('wiz.crsChosen')} EPSG:{plan.crs.epsg} {lang === 'zh' ? (plan.crs.nameZh ?? plan.crs.name) : plan.crs.name}
          </p>
        )
      )}
    </div>
  );
}
