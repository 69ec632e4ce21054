import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harness } from './apiHarness';
import { SHP, writeShapefile } from '../../fixtures/io/makeFixtures';
import type { ProjectView } from '../../../src-main/api/contract';

const h = harness();
afterAll(async () => {
  await h.session.close();
});

describe('the QC loop: a finding, a fix in the catalogue, QC again', () => {
  it('shelters imported with the wrong CRS are flagged; stating the right CRS clears the finding', async () => {
    const view = (await h.call('project.openDemo')) as ProjectView;
    const [x0, y0, x1, y1] = view.extent;
    const dir = mkdtempSync(join(tmpdir(), 'ra-qcfix-'));
    // Shelter points in Gauss-Krüger metres (EPSG:4546), delivered without a .prj.
    const shp = writeShapefile(join(dir, '避难场所'), {
      type: SHP.Point,
      records: [0.3, 0.5, 0.7].map((f, i) => ({ parts: [[[x0 + (x1 - x0) * f, y0 + (y1 - y0) * f]]], props: { MC: `避难场所${i + 1}`, RNRS: 500 + i } })),
      fields: [
        { name: 'MC', type: 'C', length: 40 },
        { name: 'RNRS', type: 'N', length: 8 },
      ],
      encoding: 'utf-8',
      cpg: 'UTF-8',
    });
    expect(await h.raw('layer.import', { path: shp })).toMatchObject({ ok: false, error: { code: 'E_CRS_MISSING' } });
    // The technician guesses lon/lat: the metres become "degrees" far outside China.
    const wrong = await h.call('layer.import', { path: shp, crs: 4490 });
    const id = wrong.layer.id;
    const qc1 = await h.call('qc.run', { surveyYear: 2022 });
    const mine1 = qc1.findings.filter((f) => f.layer === id);
    expect(mine1.length).toBeGreaterThan(0);
    expect(mine1.some((f) => f.rule === 'CRS-02' && f.severity === 'error')).toBe(true);
    expect(qc1.counts.error).toBeGreaterThan(0);
    // The fix: state the right CRS in the catalogue.
    await h.call('layer.update', { id, crs: 4546 });
    expect((await h.call('model.get')).doc!.layers[id]!.crs).toBe(4546);
    const qc2 = await h.call('qc.run', { surveyYear: 2022 });
    expect(qc2.findings.filter((f) => f.layer === id && f.severity === 'error')).toEqual([]);
    expect(qc2.counts.error).toBe(0);
  }, 60_000);
});
