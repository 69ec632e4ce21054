/**
 * The cell size of the analysis grid, with what it gives: the grid's width × height, the cells
 * inside the study area, and the memory a run of it takes (from the engine's plan).
 */
import type { WizardPlan } from '../../../src-main/api/contract';
import { useI18n } from '../i18n';

/** A count with thousands separators. */
const count = (n: number): string => n.toLocaleString('en-US');

/** Bytes as MB or GB. */
export function bytesText(b: number): string {
  return b >= 1024 ** 3 ? `${(b / 1024 ** 3).toFixed(1)} GB` : `${Math.max(1, Math.round(b / 1024 ** 2))} MB`;
}

export function GridSize({ plan, cellSize, onCellSize }: { plan: WizardPlan | null; cellSize: string; onCellSize(v: string): void }) {
  const { t, errorText } = useI18n();
  const g = plan?.grid;
  return (
    <div className="grid-size" data-testid="wizard-grid">
      <label>
        {t('wiz.cellSize')}
        <input type="number" min={1} step={1} value={cellSize} onChange={(e) => onCellSize(e.target.value)} data-testid="wizard-cell" style={{ maxWidth: 90 }} />
        {t('wiz.metres')}
      </label>
      {plan?.gridError && (
        <p className="warning" role="alert">
          {errorText(plan.gridError.code, plan.gridError.params)}
        </p>
      )}
      {g && (
        <p data-testid="wizard-grid-size">
          {t('wiz.gridSize', { w: count(g.width), h: count(g.height), n: count(g.cells) })}
          {g.studyCells !== null && t('wiz.gridInside', { n: count(g.studyCells) })}
        </p>
      )}
      {g && (
        <p className="hint" data-testid="wizard-grid-memory">
          {t('wiz.memory', { mem: bytesText(g.memoryBytes), disk: bytesText(g.tempDiskBytes), n: g.indicators })}
        </p>
      )}
    </div>
  );
}
