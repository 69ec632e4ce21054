/**
 * QC of a raster's cells: how much has no data (inside the study area on the analysis grid, or
 * over the raster's own cells when there is no study area or no usable CRS), PGA values out of
 * range, and fill values (−9999, −3.4e38…) in a raster that declares no nodata. Read in strips or
 * on the grid, so a large raster is never held whole.
 */
import type { RasterSource } from '../../../src-shared/layer';
import { alignRaster } from '../grid/resample';
import { cellCentre, type GridSpec } from '../grid/gridSpec';
import { finding, say, type Finding } from './rules';

/** Raster nodata share above this inside the study area is a finding. */
export const NODATA_SHARE_LIMIT = 0.05;

/** Rows read at a time when a raster is checked on its own grid. */
const ROWS_PER_READ = 256;

/** Values writers use for "no data" — taken as data when the file does not declare them. */
const isFillLike = (v: number): boolean => v === -9999 || v === -32768 || v === -32767 || v <= -1e30 || v >= 1e30;

/** Nodata share, where the gap lies, PGA values out of range and fill-like values, accumulated over cells. */
class RasterTally {
  inside = 0;
  missing = 0;
  outOfRange = 0;
  fillLike = 0;
  fillValue = NaN;
  private sx = 0;
  private sy = 0;
  constructor(
    private readonly isPga: boolean,
    private readonly nodataDeclared: boolean,
  ) {}
  add(v: number, x: number, y: number): void {
    this.inside++;
    if (Number.isNaN(v)) {
      this.missing++;
      this.sx += x;
      this.sy += y;
      return;
    }
    if (!this.nodataDeclared && isFillLike(v)) {
      this.fillLike++;
      this.fillValue = v;
    }
    if (this.isPga && (v < 0 || v > 2)) this.outOfRange++;
  }
  /** The centroid of the cells without data: where the UI zooms to. */
  gapCentre(): [number, number] {
    return [this.sx / this.missing, this.sy / this.missing];
  }
}

/** Where a raster is checked: on the study area's cells of the analysis grid, or (null) over its own cells. */
export interface StudyCells {
  grid: GridSpec;
  mask: Uint8Array;
}

/**
 * Cell findings for raster `name`: RAS-01 (more than {@link NODATA_SHARE_LIMIT} without data),
 * EXT-01 (no data anywhere in the study area) — or RAS-02 when an indicator reads it (`band`):
 * the run then refuses with E_ALL_NODATA —, RNG-01 (PGA outside 0–2 g), RAS-03 (fill values, no nodata declared).
 * @param study the study area on the analysis grid; null to check the raster's own cells (no CRS needed).
 */
export async function checkRasterCells(name: string, src: RasterSource, study: StudyCells | null, opts: { isPga: boolean; band?: number }): Promise<Finding[]> {
  const tally = new RasterTally(opts.isPga, src.meta.nodata !== null);
  const band = opts.band ?? 1;
  if (study) {
    const { grid, mask } = study;
    const values = await alignRaster(src, grid, 'nearest', band);
    values.forEach((v, i) => {
      if (!mask[i]) return;
      const [x, y] = cellCentre(grid, i % grid.width, Math.floor(i / grid.width));
      tally.add(v, x, y);
    });
  } else {
    const { width, height, nodata, geoTransform: gt } = src.meta;
    for (let row = 0; row < height; row += ROWS_PER_READ) {
      const rows = Math.min(ROWS_PER_READ, height - row);
      const strip = await src.readWindow(0, row, width, rows, band - 1);
      strip.forEach((v, i) => {
        const c = i % width;
        const r = row + Math.floor(i / width);
        tally.add(v === nodata || Number.isNaN(v) ? NaN : v, gt[0] + (c + 0.5) * gt[1] + (r + 0.5) * gt[2], gt[3] + (c + 0.5) * gt[4] + (r + 0.5) * gt[5]);
      });
    }
  }
  const out: Finding[] = [];
  if (tally.inside && tally.missing / tally.inside > NODATA_SHARE_LIMIT) {
    const pct = ((tally.missing / tally.inside) * 100).toFixed(1);
    const text = study ? say(`${pct} % of the study area has no data`, `研究区内 ${pct}% 的范围无数据`) : say(`${pct} % of the raster has no data`, `栅格 ${pct}% 的范围无数据`);
    const all = tally.missing === tally.inside && study;
    const rule = all ? (opts.band !== undefined ? 'RAS-02' : 'EXT-01') : 'RAS-01';
    out.push(finding(rule, name, text, { at: tally.gapCentre() }));
  }
  if (tally.outOfRange) out.push(finding('RNG-01', name, say(`${tally.outOfRange} cells with PGA outside 0–2 g`, `${tally.outOfRange} 个像元的地震动峰值加速度超出 0–2 g`)));
  if (tally.fillLike) {
    const v = tally.fillValue;
    out.push(finding('RAS-03', name, say(`no nodata value is declared and ${tally.fillLike} cells hold ${v}, which is taken as data; declare the nodata value`, `未声明无数据值，${tally.fillLike} 个像元的值为 ${v}，将被当作有效数据；请声明无数据值`)));
  }
  return out;
}
