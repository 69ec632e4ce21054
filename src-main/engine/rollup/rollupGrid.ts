/**
 * The one grid a roll-up puts its counties on, and how each county is brought onto it.
 *
 * CRS: the one asked for; else the counties' common CRS; counties in different CRSs with none
 * asked for are refused (E_CRS_MISMATCH names them and suggests the CRS a project would take for
 * the area: the Gauss-Krüger zone of its centre on the first county's datum), never silently
 * reprojected. A CRS asked for must suit an analysis grid (projected, in metres). Cell size:
 * the one asked for; else the counties' common cell size, or the finest of them when they
 * differ. The grid covers every county's boundary and lies on the first county's cell lattice
 * when it shares that county's CRS and cell size, so neighbouring counties made on one lattice
 * (the default: origins on whole multiples of the cell size) are copied cell for cell.
 *
 * The resampling rule, recorded per county in the provenance:
 * - `copy`: the county's cells are the roll-up's (same CRS, cell size and lattice);
 * - `nearest` (grades, zones) / `bilinear` (index) / `nearest` (people, scaled by the cell
 *   areas): the roll-up's cells are less than 1.5 times the county's;
 * - `mode` (grades, zones) / `average` (index) / `sum` (people: the area-weighted mean times
 *   the ratio of the cell areas): coarser roll-up cells aggregate the county's cells under them.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import type { Extent } from '../../../src-shared/layer';
import { gridCrsProblem, suggestProjected } from '../crs/gridCrs';
import { baseGeographic, crsFromEpsg, transformer } from '../crs/registry';
import { featureExtent } from '../io/vectorMeta';
import type { GridSpec } from '../grid/gridSpec';
import { analysisGrid } from '../pipeline/run';
import { boundaryIn, type CountyResult } from './countyResult';

/** How one county's rasters are brought onto the roll-up grid. */
export type ResampleRule = 'copy' | 'point' | 'aggregate';

/** The methods a rule stands for, by raster (as grid/resample.ts names them). */
export const RULE_METHODS: Record<ResampleRule, { classes: 'nearest' | 'mode'; index: 'nearest' | 'bilinear' | 'average'; people: 'nearest' | 'average' }> = {
  copy: { classes: 'nearest', index: 'nearest', people: 'nearest' },
  point: { classes: 'nearest', index: 'bilinear', people: 'nearest' },
  aggregate: { classes: 'mode', index: 'average', people: 'average' },
};

/** Roll-up cells this many times a county's or larger aggregate that county's cells. */
const AGGREGATE_RATIO = 1.5;

/**
 * The roll-up's CRS: `requested`, else the counties' one. Errors: E_CRS_MISMATCH when the
 * counties differ and none is requested (naming two that differ, and suggesting
 * {@link suggestRollupCrs}); E_ARG_INVALID for a `requested` CRS an analysis grid cannot have
 * (geographic, not in metres, unknown: areas need metres).
 */
export function rollupCrs(counties: CountyResult[], requested?: number): number {
  if (requested !== undefined) {
    const problem = gridCrsProblem(requested);
    if (problem) throw new RiskAtlasError('E_ARG_INVALID', `roll-up CRS: ${problem} (e.g. a CGCS2000 Gauss-Krüger zone)`);
    return requested;
  }
  const first = counties[0]!;
  const other = counties.find((c) => c.grid.epsg !== first.grid.epsg);
  if (other) {
    const s = suggestRollupCrs(counties);
    throw new RiskAtlasError('E_CRS_MISMATCH', `${first.code} ${first.name} is in EPSG:${first.grid.epsg}, ${other.code} ${other.name} in EPSG:${other.grid.epsg}; for the whole area use e.g. EPSG:${s} (${crsFromEpsg(s).name}), the zone of its centre`, {
      params: { a: `EPSG:${first.grid.epsg}`, b: `EPSG:${other.grid.epsg}` },
    });
  }
  return first.grid.epsg;
}

/**
 * The CRS a project would take for the counties' area, as for a study area given in degrees:
 * the Transverse Mercator zone (Gauss-Krüger for CGCS2000) holding the centre of the counties'
 * extent, on the first county's datum (engine/crs/gridCrs.ts).
 */
export function suggestRollupCrs(counties: CountyResult[]): number {
  const first = counties[0]!;
  const ext = countiesExtent(counties, first.grid.epsg);
  const geographic = baseGeographic(first.grid.epsg) ?? 4490;
  const [lon, lat] = transformer(first.grid.epsg, geographic)((ext[0] + ext[2]) / 2, (ext[1] + ext[3]) / 2);
  return suggestProjected(geographic, lon, lat);
}

/** The extent of the counties' boundaries in `epsg`. */
function countiesExtent(counties: CountyResult[], epsg: number): Extent {
  const ext: Extent = [Infinity, Infinity, -Infinity, -Infinity];
  for (const c of counties) {
    const e = featureExtent(boundaryIn(c, epsg));
    if (!e) continue;
    ext[0] = Math.min(ext[0], e[0]);
    ext[1] = Math.min(ext[1], e[1]);
    ext[2] = Math.max(ext[2], e[2]);
    ext[3] = Math.max(ext[3], e[3]);
  }
  return ext;
}

/**
 * The roll-up grid in `epsg` with cells of `cellSize` metres (default: the counties' common
 * cell size, or the finest one), over the union of the county boundaries.
 */
export function rollupGrid(counties: CountyResult[], epsg: number, cellSize?: number): GridSpec {
  const size = cellSize ?? Math.min(...counties.map((c) => c.grid.cellSize));
  if (!(size > 0) || !Number.isFinite(size)) throw new RiskAtlasError('E_ARG_INVALID', `cell size must be a positive number of metres, got ${size}`);
  const ext = countiesExtent(counties, epsg);
  const first = counties[0]!;
  const snap: [number, number] = first.grid.epsg === epsg && first.grid.cellSize === size ? [first.grid.originX, first.grid.originY] : [0, 0];
  return analysisGrid(epsg, ext, size, snap);
}

/** True when `v` is a whole multiple of `step` (to a millimetre). */
const onLattice = (v: number, step: number): boolean => Math.abs(v / step - Math.round(v / step)) * step < 1e-3;

/** How a county comes onto the roll-up grid (see the module's comment). */
export function resampleRule(county: GridSpec, grid: GridSpec): ResampleRule {
  if (county.epsg === grid.epsg && county.cellSize === grid.cellSize && onLattice(county.originX - grid.originX, grid.cellSize) && onLattice(county.originY - grid.originY, grid.cellSize)) return 'copy';
  return grid.cellSize >= AGGREGATE_RATIO * county.cellSize ? 'aggregate' : 'point';
}
