/**
 * The layout-collision check over real runs: every sheet of the series (and every atlas page)
 * of the demo county and of a second county with long names and 18 townships (made by
 * GDAL/OGR from a seed, tests/fixtures/counties) is composed with its default layout, and no
 * two texts, no text and point symbol, and no two element boxes overlap; no text overflows its
 * box or leaves the paper. Labels that found no room are dropped and counted, never drawn.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runModel } from '../../src-main/engine/pipeline/run';
import { loadSheetRun, featureCode, type SheetRun } from '../../src-main/engine/maps/sheetData';
import { defaultLayoutFor } from '../../src-main/engine/maps/render';
import { composeSheet } from '../../src-main/engine/maps/compose';
import { thematicFor } from '../../src-main/engine/maps/thematic';
import { elementOverlaps } from '../../src-main/engine/maps/placement';
import { seriesSheets } from '../../src-main/engine/export/package';
import type { SheetLayout } from '../../src-main/engine/maps/layout';
import { collisions, offPaper } from '../fixtures/sheets/sceneCheck';
import { hasReference } from '../fixtures/referenceTools';
import { useTempDir } from '../fixtures/tempDir';
import { writeLongNamesCounty } from '../fixtures/counties/longNamesCounty';

const DEMO = join(import.meta.dirname, '..', '..', 'resources', 'sample', 'county', 'model.json');

/** Every sheet of the run's series with its default layout, and one atlas page per township. */
function sheetsOf(run: SheetRun): { name: string; layout: SheetLayout }[] {
  const out = seriesSheets(run).map((s) => {
    const layout = defaultLayoutFor(s.kind, run, { ...(s.layer ? { layer: s.layer } : {}), date: '2026年12月' });
    return { name: `${s.kind} ${s.layer ?? ''}`, layout };
  });
  for (const t of run.townships?.features ?? []) {
    const base = defaultLayoutFor('riskGrade', run, { date: '2026年12月' });
    out.push({ name: `atlas ${featureCode(t)}`, layout: { ...base, focusUnit: featureCode(t) } });
  }
  return out;
}

async function checkAll(run: SheetRun): Promise<{ sheets: number; dropped: number }> {
  let dropped = 0;
  const sheets = sheetsOf(run);
  for (const { name, layout } of sheets) {
    layout.dpi = 30;
    const scene = composeSheet(layout, run, await thematicFor(layout, run));
    expect(collisions(scene), name).toEqual([]);
    expect(offPaper(scene), name).toEqual([]);
    expect(scene.placement.overflow, name).toEqual([]);
    expect(elementOverlaps(layout.elements), name).toEqual([]);
    dropped += Object.values(scene.placement.dropped).reduce((a, b) => a + b, 0);
  }
  return { sheets: sheets.length, dropped };
}

describe('sheet layouts of real runs: nothing collides', () => {
  const tmp = useTempDir('ra-layouts-');
  let demo: SheetRun;
  beforeAll(async () => {
    await runModel(DEMO, join(tmp(), 'demo'));
    demo = await loadSheetRun(join(tmp(), 'demo'));
  }, 300_000);

  it('the demo county: every sheet of the series and every township atlas page', async () => {
    const r = await checkAll(demo);
    expect(r.sheets).toBeGreaterThanOrEqual(2 + 3 + 4 + 2 + 6);
  }, 300_000);

  it('a hazard sheet of a cost-direction indicator of the demo (flood depth made negative) calls the lowest values 高 and says so', async () => {
    const as = (direction: 'positive' | 'negative'): SheetRun => ({ ...demo, model: { ...demo.model, indicators: demo.model.indicators.map((i) => (i.id === 'h_flood' ? { ...i, direction } : i)) } });
    const layout = defaultLayoutFor('hazard', demo, { layer: 'h_flood', date: '2026年12月' });
    layout.dpi = 30;
    const pos = await thematicFor(layout, as('positive'));
    const neg = await thematicFor(layout, as('negative'));
    expect(neg.classes.map((c) => c.name).slice(0, 5)).toEqual(['高', '较高', '中', '较低', '低']);
    // The same five ranges, the other way round: 高 is the deepest water for one, the shallowest for the other.
    expect(neg.classes.slice(0, 5).map((c) => c.range)).toEqual(pos.classes.slice(0, 5).map((c) => c.range).reverse());
    for (let i = 0; i < pos.cells.length; i++) if (pos.cells[i]! >= 1 && pos.cells[i]! <= 5) expect(neg.cells[i]).toBe(6 - pos.cells[i]!);
    expect(pos.note).toBeUndefined();
    const scene = composeSheet(layout, as('negative'), neg);
    expect(scene.prims.some((p) => p.t === 'text' && p.text.includes('数值越低，危险性越高'))).toBe(true);
    expect(collisions(scene)).toEqual([]);
  }, 300_000);

  it.skipIf(!hasReference('ogrinfo') || !hasReference('gdalinfo'))('a county with long names and 18 townships written by GDAL/OGR: every sheet and atlas page', async () => {
    const model = writeLongNamesCounty(join(tmp(), 'long'));
    await runModel(model, join(tmp(), 'long', 'out'));
    const run = await loadSheetRun(join(tmp(), 'long', 'out'));
    expect(run.townships?.features.length).toBe(18);
    const r = await checkAll(run);
    expect(r.sheets).toBe(4 + 18);
  }, 300_000);
});
