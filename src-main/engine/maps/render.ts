/**
 * Map sheets, end to end: `renderSheet(layout, run, format)` composes the layout once and
 * hands the scene to the PDF (vector) or raster (PNG/JPG) backend. Pure apart from reading
 * the layers the layout names by path (locator / 南海诸岛 insets) and, for hazard/exposure
 * sheets, the indicator's source layer.
 */
import { writeFileAtomic } from '../export/atomicFile';
import { readVectorInGrid } from '../indicators/rawIndicator';
import type { LayerRef } from '../model/document';
import { defaultLayout, parseLayout, type Paper, type SheetKind, type SheetLayout } from './layout';
import type { SheetRun } from './sheetData';
import { thematicFor } from './thematic';
import { composeSheet, type ExtraLayers } from './compose';
import { sceneToPdf } from './pdfBackend';
import { sceneToImage } from './rasterBackend';
import type { PlacementReport } from './placementReport';

export type SheetFormat = 'pdf' | 'png' | 'jpg';

async function extraLayers(layout: SheetLayout, epsg: number): Promise<ExtraLayers> {
  const read = async (path: string | undefined) => (path ? (await readVectorInGrid(path, { path, name: path, category: 'admin' } as LayerRef, epsg)).features : undefined);
  const locator = layout.elements.locator.visible ? await read(layout.locatorLayer) : undefined;
  const southChinaSea = layout.elements.southChinaSea.visible ? await read(layout.southChinaSeaLayer) : undefined;
  return { ...(locator ? { locator } : {}), ...(southChinaSea ? { southChinaSea } : {}) };
}

/**
 * Render a sheet. `layout` is validated first (E_ARG_INVALID names the wrong field);
 * `format` 'pdf' gives a vector PDF, 'png'/'jpg' an image at `dpi` (default: the layout's,
 * 300). Returns the file's bytes.
 */
export async function renderSheet(layout: unknown, run: SheetRun, format: SheetFormat, opts: { dpi?: number } = {}): Promise<Uint8Array> {
  return (await renderSheetWithReport(layout, run, format, opts)).bytes;
}

/** {@link renderSheet}, also saying how the placement went (labels dropped, texts overflowing). */
export async function renderSheetWithReport(layout: unknown, run: SheetRun, format: SheetFormat, opts: { dpi?: number } = {}): Promise<{ bytes: Uint8Array; placement: PlacementReport }> {
  const l = parseLayout(layout);
  const th = await thematicFor(l, run);
  if (format !== 'pdf' && opts.dpi) l.dpi = opts.dpi;
  const scene = composeSheet(l, run, th, await extraLayers(l, run.grid.epsg));
  const bytes = format === 'pdf' ? await sceneToPdf(scene, l.texts.title) : await sceneToImage(scene, format, l.dpi);
  return { bytes, placement: scene.placement };
}

/** Render and write a sheet atomically to `path`. */
export async function writeSheet(path: string, layout: unknown, run: SheetRun, format: SheetFormat, opts: { dpi?: number } = {}): Promise<void> {
  await writeFileAtomic(path, await renderSheet(layout, run, format, opts));
}

/**
 * The default layout of a sheet kind for a loaded run: texts filled from the run (area name,
 * the indicator's display name for hazard/exposure sheets, 数据来源 from the model's layers,
 * 制图单位 and the 坐标系 note from the model, 制图时间 `date`).
 */
export function defaultLayoutFor(kind: SheetKind, run: SheetRun, opts: { layer?: string; paper?: Paper; orientation?: 'portrait' | 'landscape'; date?: string } = {}): SheetLayout {
  const ind = opts.layer ? run.model.indicators.find((i) => i.id === opts.layer) : undefined;
  // An indicator's display name, else its layer's name: never an id.
  const layerName = kind === 'hazardRisk' ? run.hazards.find((h) => h.id === opts.layer)?.name : ind ? (ind.name ?? run.model.layers[ind.layer]?.name) : undefined;
  const l = defaultLayout(
    kind,
    { areaName: run.areaName, ...(layerName ? { layerName } : {}), sources: run.sources, compiler: run.compiler, crsNote: run.crsNote, ...(opts.date ? { date: opts.date } : {}) },
    opts.paper ?? 'A3',
    opts.orientation ?? 'landscape',
  );
  if (opts.layer) l.layer = opts.layer;
  return l;
}

/** 制图时间 as the census writes it: 2026年11月. */
export function chineseMonth(d: Date): string {
  return `${d.getFullYear()}年${d.getMonth() + 1}月`;
}

/** The key of a sheet of the series: its kind, and for per-layer sheets `kind:layer`. */
export function sheetKey(s: { kind: SheetKind; layer?: string | undefined }): string {
  return s.layer ? `${s.kind}:${s.layer}` : s.kind;
}

/**
 * The file name (without extension) a sheet is written under, in the package and by the layout
 * designer alike: its default title, plus the indicator or hazard id for per-layer sheets (two
 * indicators may map one layer). It does not follow an edited title, so an edited sheet and its
 * default are never two files, and a sheet keeps its name from one package to the next.
 */
export function sheetStem(run: SheetRun, s: { kind: SheetKind; layer?: string | undefined }): string {
  return sheetFileName(defaultLayoutFor(s.kind, run, s.layer ? { layer: s.layer } : {}).texts.title) + (s.layer ? `_${s.layer}` : '');
}

/** A file name from a sheet title: keeps CJK, letters and digits, replaces path and blank characters by _. */
export function sheetFileName(title: string): string {
  const clean = title.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^[._]+|_+$/g, '').slice(0, 80);
  return clean || 'sheet';
}
