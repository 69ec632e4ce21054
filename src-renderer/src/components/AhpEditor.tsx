/**
 * The AHP pairwise matrix editor: the upper triangle is chosen on Saaty's 1–9 scale, the
 * lower triangle follows as reciprocals; the weights, λmax, CI and CR are computed live by
 * the engine's own AHP (`src-shared/ahp.ts`), with a warning when CR ≥ 0.10.
 */
import { useMemo } from 'react';
import { ahpWeights, CR_LIMIT } from '../../../src-shared/ahp';
import { SAATY_VALUES, saatyLabel, setJudgement, nearestSaaty } from '../lib/ahpEdit';
import { useI18n } from '../i18n';

export interface AhpEditorProps {
  /** Row/column names, in matrix order. */
  labels: string[];
  matrix: number[][];
  onChange(m: number[][]): void;
}

export function AhpEditor({ labels, matrix, onChange }: AhpEditorProps) {
  const { t } = useI18n();
  const result = useMemo(() => {
    try {
      return ahpWeights(matrix);
    } catch {
      return null;
    }
  }, [matrix]);
  const n = matrix.length;
  return (
    <div className="ahp" data-testid="ahp">
      <div className="ahp-scroll">
        <table className="ahp-matrix">
          <thead>
            <tr>
              <th />
              {labels.map((l, j) => (
                <th key={l} title={l}>
                  {j + 1}
                </th>
              ))}
              <th>{t('weights.weight')}</th>
            </tr>
          </thead>
          <tbody>
            {matrix.map((row, i) => (
              <tr key={i}>
                <th title={labels[i]}>{i + 1}</th>
                {row.map((v, j) => (
                  <td key={j} className={i === j ? 'diag' : i > j ? 'lower' : ''}>
                    {i < j ? (
                      <select
                        value={String(nearestSaaty(v))}
                        aria-label={`${labels[i]} : ${labels[j]}`}
                        data-testid={`ahp-${i}-${j}`}
                        onChange={(e) => onChange(setJudgement(matrix, i, j, Number(e.target.value)))}
                      >
                        {SAATY_VALUES.map((s) => (
                          <option key={s} value={String(s)}>
                            {saatyLabel(s)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span>{i === j ? '1' : saatyLabel(nearestSaaty(v))}</span>
                    )}
                  </td>
                ))}
                <td className="num" data-testid={`ahp-w-${i}`}>
                  {result ? result.weights[i]!.toFixed(4) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ol className="ahp-labels">
        {labels.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ol>
      {result && (
        <p className={`ahp-stats ${result.consistent ? 'ok' : 'warn'}`} data-testid="ahp-stats" data-cr={result.cr}>
          λmax = {result.lambdaMax.toFixed(4)} · CI = {result.ci.toFixed(4)} · <strong data-testid="ahp-cr">CR = {result.cr.toFixed(4)}</strong>
          {n > 2 && !result.consistent && (
            <span className="warning" role="alert" data-testid="ahp-warning">
              {' '}
              {t('weights.crWarning', { limit: CR_LIMIT.toFixed(2) })}
            </span>
          )}
        </p>
      )}
    </div>
  );
}
