/**
 * Prevention zoning, when the model asks for it, on the whole-grid arrays the index and
 * grading passes gathered: capacity grades (quantile classes of the capacity component)
 * crossed with the risk grades through the zone matrix, generalised into zone polygons named
 * by their leading hazard and township (zoning/zones.ts).
 */
import { RiskAtlasError } from '../../../../src-shared/errors';
import { DEFAULT_ZONE_MATRIX, ZONE_NAMES } from '../../../../src-shared/zoneMatrix';
import { breaksOfDistribution } from '../../classify/breaks';
import { capacityGrades, computeZoning, type ZoningResult } from '../../zoning/zones';
import type { RunContext } from '../setup';
import type { IndexClasses } from './classBreaks';
import type { GradesPass } from './grades';
import type { IndexPass } from './riskIndex';

/**
 * The run's zoning, or undefined when the model has none.
 * @throws RiskAtlasError E_ALL_NODATA when the capacity component has no valid cell.
 */
export function zoningOf(run: RunContext, index: IndexPass, classes: IndexClasses, graded: GradesPass): ZoningResult | undefined {
  const { doc, grid, units: unitData } = run;
  const zoningSpec = doc.zoning;
  let zoning: ZoningResult | undefined;
  if (zoningSpec) {
    const { capacity, capacityDist, contributions } = index.zoning!;
    // Past a million distinct values the distribution needs a histogram pass; the capacity
    // component is held whole here, so that pass is one loop over it.
    if (capacityDist.needsHistogram) capacityDist.addHistogram(capacity);
    const capDist = capacityDist.finish();
    if (!capDist) throw new RiskAtlasError('E_ALL_NODATA', `zoning: the capacity component ${zoningSpec.capacity} has no valid cell`);
    // Capacity grades are quantile classes (grade 1 = weakest capacity).
    const capacityBreaks = breaksOfDistribution('quantile', capDist, zoningSpec.capacityClasses);
    // Excluded land keeps no zone: only graded (1…k) cells are zoned.
    const { restricted, k } = classes;
    const zoneGrades = restricted ? graded.grades!.map((g) => (g > k ? 0 : g)) : graded.grades!;
    const { population, unitGrid } = graded;
    zoning = computeZoning({
      grid,
      grades: zoneGrades,
      capacityGrades: capacityGrades(capacity, capacityBreaks),
      capacityBreaks,
      matrix: zoningSpec.matrix ?? DEFAULT_ZONE_MATRIX,
      names: zoningSpec.names ?? ZONE_NAMES,
      ...(zoningSpec.majority ? { majority: zoningSpec.majority } : {}),
      ...(zoningSpec.minAreaKm2 ? { minAreaKm2: zoningSpec.minAreaKm2 } : {}),
      ...(population ? { population } : {}),
      hazards: [...contributions].map(([label, g]) => ({ label, grid: g })),
      ...(unitData && unitGrid ? { units: { units: unitGrid, info: unitData.info } } : {}),
    });
  }
  run.report('zoning', 0.9);
  return zoning;
}
