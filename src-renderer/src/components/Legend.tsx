/** The legend of the result the map shows: colour, class name, value range (graded classes), area and share. */
import { useI18n } from '../i18n';
import type { ResultDisplay } from '../lib/stepDisplay';

export function Legend({ display }: { display: ResultDisplay }) {
  const { t } = useI18n();
  return (
    <div className="legend" data-testid="legend" data-layer={display.layerId}>
      <h4>{t(display.title)}</h4>
      <table>
        <tbody>
          {display.rows.map((c) => (
            <tr key={c.value} data-testid={`legend-${c.value}`}>
              <td>
                <span className="swatch" style={{ background: c.color }} />
              </td>
              <td className="name">{c.name}</td>
              <td className="range">{c.range ?? ''}</td>
              <td className="num">{c.areaKm2.toFixed(1)} km²</td>
              <td className="num">{c.sharePct.toFixed(1)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
