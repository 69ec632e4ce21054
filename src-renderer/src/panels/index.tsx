/** The panel of each workflow step. */
import type { StepId } from '../workflow/steps';
import { DataPanel } from './DataPanel';
import { QcPanel } from './QcPanel';
import { IndicatorsPanel } from './IndicatorsPanel';
import { WeightsPanel } from './WeightsPanel';
import { RiskPanel } from './RiskPanel';
import { ClassesPanel } from './ClassesPanel';
import { ZoningPanel } from './ZoningPanel';
import { MapsPanel } from './MapsPanel';
import { ExportPanel } from './ExportPanel';
import { ReviewPanel } from './ReviewPanel';

const PANELS: Record<StepId, () => React.JSX.Element> = {
  data: DataPanel,
  qc: QcPanel,
  indicators: IndicatorsPanel,
  weights: WeightsPanel,
  risk: RiskPanel,
  classes: ClassesPanel,
  zoning: ZoningPanel,
  maps: MapsPanel,
  export: ExportPanel,
  review: ReviewPanel,
};

export function PanelFor({ step }: { step: StepId }) {
  const Panel = PANELS[step];
  return <Panel />;
}
