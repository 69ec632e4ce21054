/**
 * Step 4, Weights: per component (H, E, V, C) the weighting method — AHP with the pairwise
 * matrix editor (live weights and CR), entropy (weights computed from the data by the
 * engine), combined, or expert weights. Every change is a model edit through the API
 * (undoable); the AHP matrix shows its CR before and while it is saved.
 */
import { useEffect, useState } from 'react';
import { COMPONENTS, componentIndicators, isMethodSpec, type Component, type ComponentSpec } from '../../../src-shared/model';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';
import { useAction } from '../hooks/useAction';
import { AhpEditor } from '../components/AhpEditor';
import { call } from '../api/client';
import { indicatorLabel, methodOf, normaliseWeights, switchMethod, withComponent, type WeightMethod } from '../lib/modelEdit';

const METHODS: WeightMethod[] = ['ahp', 'entropy', 'combined', 'expert'];

export function WeightsPanel() {
  const { t } = useI18n();
  const { model, fail } = useWorkspace();
  const act = useAction(fail);
  const doc = model.doc;
  const present = doc ? COMPONENTS.filter((c) => doc.components[c]) : [];
  const [comp, setComp] = useState<Component>('H');
  const [entropy, setEntropy] = useState<Record<string, number> | null>(null);
  const [draft, setDraft] = useState<Record<string, number> | null>(null);
  const active: Component = present.includes(comp) ? comp : (present[0] ?? 'H');
  const spec: ComponentSpec | undefined = doc?.components[active];
  useEffect(() => {
    setEntropy(null);
    setDraft(null);
  }, [active, model.state?.revision]);

  if (!doc) return <p className="hint">{t('model.loading')}</p>;
  if (!spec) return <p className="hint">{t('weights.noComponents')}</p>;
  const indicators = componentIndicators(spec);
  const labels = indicators.map((id) => indicatorLabel(doc, id));
  const method = methodOf(spec);
  const save = (s: ComponentSpec): void => void model.update(withComponent(doc, active, s));

  const runEntropy = (): Promise<void> => act(async () => setEntropy((await call('weights.entropy', { indicators })).weights));

  return (
    <div className="weights-panel">
      <div className="tabs" role="tablist">
        {present.map((c) => (
          <button key={c} type="button" role="tab" aria-selected={c === active} className={c === active ? 'active' : ''} data-testid={`comp-${c}`} onClick={() => setComp(c)}>
            {t(`comp.${c}` as MessageKey)}
          </button>
        ))}
      </div>
      <label>
        {t('weights.method')}
        <select value={method} data-testid="weights-method" onChange={(e) => save(switchMethod(spec, e.target.value as WeightMethod))}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`weights.m.${m}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      {isMethodSpec(spec) && (spec.method === 'ahp' || spec.method === 'combined') && (
        <>
          <p className="hint">{t('weights.ahpHint')}</p>
          <AhpEditor labels={labels} matrix={spec.matrix} onChange={(matrix) => save({ ...spec, matrix })} />
        </>
      )}
      {isMethodSpec(spec) && spec.method === 'combined' && (
        <label>
          α（AHP）
          <input type="number" min={0} max={1} step={0.05} value={spec.alpha} onChange={(e) => save({ ...spec, alpha: Math.min(1, Math.max(0, Number(e.target.value))) })} />
        </label>
      )}
      {isMethodSpec(spec) && (spec.method === 'entropy' || spec.method === 'combined') && (
        <div className="entropy">
          <button type="button" data-testid="entropy-run" onClick={() => void runEntropy()}>
            {t('weights.entropyRun')}
          </button>
          {entropy && (
            <table data-testid="entropy-weights">
              <tbody>
                {indicators.map((id, i) => (
                  <tr key={id}>
                    <th>{labels[i]}</th>
                    <td className="num">{entropy[id]?.toFixed(4)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {!isMethodSpec(spec) && (
        <div className="expert" data-testid="expert-weights">
          <table>
            <tbody>
              {indicators.map((id, i) => (
                <tr key={id}>
                  <th>{labels[i]}</th>
                  <td>
                    <input
                      type="number"
                      min={0}
                      max={1}
                      step={0.01}
                      value={(draft ?? spec)[id] ?? 0}
                      onChange={(e) => setDraft({ ...(draft ?? spec), [id]: Number(e.target.value) })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">
            Σ = {indicators.reduce((s, id) => s + ((draft ?? spec)[id] ?? 0), 0).toFixed(4)} · {t('weights.expertHint')}
          </p>
          <button type="button" disabled={!draft} onClick={() => draft && save(normaliseWeights(draft))}>
            {t('weights.apply')}
          </button>
        </div>
      )}
    </div>
  );
}
