/**
 * The contract's part for map sheets (the layout designer) and the deliverable package. A
 * layout is the versioned document of engine/maps/layout.ts: paper, orientation, scale, dpi,
 * texts, element boxes in mm.
 */
import { z } from 'zod';
import { layoutSchema, PACKAGE_MAPS, PAPER_MM, SHEET_KINDS, type Paper, type SheetKind, type SheetLayout } from '../../engine/maps/layout';
import type { PackageFile } from '../../../src-shared/deliverable';
import type { PlacementReport } from '../../engine/maps/placementReport';
import { empty } from '../schemas';

export type { SheetLayout, SheetKind, Paper, PackageMap } from '../../engine/maps/layout';
export type { PackageFile } from '../../../src-shared/deliverable';
export type { PlacementReport } from '../../engine/maps/placementReport';

/** One sheet of the series a run can give: pass `kind` and `layer` to `sheet.layout`. */
export interface SheetCatalogEntry {
  kind: SheetKind;
  /** Hazard id (`hazardRisk`) or indicator id (`hazard`, `exposure`). */
  layer?: string;
  /** The default title, e.g. 黄河示范县洪水风险等级图. */
  title: string;
  /** Whether the project keeps an edited layout of this sheet (the package draws that one). */
  customised: boolean;
}

/** A rendered preview of a sheet. */
export interface SheetPreview {
  /** `data:image/png;base64,…` of the whole sheet. */
  dataUrl: string;
  widthPx: number;
  heightPx: number;
  /** Paper size in mm (for mapping pointer positions back onto element boxes). */
  widthMm: number;
  heightMm: number;
  /** The map's scale denominator actually used (the fitted one when `scale.mode` is 'fit'). */
  denominator: number;
  /** Labels dropped for want of room, texts that overflow their box, element boxes that overlap. */
  placement: PlacementReport;
  overlaps: [string, string][];
}

/** A sheet written to disk. */
export interface SheetExport {
  /** Absolute path of the written file. */
  path: string;
  format: 'pdf' | 'png' | 'jpg';
  bytes: number;
  /** The file as a data URL, when `inline` was asked. */
  dataUrl?: string;
}

const paper = z.enum(Object.keys(PAPER_MM) as [Paper, ...Paper[]]);
const orientation = z.enum(['portrait', 'landscape']);

export const sheetsArgs = {
  /** The sheets of the series the last run can give (kind, hazard/indicator id, default title). */
  'sheet.catalog': empty,
  /**
   * The layout of a sheet of the series for the last run: the project's edited one when it has
   * one and neither `paper` nor `orientation` is given, else the default (for that paper).
   * `kind` riskGrade (综合风险图), zoning (综合防治区划图), hazardRisk (with `layer` = a hazard id),
   * hazard / exposure (with `layer` = an indicator id of the model).
   */
  'sheet.layout': z
    .object({
      kind: z.enum(SHEET_KINDS),
      layer: z.string().min(1).max(200).optional(),
      paper: paper.optional(),
      orientation: orientation.optional(),
    })
    .strict(),
  /** Keep `layout` in the project as its sheet's edited layout (an unsaved change until 保存). */
  'sheet.saveLayout': z.object({ layout: layoutSchema }).strict(),
  /** Forget a sheet's edited layout; returns the default layout. */
  'sheet.resetLayout': z.object({ kind: z.enum(SHEET_KINDS), layer: z.string().min(1).max(200).optional() }).strict(),
  /** Render `layout` for the last run as a PNG data URL at `dpi` (default 72) for the live preview. */
  'sheet.preview': z.object({ layout: layoutSchema, dpi: z.number().int().min(20).max(150).optional() }).strict(),
  /**
   * Render `layout` for the last run and write it into the run's folder under the sheet's own name
   * (`maps/<default title>[_<layer>].<format>`, the name the package gives it): vector PDF, or PNG/JPG
   * at `dpi` (default: the layout's, 300). The layout is kept as the sheet's edited layout. `inline`
   * also returns the file as a data URL.
   */
  'sheet.export': z
    .object({ layout: layoutSchema, format: z.enum(['pdf', 'png', 'jpg']), dpi: z.number().int().min(30).max(1200).optional(), inline: z.boolean().optional() })
    .strict(),
  /**
   * Turn the last run's folder into the deliverable package (GeoTIFFs with overviews, zoning,
   * statistics CSV/XLSX, QC report, map sheets PDF+PNG — the project's edited layouts where it has them —,
   * provenance with input SHA-256, 说明.txt).
   * Takes about a minute on a county with every sheet at 300 dpi.
   */
  'package.export': z
    .object({
      maps: z.array(z.enum(PACKAGE_MAPS)).min(1).max(PACKAGE_MAPS.length).optional(),
      paper: paper.optional(),
      orientation: orientation.optional(),
      dpi: z.number().int().min(30).max(600).optional(),
      atlas: z.boolean().optional(),
    })
    .strict(),
} as const;

export interface SheetsResults {
  'sheet.catalog': SheetCatalogEntry[];
  'sheet.layout': SheetLayout;
  'sheet.saveLayout': SheetLayout;
  'sheet.resetLayout': SheetLayout;
  'sheet.preview': SheetPreview;
  'sheet.export': SheetExport;
  'package.export': { outDir: string; files: PackageFile[] };
}
