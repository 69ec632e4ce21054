/**
 * `live.update` through dispatch on the demo project: an edit at full resolution, the picture
 * the next run then writes, the coarse composite above the cell budget, refused edits, and
 * the live worker stopped with the project.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullPreview, ModelDocument, ProjectView } from '../../../src-main/api/contract';
import { LIVE_MAX_CELLS, liveCellBudget } from '../../../src-main/api/previews/live';
import { harness, type Harness } from './apiHarness';

let h: Harness;
let view: ProjectView;
let doc: ModelDocument;

beforeAll(async () => {
  h = harness();
  view = (await h.call('project.openDemo')) as ProjectView;
  doc = (await h.call('model.get')).doc!;
}, 120_000);
afterAll(() => h.session.close());

const edited = (): ModelDocument => ({ ...doc, risk: { ...doc.risk!, weights: { H: 0.55, E: 0.2, V: 0.125, C: 0.125 } } });

describe('live.update', () => {
  it('recomputes an edit at full resolution: the grid, the picture, breaks and classes — what the run of the stored edit then writes', async () => {
    const live = (await h.call('live.update', { doc: edited() })) as FullPreview;
    expect(live.mode).toBe('full');
    expect(live.budget).toBe(LIVE_MAX_CELLS);
    expect(live.cells).toBe(live.width * live.height);
    expect(live.extent[0]).toBeLessThanOrEqual(view.extent[0]);
    expect(live.extent[3]).toBeGreaterThanOrEqual(view.extent[3]);
    expect(live.png).toMatch(/^data:image\/png;base64,/);
    expect(live.classes.map((c) => c.name)).toEqual(['高', '较高', '中', '较低', '低']);
    expect(live.histogram.counts.reduce((a, b) => a + b, 0)).toBe(live.classes.reduce((a, c) => a + c.cells, 0));
    // Nothing is stored by a preview; the run of the stored edit writes the same picture.
    expect((await h.call('model.get')).doc!.risk!.weights).toEqual(doc.risk!.weights);
    await h.call('model.update', { doc: edited() });
    const { jobId } = await h.call('job.startRun');
    const status = await h.session.waitForJob(jobId);
    expect(status.error).toBeUndefined();
    expect(status.result!.classification.breaks).toEqual(live.breaks);
    expect((await readFile(status.result!.files.png!)).equals(Buffer.from(live.png!.split(',')[1]!, 'base64'))).toBe(true);
  }, 120_000);

  it('answers the statistics alone without a picture, and the zones of the zoning', async () => {
    const stats = (await h.call('live.update', { image: false })) as FullPreview;
    expect(stats.png).toBeUndefined();
    const zones = (await h.call('live.update', { view: 'zones' })) as FullPreview;
    expect(zones.zones!.cells.slice(1).every((n) => n > 0)).toBe(true);
    expect(zones.png).toMatch(/^data:image\/png;base64,/);
  }, 120_000);

  it('refuses an invalid edit with E_MODEL_INVALID naming the problem', async () => {
    const r = await h.raw('live.update', { doc: { ...doc, risk: { ...doc.risk!, weights: { H: 0.9, E: 0.3, V: 0.1, C: 0.1 } } } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ code: 'E_MODEL_INVALID', message: expect.stringContaining('risk.weights') });
  });

  it('above the cell budget: the coarse composite, saying so', async () => {
    process.env.RISKATLAS_LIVE_MAX_CELLS = '1000';
    try {
      const coarse = await h.call('live.update', { doc: edited() });
      expect(coarse.mode).toBe('coarse');
      expect(coarse.budget).toBe(1000);
      expect(coarse.cells).toBeGreaterThan(1000);
      expect(coarse.width * coarse.height).toBeLessThanOrEqual(20_000);
    } finally {
      delete process.env.RISKATLAS_LIVE_MAX_CELLS;
    }
  }, 120_000);

  it('the budget: 16 M cells unless RISKATLAS_LIVE_MAX_CELLS says otherwise (0: always coarse; nonsense is ignored)', () => {
    for (const [env, budget] of [[undefined, LIVE_MAX_CELLS], ['0', 0], ['250000', 250_000], ['-5', LIVE_MAX_CELLS], ['lots', LIVE_MAX_CELLS], [' ', LIVE_MAX_CELLS]] as const) {
      if (env === undefined) delete process.env.RISKATLAS_LIVE_MAX_CELLS;
      else process.env.RISKATLAS_LIVE_MAX_CELLS = env;
      expect(liveCellBudget()).toBe(budget);
    }
    delete process.env.RISKATLAS_LIVE_MAX_CELLS;
  });

  it('the live worker stops with the project', async () => {
    const ctx = h.session.context;
    expect(ctx.live).not.toBeNull();
    await h.session.close();
    expect(ctx.live).toBeNull();
    expect(await h.raw('live.update', {})).toMatchObject({ ok: false, error: { code: 'E_NO_PROJECT' } });
  });
});
