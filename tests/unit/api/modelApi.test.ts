import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { harness, type Harness } from './apiHarness';
import { codeOf } from '../../fixtures/errorCode';
import type { ErrorInfo } from '../../../src-shared/errors';
import type { ModelDocument, ProjectView, RunResult } from '../../../src-main/api/contract';

const hasGdal = spawnSync('gdallocationinfo', ['--version']).status === 0;

// One demo project with one computed run for the whole file (a run takes a few seconds).
let h: Harness;
let view: ProjectView;
let doc: ModelDocument;
let run: RunResult;

beforeAll(async () => {
  h = harness();
  view = (await h.call('project.openDemo')) as ProjectView;
  doc = (await h.call('model.get')).doc!;
  const { jobId } = await h.call('job.startRun');
  const status = await h.session.waitForJob(jobId);
  expect(status.error).toBeUndefined();
  run = status.result!;
}, 120_000);

afterAll(async () => {
  await h.session.close();
});

const errorOf = async (method: string, args: unknown): Promise<ErrorInfo> => {
  const r = await h.raw(method, args);
  if (r.ok) throw new Error(`${method} succeeded`);
  return r.error;
};

describe('model.* — validated edits, undo and redo', () => {
  it('refuses an invalid document with E_MODEL_INVALID naming the problem, and leaves the model as it was', async () => {
    const before = await h.call('model.get');
    expect(await errorOf('model.update', { doc: { ...doc, indicators: [] } })).toMatchObject({ code: 'E_MODEL_INVALID', message: expect.stringMatching(/^components\.H\.h_landslide: no indicator "h_landslide"/) });
    expect((await errorOf('model.update', { doc: { ...doc, components: { ...doc.components, E: { e_pop: 0.5, e_bldg: 0.4 } } } })).message).toMatch(/components\.E: weights sum to 0\.9/);
    const moved = { ...doc, layers: { ...doc.layers, county: { ...doc.layers.county!, path: 'elsewhere/county.geojson' } } };
    expect((await errorOf('model.update', { doc: moved })).message).toBe('layers.county.path: must be "county_boundary.geojson", the layer\'s file in the project');
    const foreign = { ...doc, layers: { ...doc.layers, ghost: { path: 'ghost.tif', name: 'g', category: 'hazard' } } };
    expect((await errorOf('model.update', { doc: foreign })).message).toMatch(/layers\.ghost: no layer "ghost" in the project's catalogue/);
    expect(await codeOf(h.call('model.update', { doc: 'not a model' }))).toBe('E_MODEL_INVALID');
    expect(await h.call('model.get')).toEqual(before);
  });

  it('update → undo → redo walks the history; a new edit drops the redo tail', async () => {
    const r0 = (await h.call('model.get')).revision;
    const a = await h.call('model.update', { doc: { ...doc, risk: { ...doc.risk, weights: { H: 0.5, E: 0.2, V: 0.15, C: 0.15 } } } });
    expect(a.revision).toBe(r0 + 1);
    expect(a.canUndo).toBe(true);
    expect(a.canRedo).toBe(false);
    const u = await h.call('model.undo');
    expect(u.doc).toEqual(doc);
    expect(u.canRedo).toBe(true);
    const r = await h.call('model.redo');
    expect(r.doc!.risk!.weights).toEqual({ H: 0.5, E: 0.2, V: 0.15, C: 0.15 });
    await h.call('model.undo');
    await h.call('model.update', { doc: { ...doc, name: '另一个' } });
    expect((await h.call('model.get')).canRedo).toBe(false);
    await h.call('model.undo');
    expect((await h.call('model.get')).doc).toEqual(doc);
  });

  it('a catalogue edit of a model layer follows into the model, undoably', async () => {
    const before = (await h.call('model.get')).revision;
    const entry = await h.call('layer.update', { id: 'townships', name: '乡镇（街道）', description: '界线来自民政局' });
    expect(entry).toMatchObject({ name: '乡镇（街道）', description: '界线来自民政局' });
    const m = await h.call('model.get');
    expect(m.doc!.layers.townships!.name).toBe('乡镇（街道）');
    expect(m.revision).toBe(before + 1);
    await h.call('model.undo');
    expect((await h.call('model.get')).doc!.layers.townships!.name).toBe('乡镇');
    expect(await codeOf(h.call('layer.update', { id: 'nope', name: 'x' }))).toBe('E_ARG_INVALID');
    expect(await codeOf(h.call('layer.update', { id: 'townships', category: 'result' }))).toBe('E_ARG_INVALID');
  });
});

describe('weights and previews', () => {
  it('AHP by hand: a consistent matrix gives 4/7, 2/7, 1/7 with CR 0; the 9-circulant gives thirds with λmax = 1 + 9 + 1/9', async () => {
    const c = await h.call('weights.ahp', { matrix: [[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]] });
    [4 / 7, 2 / 7, 1 / 7].forEach((w, i) => expect(c.weights[i]).toBeCloseTo(w, 9));
    expect(c.lambdaMax).toBeCloseTo(3, 9);
    expect(c.cr).toBeCloseTo(0, 9);
    expect(c.consistent).toBe(true);
    expect(c.ri).toBe(0.58);
    const bad = await h.call('weights.ahp', { matrix: [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]] });
    bad.weights.forEach((w) => expect(w).toBeCloseTo(1 / 3, 9));
    expect(bad.lambdaMax).toBeCloseTo(1 + 9 + 1 / 9, 6);
    expect(bad.ci).toBeCloseTo((1 + 9 + 1 / 9 - 3) / 2, 6);
    expect(bad.cr).toBeCloseTo((1 + 9 + 1 / 9 - 3) / 2 / 0.58, 6);
    expect(bad.consistent).toBe(false);
    expect(await codeOf(h.call('weights.ahp', { matrix: [[1, 2], [2, 1]] }))).not.toBe('ok');
    expect(await codeOf(h.call('weights.ahp', { matrix: [[1, Infinity], [0, 1]] }))).toBe('E_ARG_INVALID');
  });

  it('entropy weights of the capacity indicators equal those the tiled run used', async () => {
    const e = await h.call('weights.entropy', { indicators: ['c_shelter', 'c_fire'] });
    expect(e.weights.c_shelter! + e.weights.c_fire!).toBeCloseTo(1, 12);
    expect(e.weights.c_shelter).toBeCloseTo(run.weights.C!.c_shelter!, 9);
    expect(e.weights.c_fire).toBeCloseTo(run.weights.C!.c_fire!, 9);
    expect(e.cells).toBeGreaterThan(1000);
    expect(await codeOf(h.call('weights.entropy', { indicators: ['nope'] }))).toBe('E_MODEL_INVALID');
  });

  it('indicator histogram: counts add up to the valid cells; normalised values span [0, 1]', async () => {
    const raw = await h.call('indicator.histogram', { indicator: 'h_pga', bins: 16 });
    expect(raw.counts).toHaveLength(16);
    expect(raw.counts.reduce((a, b) => a + b, 0)).toBe(raw.validCells);
    expect(raw.min).toBeGreaterThan(0);
    expect(raw.max).toBeLessThan(2);
    const n = await h.call('indicator.histogram', { indicator: 'h_pga', normalised: true });
    expect(n.min).toBe(0);
    expect(n.max).toBe(1);
    expect(n.validCells).toBe(raw.validCells);
    expect(n.edges).toHaveLength(33);
  });

  it('indicator histogram of an indicator whose grid is one value everywhere: the builder’s warning W_INDICATOR_CONSTANT names indicator and layer, in Chinese and English', async () => {
    // Presence of the county outline: every cell of the study area is inside it.
    const inside = await h.call('indicator.histogram', { spec: { id: 'x_inside', layer: 'county', rasterize: 'presence', transform: 'minmax', direction: 'positive' } });
    expect(inside.min).toBe(1);
    expect(inside.max).toBe(1);
    expect(inside.warnings).toEqual([
      expect.objectContaining({
        code: 'W_INDICATOR_CONSTANT',
        severity: 'warning',
        indicator: 'x_inside',
        layer: 'county',
        message: { zh: expect.stringContaining('指标 x_inside（图层「县界」）在研究区内处处相同（1）'), en: expect.stringContaining('indicator x_inside (layer "县界") has the same value (1)') },
      }),
    ]);
    // A varied indicator has none.
    expect((await h.call('indicator.histogram', { indicator: 'h_pga' })).warnings ?? []).toEqual([]);
  });

  it('indicator histogram of an indicator being edited: a wider kernel smooths the density; the model is untouched', async () => {
    const danger = doc.indicators.find((i) => i.id === 'h_danger')!;
    const narrow = await h.call('indicator.histogram', { spec: danger });
    expect(narrow).toEqual(await h.call('indicator.histogram', { indicator: 'h_danger' }));
    const wide = await h.call('indicator.histogram', { spec: { ...danger, radius: 4000 } });
    // Same points and weights spread over a 16× larger kernel area: the peak density drops.
    expect(wide.max).toBeLessThan(narrow.max / 2);
    const dem = await h.call('indicator.histogram', { spec: { id: 'x_dem', layer: 'dem', resample: 'nearest', transform: 'minmax', direction: 'positive' } });
    expect(dem.min).toBeGreaterThan(0);
    expect(dem.validCells).toBe(narrow.validCells);
    expect((await h.call('model.get')).doc).toEqual(doc);
    expect(await codeOf(h.call('indicator.histogram', { spec: { ...danger, radius: -1 } }))).toBe('E_MODEL_INVALID');
    expect(await codeOf(h.call('indicator.histogram', { spec: { ...danger, layer: 'ghost' } }))).toBe('E_MODEL_INVALID');
    expect(await codeOf(h.call('indicator.histogram', { indicator: 'h_danger', spec: danger }))).toBe('E_ARG_INVALID');
    expect(await codeOf(h.call('indicator.histogram', {}))).toBe('E_ARG_INVALID');
  });

  it('class breaks preview on the last run reproduces the run’s Jenks breaks and class sizes', async () => {
    const p = await h.call('classes.preview', { method: 'jenks', classes: 5 });
    expect(p.breaks).toHaveLength(6);
    // The index file is Float32: the breaks agree to its precision.
    p.breaks.forEach((b, i) => expect(b).toBeCloseTo(run.classification.breaks[i]!, 5));
    const runCells = [...run.classification.classes].sort((a, b) => b.grade - a.grade).map((c) => c.cells);
    expect(p.counts.reduce((a, b) => a + b, 0)).toBe(runCells.reduce((a, b) => a + b, 0));
    p.counts.forEach((c, i) => expect(Math.abs(c - runCells[i]!)).toBeLessThanOrEqual(Math.max(2, runCells[i]! * 0.002)));
    const q = await h.call('classes.preview', { method: 'quantile', classes: 4 });
    const total = q.counts.reduce((a, b) => a + b, 0);
    q.counts.forEach((c) => expect(Math.abs(c - total / 4)).toBeLessThan(total * 0.02));
    const f = await h.call('classes.preview', { method: 'fixed', thresholds: [0.3, 0.5] });
    expect(f.breaks.slice(1, 3)).toEqual([0.3, 0.5]);
    expect(await codeOf(h.call('classes.preview', { method: 'fixed', thresholds: [0.5, 0.3] }))).toBe('E_ARG_INVALID');
  });

  it('dragged breaks become fixed thresholds in the model (undoable); descending ones are refused', async () => {
    const s = await h.call('classes.setThresholds', { thresholds: [0.2, 0.35, 0.5, 0.65] });
    expect(s.doc!.classification).toMatchObject({ method: 'fixed', thresholds: [0.2, 0.35, 0.5, 0.65], classes: 5 });
    expect(await codeOf(h.call('classes.setThresholds', { thresholds: [0.5, 0.4] }))).toBe('E_MODEL_INVALID');
    expect((await h.call('model.undo')).doc!.classification.method).toBe('jenks');
  });

  it('composite preview: a coarse grid within the cell budget, a PNG, the AHP weights of the edited model', async () => {
    const edited = { ...doc, components: { ...doc.components, H: { method: 'ahp', indicators: ['h_landslide', 'h_flood', 'h_pga', 'h_danger'], matrix: [[1, 2, 4, 8], [1 / 2, 1, 2, 4], [1 / 4, 1 / 2, 1, 2], [1 / 8, 1 / 4, 1 / 2, 1]] } } };
    const p = await h.call('preview.composite', { doc: edited, maxCells: 2000 });
    expect(p.width * p.height).toBeLessThanOrEqual(2000);
    expect(p.cellSize).toBeGreaterThan(doc.grid.cellSize);
    expect(p.png).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(p.min).toBeLessThan(p.max);
    [8 / 15, 4 / 15, 2 / 15, 1 / 15].forEach((w, i) => expect(p.weights.H![['h_landslide', 'h_flood', 'h_pga', 'h_danger'][i]!]).toBeCloseTo(w, 9));
    // The preview does not change the model.
    expect((await h.call('model.get')).doc).toEqual(doc);
    expect(await codeOf(h.call('preview.composite', { doc: { ...doc, indicators: [] } }))).toBe('E_MODEL_INVALID');
  }, 60_000);

  it('composite previews requested together: only the newest is computed, the overtaken ones end in E_CANCELLED', async () => {
    const codes = await Promise.all([1500, 1600, 1700].map((maxCells) => codeOf(h.call('preview.composite', { maxCells }))));
    expect(codes).toEqual(['E_CANCELLED', 'E_CANCELLED', 'ok']);
    const p = await h.call('preview.composite', {});
    expect(p.width * p.height).toBeLessThanOrEqual(8000);
    expect(p.width * p.height).toBeGreaterThan(6000);
  }, 60_000);
});

