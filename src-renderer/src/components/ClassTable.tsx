/** The classes of a result — a run's or a live edit's — by grade, the highest first: colour, name, index range, cells and area. */
import type { GradeClass } from '../../../src-main/api/contract';
import { useI18n } from '../i18n';

export function ClassTable({ classes, testId = 'class-table' }: { classes: GradeClass[]; testId?: string }) {
  const { t } = useI18n();
  return (
    <table className="class-table" data-testid={testId}>
      <thead>
        <tr>
          <th />
          <th>{t('classes.name')}</th>
          <th>{t('classes.range')}</th>
          <th>{t('classes.cells')}</th>
          <th>km²</th>
        </tr>
      </thead>
      <tbody>
        {classes.map((c) => (
          <tr key={c.grade} data-testid={`${testId}-${c.grade}`} data-cells={c.cells}>
            <td>
              <span className="swatch" style={{ background: c.color }} />
            </td>
            <td>{c.name}</td>
            <td className="num">
              {c.min.toFixed(4)}–{c.max.toFixed(4)}
            </td>
            <td className="num">{c.cells}</td>
            <td className="num">{c.areaKm2.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
