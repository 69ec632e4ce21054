/**
 * The map-sheet methods of the API (`sheet.catalog`, `sheet.layout`, `sheet.preview`,
 * `sheet.export`) and the deliverable package (`package.export`) over the session's last
 * run. The rendering itself is engine/maps (the CLI uses the same functions).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { loadSheetRun, type SheetRun } from '../../engine/maps/sheetData';
import { chineseMonth, defaultLayoutFor, renderSheet, renderSheetWithReport, sheetKey, sheetStem } from '../../engine/maps/render';
import { elementOverlaps } from '../../engine/maps/placement';
import { writeFileAtomic } from '../../engine/export/atomicFile';
import { parseLayout, paperSize } from '../../engine/maps/layout';
import { mapFrame } from '../../engine/maps/compose';
import { seriesSheets, writeDeliverable } from '../../engine/export/package';
import type { ProjectContext } from '../context';
import type { Handlers } from '../handlers';
import { currentView } from '../project/views';
import type { sheetsArgs } from './contract';
import { resetLayout, saveLayout, savedLayout, savedLayouts } from './layouts';

const MIME = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg' } as const;

/** Handlers for the sheet methods over the open project; the last run's data is loaded once per run. */
export function createSheetHandlers(ctx: ProjectContext): Handlers<typeof sheetsArgs> {
  let cache: { outDir: string; run: Promise<SheetRun> } | null = null;
  const lastRun = (): Promise<SheetRun> => {
    const outDir = currentView(ctx)?.lastRun?.outDir;
    if (!outDir) throw new RiskAtlasError('E_ARG_INVALID', 'compute the model before making map sheets (no run yet)');
    if (cache?.outDir !== outDir) {
      // The run's model layers are the project's own files, never where its provenance says.
      const run = loadSheetRun(outDir, { modelDir: ctx.open().dataDir });
      run.catch(() => (cache = null));
      cache = { outDir, run };
    }
    return cache.run;
  };
  return {
    'sheet.catalog': async () => {
      const run = await lastRun();
      const edited = new Set(ctx.project ? ctx.open().file.sheetLayouts().map((l) => l.sheet) : []);
      return seriesSheets(run).map((s) => ({ ...s, title: defaultLayoutFor(s.kind, run, s.layer ? { layer: s.layer } : {}).texts.title, customised: edited.has(sheetKey(s)) }));
    },
    'sheet.layout': async ({ kind, layer, paper, orientation }) => {
      const run = await lastRun();
      const saved = paper || orientation ? undefined : savedLayout(ctx, { kind, layer });
      return saved ?? defaultLayoutFor(kind, run, { ...(layer ? { layer } : {}), ...(paper ? { paper } : {}), ...(orientation ? { orientation } : {}), date: chineseMonth(new Date()) });
    },
    'sheet.saveLayout': async ({ layout }) => saveLayout(ctx, layout),
    'sheet.resetLayout': async ({ kind, layer }) => {
      resetLayout(ctx, { kind, layer });
      return defaultLayoutFor(kind, await lastRun(), { ...(layer ? { layer } : {}), date: chineseMonth(new Date()) });
    },
    'sheet.preview': async ({ layout, dpi = 72 }) => {
      const run = await lastRun();
      const l = parseLayout(layout);
      const { bytes, placement } = await renderSheetWithReport(l, run, 'png', { dpi });
      const [wMm, hMm] = paperSize(l);
      return {
        dataUrl: `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`,
        widthPx: Math.round((wMm / 25.4) * dpi),
        heightPx: Math.round((hMm / 25.4) * dpi),
        widthMm: wMm,
        heightMm: hMm,
        denominator: mapFrame(l, run).denominator,
        placement,
        overlaps: elementOverlaps(l.elements),
      };
    },
    'package.export': async ({ maps, paper, orientation, dpi, atlas }) => {
      const run = await lastRun();
      const layouts = savedLayouts(ctx.open().file);
      const files = await writeDeliverable(run.outDir, { modelDir: run.modelDir, layouts, ...(maps ? { maps } : {}), ...(paper ? { paper } : {}), ...(orientation ? { orientation } : {}), ...(dpi ? { dpi } : {}), ...(atlas ? { atlas } : {}) });
      // The GeoTIFFs were rewritten (overviews): load the run afresh for later sheets.
      cache = null;
      return { outDir: run.outDir, files };
    },
    'sheet.export': async ({ layout, format, dpi, inline }) => {
      const run = await lastRun();
      const l = parseLayout(layout);
      const dir = join(run.outDir, 'maps');
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${sheetStem(run, l)}.${format}`);
      const bytes = await renderSheet(l, run, format, dpi ? { dpi } : {});
      await writeFileAtomic(path, bytes);
      // What was exported is the sheet as the technician wants it: the package draws the same.
      if (!ctx.open().readOnly) saveLayout(ctx, l);
      const out = { path, format, bytes: bytes.length };
      return inline ? { ...out, dataUrl: `data:${MIME[format]};base64,${Buffer.from(bytes).toString('base64')}` } : out;
    },
  };
}
