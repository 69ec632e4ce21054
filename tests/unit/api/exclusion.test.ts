import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harness } from './apiHarness';
import type { ProjectView } from '../../../src-main/api/contract';

const h = harness();
afterAll(async () => {
  await h.session.close();
});

describe('previews on a model with excluded land', () => {
  it('entropy weights and indicator cells leave excluded land out, as the run does', async () => {
    const view = (await h.call('project.openDemo')) as ProjectView;
    const [x0, y0, x1, y1] = view.extent;
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const s = (x1 - x0) / 6;
    const ring = [[cx - s, cy - s], [cx - s, cy + s], [cx + s, cy + s], [cx + s, cy - s], [cx - s, cy - s]];
    const dir = mkdtempSync(join(tmpdir(), 'ra-excl-'));
    const file = join(dir, 'protected.geojson');
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4546' } }, features: [{ type: 'Feature', properties: { MC: '自然保护区' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
    const imported = await h.call('layer.import', { path: file });
    const before = await h.call('indicator.histogram', { indicator: 'c_shelter' });
    const doc = (await h.call('model.get')).doc!;
    await h.call('model.update', { doc: { ...doc, version: 2, grid: { ...doc.grid, exclude: { layer: imported.layer.id } } } });
    const after = await h.call('indicator.histogram', { indicator: 'c_shelter' });
    // The square is 2s × 2s of 100 m cells, all inside the county.
    const expected = Math.round((2 * s / 100) ** 2);
    expect(Math.abs(before.validCells - after.validCells - expected)).toBeLessThan(expected * 0.05);
    const { jobId } = await h.call('job.startRun');
    const status = await h.session.waitForJob(jobId);
    expect(status.error).toBeUndefined();
    const e = await h.call('weights.entropy', { indicators: ['c_shelter', 'c_fire'] });
    expect(e.weights.c_shelter).toBeCloseTo(status.result!.weights.C!.c_shelter!, 9);
    expect(e.weights.c_fire).toBeCloseTo(status.result!.weights.C!.c_fire!, 9);
  }, 120_000);
});
