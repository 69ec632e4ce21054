/**
 * The roll-up's map sheets — the province's (or city's) 综合风险图 and 综合防治区划图 with every
 * county's boundary and name — drawn by engine/maps from the same layout and backends as a
 * county's sheets. A sheet shows at most a few thousand pixels across, so the grades and zones
 * are sampled onto a coarser grid as the tiles pass (every n-th cell of every n-th row, the
 * cell nearest the coarse cell's centre): the sheets need that, not the whole mosaic in memory.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { crsDisplayName } from '../crs/analysisCrs';
import { writeFileAtomic } from '../export/atomicFile';
import type { GradeClass } from '../classify/gradeStatistics';
import type { GridSpec } from '../grid/gridSpec';
import { composeSheet } from '../maps/compose';
import { sceneToPdf } from '../maps/pdfBackend';
import { sceneToImage } from '../maps/rasterBackend';
import { defaultLayoutFor, sheetFileName } from '../maps/render';
import type { SheetKind } from '../maps/layout';
import type { SheetRun } from '../maps/sheetData';
import { formatValue, type Thematic } from '../maps/thematic';
import { ZONE_COLORS } from '../maps/sheetData';
import type { ModelDocument } from '../model/document';
import type { Tile } from '../pipeline/tiling';

/** Coarse cells across the longer side of the sheet grid at most (an A0 map frame at 300 dpi is about 12,000 px; A3 about 4,500). */
export const SHEET_GRID_CELLS = 6000;

/** Samples the grades and zones of the tiles onto the sheets' grid. */
export class SheetSampler {
  readonly grid: GridSpec;
  readonly step: number;
  readonly grades: Uint8Array;
  readonly zones: Uint8Array;

  constructor(full: GridSpec, maxCells = SHEET_GRID_CELLS) {
    this.step = Math.max(1, Math.ceil(Math.max(full.width, full.height) / maxCells));
    this.grid = { ...full, cellSize: full.cellSize * this.step, width: Math.ceil(full.width / this.step), height: Math.ceil(full.height / this.step) };
    this.grades = new Uint8Array(this.grid.width * this.grid.height);
    this.zones = new Uint8Array(this.grid.width * this.grid.height);
  }

  /** Take the sampled cells of one tile from `values` (tile-sized, row-major) into `target`. */
  private take(t: Tile, values: ArrayLike<number>, target: Uint8Array): void {
    const s = this.step;
    const half = Math.floor(s / 2);
    const lastRow = Math.min(this.grid.height, Math.ceil((t.row0 + t.height - half) / s));
    const lastCol = Math.min(this.grid.width, Math.ceil((t.col0 + t.width - half) / s));
    for (let cr = Math.ceil((t.row0 - half) / s); cr < lastRow; cr++) {
      const r = cr * s + half - t.row0;
      if (r < 0 || r >= t.height) continue;
      for (let cc = Math.ceil((t.col0 - half) / s); cc < lastCol; cc++) {
        const c = cc * s + half - t.col0;
        if (c >= 0 && c < t.width) target[cr * this.grid.width + cc] = values[r * t.width + c]!;
      }
    }
  }

  addGrades(t: Tile, grades: ArrayLike<number>): void {
    this.take(t, grades, this.grades);
  }

  addZones(t: Tile, zones: ArrayLike<number>): void {
    this.take(t, zones, this.zones);
  }
}

/** What the roll-up's sheets show besides the sampled grids. */
export interface RollupSheetInput {
  /** The province's or city's name: the sheets' titles start with it. */
  areaName: string;
  /** County polygons in the roll-up CRS, with XZQDM/XZQMC (the boundaries and the names drawn). */
  counties: FeatureCollection;
  /** Grade names and colours, highest risk first. */
  classNames: string[];
  classColors: string[];
  /** Index breaks of the roll-up's grades (ascending) when they are one set (re-derived, or every county the same); else no value ranges in the legend. */
  breaks?: number[];
  /** Zone names when the counties zoned. */
  zoneNames?: string[];
  /** A county's model: the sheet's run needs a model document (its indicators are not drawn). */
  model: ModelDocument;
  software: string;
  /** 制图时间 as printed (e.g. 2026年11月). */
  date: string;
  /** PNG resolution (the PDF is vector; its class image uses it too). */
  dpi: number;
}

/**
 * Draw the 综合风险图 (and with zones the 综合防治区划图) as PDF and PNG into `<dir>/maps/`.
 * Returns the files written, relative to `dir`.
 */
export async function writeRollupSheets(dir: string, sampler: SheetSampler, input: RollupSheetInput): Promise<string[]> {
  const k = input.classNames.length;
  const classes: GradeClass[] = input.classNames.map((name, i) => ({ grade: i + 1, name, color: input.classColors[i]!, min: input.breaks?.[k - i - 1] ?? NaN, max: input.breaks?.[k - i] ?? NaN, cells: 0, areaKm2: 0, sharePct: 0 }));
  const run: SheetRun = {
    outDir: dir,
    modelPath: '',
    // No indicator sheet is drawn from a roll-up, so the model's layers are never read.
    modelDir: dir,
    model: input.model,
    areaName: input.areaName,
    // The province's (or city's) own bureau, not the first county's compiler.
    compiler: `${input.areaName}应急管理局`,
    crsNote: `坐标系：${crsDisplayName(sampler.grid.epsg, 'zh')}`,
    grid: sampler.grid,
    grade: sampler.grades,
    classes,
    breaks: input.breaks ?? [],
    ...(input.zoneNames ? { zoning: sampler.zones } : {}),
    zoneNames: input.zoneNames ?? [],
    // Every county's boundary is drawn as a county boundary, and named like a township would be.
    county: input.counties,
    townships: input.counties,
    hazards: [],
    sources: [`各县（市、区）自然灾害综合风险评估成果（${input.counties.features.length} 个）`],
    software: input.software,
  };
  const thematics: [SheetKind, Thematic][] = [
    ['riskGrade', { cells: sampler.grades, classes: classes.map((c) => ({ name: c.name, color: c.color, ...(input.breaks ? { range: `${formatValue(c.min)}–${formatValue(c.max)}` } : {}) })), heading: '综合风险等级' }],
  ];
  if (input.zoneNames) thematics.push(['zoning', { cells: sampler.zones, classes: input.zoneNames.map((name, i) => ({ name, color: ZONE_COLORS[i] ?? '#CCCCCC' })), heading: '防治区类型' }]);
  await mkdir(join(dir, 'maps'), { recursive: true });
  const written: string[] = [];
  for (const [kind, th] of thematics) {
    const layout = defaultLayoutFor(kind, run, { date: input.date });
    layout.dpi = input.dpi;
    // The county lines are drawn as county boundaries already; no township lines, rivers or seats.
    layout.show = { townships: false, townshipNames: true, rivers: false, seats: false };
    const scene = composeSheet(layout, run, th);
    const name = sheetFileName(layout.texts.title);
    await writeFileAtomic(join(dir, 'maps', `${name}.pdf`), await sceneToPdf(scene, layout.texts.title));
    await writeFileAtomic(join(dir, 'maps', `${name}.png`), await sceneToImage(scene, 'png', layout.dpi));
    written.push(`maps/${name}.pdf`, `maps/${name}.png`);
  }
  return written;
}
