/** The legend of the risk grade layer: colour, class name, value range, area and share. */
import type { GradeClass } from '../../../src-main/api/contract';
import { useI18n } from '../i18n';

export function Legend({ classes }: { classes: GradeClass[] }) {
  const { t } = useI18n();
  return (
    <div className="legend" data-testid="legend">
      <h4>{t('legend.title')}</h4>
      <table>
        <tbody>
          {classes.map((c) => (
            <tr key={c.grade} data-testid={`legend-${c.grade}`}>
              <td>
                <span className="swatch" style={{ background: c.color }} />
              </td>
              <td className="name">{c.name}</td>
              <td className="range">
                {c.min.toFixed(3)}–{c.max.toFixed(3)}
              </td>
              <td className="num">{c.areaKm2.toFixed(1)} km²</td>
              <td className="num">{c.sharePct.toFixed(1)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
