/**
 * What a run would refuse for an indicator (errors) and what its grid says (warnings: all one
 * value, all nodata), in the UI's language — each message names the layer and the field.
 */
import type { IndicatorProblem } from '../../../src-shared/indicatorProblems';
import { useI18n } from '../i18n';

export function ProblemList({ problems, testId }: { problems: readonly IndicatorProblem[]; testId: string }) {
  const { lang } = useI18n();
  if (problems.length === 0) return null;
  return (
    <ul className="problems" data-testid={testId}>
      {problems.map((p, i) => (
        <li key={`${p.code}-${i}`} className={p.severity === 'error' ? 'error' : 'warning'} data-code={p.code} role={p.severity === 'error' ? 'alert' : undefined}>
          {p.severity === 'error' ? '✖ ' : '⚠ '}
          {p.message[lang]}
        </li>
      ))}
    </ul>
  );
}