describe('zoning', () => {
  it('the run carries the zone list with names; the default matrix is offered for editing', async () => {
    expect(run.zoning!.zones.length).toBeGreaterThan(0);
    for (const z of run.zoning!.zones) expect(['重点防治区', '次重点防治区', '一般防治区']).toContain(z.FQMC);
    expect(run.zoning!.capacityBreaks.length).toBe(4);
    const d = await h.call('zoning.defaults');
    expect(d.matrix).toHaveLength(5);
    d.matrix.forEach((row) => expect(row).toHaveLength(3));
    expect(d.names).toEqual(['重点防治区', '次重点防治区', '一般防治区']);
    // An edited matrix goes into the model like any edit.
    const m = await h.call('model.update', { doc: { ...doc, zoning: { ...doc.zoning!, matrix: d.matrix.map((r) => r.map(() => 1)) } } });
    expect(m.doc!.zoning!.matrix![4]).toEqual([1, 1, 1]);
    await h.call('model.undo');
  });
});

describe('data views: attribute table, identify', () => {
  it('pages, filters and sorts the attribute table (Chinese collation, numbers numerically)', async () => {
    const all = await h.call('layer.features', { id: 'townships', limit: 1000 });
    expect(all.total).toBe(6);
    const sorted = await h.call('layer.features', { id: 'townships', sort: { field: 'XZQDM', desc: true }, limit: 2 });
    const codes = all.rows.map((r) => String(r.properties.XZQDM)).sort().reverse();
    expect(sorted.rows.map((r) => String(r.properties.XZQDM))).toEqual(codes.slice(0, 2));
    expect(sorted.total).toBe(6);
    const name = String(all.rows[0]!.properties.XZQMC);
    const hit = await h.call('layer.features', { id: 'townships', filter: { field: 'XZQMC', text: name.slice(0, 2) } });
    expect(hit.rows.map((r) => r.properties.XZQMC)).toContain(name);
    const page2 = await h.call('layer.features', { id: 'townships', offset: 4, limit: 10 });
    expect(page2.rows.map((r) => r.fid)).toEqual([4, 5]);
    expect(await codeOf(h.call('layer.features', { id: 'townships', sort: { field: 'NOPE' } }))).toBe('E_ARG_INVALID');
    expect(await codeOf(h.call('layer.features', { id: 'dem' }))).toBe('E_ARG_INVALID');
    expect(await codeOf(h.call('layer.features', { id: 'townships', limit: 5000 }))).toBe('E_ARG_INVALID');
  });

  it('identify: the township polygon under a point, and raster values equal to GDAL’s at the same point', async () => {
    const page = await h.call('layer.features', { id: 'townships', limit: 1 });
    const [x0, y0, x1, y1] = page.extents[0]!;
    // Probe points across the township's box until one is inside it.
    let found: { x: number; y: number } | null = null;
    for (let i = 1; i < 10 && !found; i++) {
      for (let j = 1; j < 10 && !found; j++) {
        const x = x0 + ((x1 - x0) * i) / 10;
        const y = y0 + ((y1 - y0) * j) / 10;
        const r = await h.call('map.identify', { x, y, layers: ['townships'] });
        if (r.hits[0]?.features?.some((f) => f.fid === 0)) found = { x, y };
      }
    }
    expect(found).not.toBeNull();
    const { hits } = await h.call('map.identify', { ...found! });
    const ids = hits.map((x) => x.layerId);
    expect(ids).toContain('county');
    expect(ids).toContain('dem');
    expect(ids).toContain(`${run.runId}-grade`);
    const grade = hits.find((x) => x.layerId === `${run.runId}-grade`)!.values![0]!;
    expect(grade).toBeGreaterThanOrEqual(1);
    expect(grade).toBeLessThanOrEqual(5);
    if (hasGdal) {
      for (const id of ['dem', 'pga']) {
        const entry = view.layers.find((l) => l.id === id)!;
        const epsg = entry.meta.crs!.epsg!;
        const args = epsg === 4546 ? [String(found!.x), String(found!.y)] : ['-l_srs', 'EPSG:4546', String(found!.x), String(found!.y)];
        const out = spawnSync('gdallocationinfo', ['-valonly', '-geoloc', join(view.project!.dataDir, entry.file!), ...args], { encoding: 'utf8' });
        const ours = hits.find((x) => x.layerId === id)!.values![0]!;
        expect(ours).toBeCloseTo(Number(out.stdout.trim()), 4);
      }
    }
    const far = await h.call('map.identify', { x: 0, y: 0 });
    expect(far.hits).toEqual([]);
    expect(await codeOf(h.call('map.identify', { x: 1, y: 2, layers: ['ghost'] }))).toBe('E_ARG_INVALID');
    expect(await codeOf(h.call('map.identify', { x: Number.NaN, y: 2 }))).toBe('E_ARG_INVALID');
  });
});

