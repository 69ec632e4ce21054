import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { harness } from './apiHarness';
import { codeOf } from '../../fixtures/errorCode';
import { demoModelPath } from '../../../src-main/appPaths';
import type { ProjectView } from '../../../src-main/api/contract';

const h = harness();
const demo = (f: string): string => join(demoModelPath(), '..', f);
afterAll(async () => {
  await h.session.close();
});

describe('a fresh project from raw layers to a computed grade map', () => {
  it('new → import → catalogue → scaffold model → update → compute', async () => {
    await h.call('project.new', { name: '新县' });
    expect(await codeOf(h.call('model.scaffold'))).toBe('E_MODEL_INVALID'); // no layers yet
    expect(await codeOf(h.call('qc.run', {}))).toBe('E_MODEL_INVALID');
    const county = await h.call('layer.import', { path: demo('county_boundary.geojson') });
    expect(await codeOf(h.call('model.scaffold'))).toBe('E_MODEL_INVALID'); // no hazard layer yet
    const slide = await h.call('layer.import', { path: demo('landslide_susceptibility.tif') });
    const dangers = await h.call('layer.import', { path: demo('hidden_dangers.shp') });
    const pop = await h.call('layer.import', { path: demo('population.tif') });
    const shelters = await h.call('layer.import', { path: demo('shelters.shp') });
    // The technician confirms the catalogue.
    await h.call('layer.update', { id: county.layer.id, category: 'admin' });
    await h.call('layer.update', { id: slide.layer.id, category: 'hazard', hazard: 'landslide' });
    await h.call('layer.update', { id: dangers.layer.id, category: 'hiddenDanger' });
    await h.call('layer.update', { id: pop.layer.id, category: 'exposure', units: '人' });
    await h.call('layer.update', { id: shelters.layer.id, category: 'capacity' });
    // QC before any model: every catalogued layer, over the county boundary.
    const qc = await h.call('qc.run', { surveyYear: 2022 });
    expect(qc.ranAt).not.toBeNull();
    expect(qc.counts.error).toBe(0);
    expect((await h.call('model.get')).doc).toBeNull();
    const doc = await h.call('model.scaffold');
    expect(doc.grid).toEqual({ epsg: 4546, cellSize: 100, studyArea: county.layer.id });
    expect(doc.indicators.map((i) => [i.layer, i.rasterize ?? i.resample, i.direction])).toEqual([
      [slide.layer.id, 'bilinear', 'positive'],
      [dangers.layer.id, 'kernelDensity', 'positive'],
      [pop.layer.id, 'bilinear', 'positive'],
      [shelters.layer.id, 'distance', 'negative'],
    ]);
    expect(doc.indicators[1]!.weightField).toBe('WXRS');
    expect(Object.values(doc.components.H!)).toEqual([0.5, 0.5]);
    expect(doc.risk!.weights).toEqual({ H: 0.333333333, E: 0.333333333, C: 1 - 2 * 0.333333333 });
    // Scaffolding stores nothing.
    expect((await h.call('model.get')).doc).toBeNull();
    const state = await h.call('model.update', { doc });
    expect(state.canUndo).toBe(false);
    const view = (await h.call('project.current')) as ProjectView;
    expect(view.epsg).toBe(4546);
    const { jobId } = await h.call('job.startRun');
    const status = await h.session.waitForJob(jobId);
    expect(status.error).toBeUndefined();
    expect(status.state).toBe('done');
    expect(existsSync(status.result!.files.grade)).toBe(true);
    expect(status.result!.classification.classes).toHaveLength(5);
  }, 120_000);
});
