/**
 * The contract's part for map sheets (the layout designer) and the deliverable package. A
 * layout is the versioned document of engine/maps/layout.ts: paper, orientation, scale, dpi,
 * texts, element boxes in mm.
 */
import { z } from 'zod';
import { layoutSchema, PACKAGE_MAPS, PAPER_MM, SHEET_KINDS, type Paper, type SheetKind, type SheetLayout } from '../../engine/maps/layout';
import type { PackageFile } from '../../../src-shared/deliverable';
import { empty } from '../schemas';

export type { SheetLayout, SheetKind, Paper, PackageMap } from '../../engine/maps/layout';
export type { PackageFile } from '../../../src-shared/deliverable';

/** One sheet of the series a run can give: pass `kind` and `layer` to `sheet.layout`. */
export interface SheetCatalogEntry {
  kind: SheetKind;
  /** Hazard id (`hazardRisk`) or indicator id (`hazard`, `exposure`). */
  layer?: string;
  /** The default title, e.g. 黄河示范县洪水风险等级图. */
  title: string;
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
   * The default layout of a sheet of the series for the last run: `kind` riskGrade (综合风险图),
   * zoning (综合防治区划图), hazard / exposure (with `layer` = an indicator id of the model).
   */
  'sheet.layout': z
    .object({
      kind: z.enum(SHEET_KINDS),
      layer: z.string().min(1).max(200).optional(),
      paper: paper.optional(),
      orientation: orientation.optional(),
    })
    .strict(),
  /** Render `layout` for the last run as a PNG data URL at `dpi` (default 72) for the live preview. */
  'sheet.preview': z.object({ layout: layoutSchema, dpi: z.number().int().min(20).max(150).optional() }).strict(),
  /**
   * Render `layout` for the last run and write it into the run's folder (`maps/<title>.<format>`, beside the package's sheets):
   * vector PDF, or PNG/JPG at `dpi` (default: the layout's, 300). `inline` also returns the file as a data URL.
   */
  'sheet.export': z
    .object({ layout: layoutSchema, format: z.enum(['pdf', 'png', 'jpg']), dpi: z.number().int().min(30).max(1200).optional(), inline: z.boolean().optional() })
    .strict(),
  /**
   * Turn the last run's folder into the deliverable package (GeoTIFFs with overviews, zoning,
   * statistics CSV/XLSX, QC report, map sheets PDF+PNG, provenance with input SHA-256, 说明.txt).
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
  'sheet.preview': SheetPreview;
  'sheet.export': SheetExport;
  'package.export': { outDir: string; files: PackageFile[] };
}