describe('qc and persistence of everything', () => {
  it('QC runs on the project, stores findings with locations in the analysis CRS, and they survive save and reopen', async () => {
    const qc = await h.call('qc.run', { surveyYear: 2022 });
    expect(qc.counts.error).toBe(0);
    expect(qc.ranAt).not.toBeNull();
    expect(qc.findings.length).toBe(qc.counts.warning + qc.counts.info);
    const [ex0, ey0, ex1, ey1] = view.extent;
    for (const f of qc.findings.filter((x) => x.at)) {
      expect(f.at![0]).toBeGreaterThan(ex0 - 10_000);
      expect(f.at![0]).toBeLessThan(ex1 + 10_000);
      expect(f.at![1]).toBeGreaterThan(ey0 - 10_000);
      expect(f.at![1]).toBeLessThan(ey1 + 10_000);
    }
    await h.call('project.save');
    const path = view.project!.path;
    await h.call('project.close');
    const again = (await h.call('project.open', { path })) as ProjectView;
    expect(await h.call('qc.findings')).toEqual(qc);
    // The last run comes back with its result layers, and the run history has it.
    expect(again.lastRun?.runId).toBe(run.runId);
    const runs = await h.call('project.runs');
    expect(runs.map((r) => r.id)).toEqual([run.runId]);
    expect(Date.parse(runs[0]!.finished!)).toBeGreaterThanOrEqual(Date.parse(runs[0]!.started));
    expect(again.lastRun?.classification.breaks).toEqual(run.classification.breaks);
    expect((await h.call('classes.preview', { method: 'jenks' })).breaks).toHaveLength(6);
    // Review of the project shows its last run's deliverables.
    const rv = await h.call('review.view');
    expect(rv.items.map((i) => i.id)).toEqual(expect.arrayContaining(['risk_grade.png', 'risk_grade.tif', 'risk_stats.csv', 'provenance.json']));
    const png = await h.call('review.item', { id: 'risk_grade.png' });
    expect(png.dataUrl.startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true);
  });
});
