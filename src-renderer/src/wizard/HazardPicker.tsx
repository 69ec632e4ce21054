/**
 * The hazards present in the county, from the census templates (one per hazard), and what
 * choosing them gives: each slot of their indicator systems bound to an imported layer where
 * the catalogue is sure (with the attribute that matched), or open — work to do in the
 * indicator builder — with the reason, in the UI's language.
 */
import type { SlotPlan, WizardPlan } from '../../../src-main/api/contract';
import { useI18n } from '../i18n';

export function HazardPicker({ plan, hazards, onChange }: { plan: WizardPlan | null; hazards: string[]; onChange(ids: string[]): void }) {
  const { t, lang } = useI18n();
  if (!plan) return <p className="hint">{t('wiz.crsNeedsStudy')}</p>;
  const toggle = (id: string, on: boolean): void => onChange(on ? [...hazards, id] : hazards.filter((h) => h !== id));
  const bound = plan.slots.filter((s) => s.layer);
  const open = plan.slots.filter((s) => !s.layer);
  const row = (s: SlotPlan) => (
    <li key={s.id} data-testid={`wizard-slot-${s.id}`} title={s.reason[lang]}>
      <strong>{s.component}</strong> {s.name[lang]}
      {s.layer ? ` ← ${s.layer}${s.field ? ` (${s.field})` : ''}` : ''}
      <div className="hint">{s.reason[lang]}</div>
    </li>
  );
  return (
    <div className="hazard-picker" data-testid="wizard-hazards">
      {plan.templates.map((tp) => (
        <label key={tp.id} className="check" title={tp.description[lang]}>
          <input type="checkbox" checked={hazards.includes(tp.id)} onChange={(e) => toggle(tp.id, e.target.checked)} data-testid={`wizard-hazard-${tp.id}`} />
          {tp.name[lang]}
        </label>
      ))}
      {hazards.length === 0 && <p className="hint">{t('wiz.noHazards')}</p>}
      {bound.length > 0 && (
        <>
          <h4>{t('wiz.slotsBound', { n: bound.length })}</h4>
          <ul className="slots">{bound.map(row)}</ul>
        </>
      )}
      {open.length > 0 && (
        <>
          <h4>{t('wiz.slotsOpen', { n: open.length })}</h4>
          <ul className="slots open">{open.map(row)}</ul>
        </>
      )}
    </div>
  );
}
