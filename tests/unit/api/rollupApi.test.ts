/**
 * The roll-up through the API, as the 成果 step calls it: a chosen folder holding two county
 * run folders and a project (moved since it was computed, so its layers are found in its data
 * folder) is scanned — a project never computed is listed as left out — and rolled up as a job
 * polled to its end; a folder not chosen is refused, as are unknown jobs and bad settings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runModel } from '../../../src-main/engine/pipeline/run';
import { ProjectFile } from '../../../src-main/store/projectFile';
import { generateProvince } from '../../fixtures/province/generate';
import { useTempDir } from '../../fixtures/tempDir';
import { harness } from './apiHarness';
import type { RollupJobStatus } from '../../../src-main/api/contract';

describe('rollup.* through dispatch', () => {
  const tmp = useTempDir('ra-rollup-api-');
  let folder = '';
  const codeOf = (e: unknown): string | undefined => (e as { code?: string }).code;

  beforeAll(async () => {
    const p = await generateProvince(join(tmp(), 'province'), { rows: 1, cols: 3, countyCells: 15, disagreeing: [] });
    folder = join(tmp(), 'results');
    for (const c of p.counties.slice(0, 2)) await runModel(c.model, join(folder, 'riskatlas_out', c.code), { workers: 0 });
    // The third county as a project computed elsewhere, then moved into the folder.
    const c = p.counties[2]!;
    const away = join(tmp(), 'away');
    const data = join(away, '丙县.data');
    mkdirSync(data, { recursive: true });
    cpSync(join(p.dir, 'data', c.code), join(data, 'data', c.code), { recursive: true });
    const modelPath = join(data, '.model-r1.json');
    writeFileSync(modelPath, readFileSync(c.model));
    await runModel(modelPath, join(data, 'runs', 'r1'), { workers: 0 });
    const project = await ProjectFile.create(join(away, '丙县.riskatlas'), '丙县');
    project.recordRun({ id: 'r1', started: '2026-12-01T00:00:00Z', finished: '2026-12-01T00:01:00Z', model: readFileSync(c.model, 'utf8'), summary: {} });
    await project.save();
    project.close();
    renameSync(join(away, '丙县.riskatlas'), join(folder, '丙县.riskatlas'));
    renameSync(data, join(folder, '丙县.data'));
    (await ProjectFile.create(join(folder, '丁县.riskatlas'), '丁县')).close();
  }, 120_000);

  it('scans a chosen folder: run folders, a moved project\'s last run, and the project never computed left out', async () => {
    const api = harness((path) => path === folder);
    const v = await api.call('rollup.scan', { folder });
    expect(v.counties.map((c) => [c.code, c.cityName])).toEqual([['990101', '东原市'], ['990102', '东原市'], ['990103', '东原市']]);
    expect(v.skipped).toEqual([{ path: join(folder, '丁县.riskatlas'), error: expect.objectContaining({ code: 'E_ARG_INVALID' }) }]);
    expect(v.epsgs).toEqual([4546]);
    expect(v.suggestedEpsg).toBeUndefined();
    expect(codeOf(await api.call('rollup.scan', { folder: tmp() }).catch((e: unknown) => e))).toBe('E_PATH_FORBIDDEN');
  });

  it('rolls the folder up as a job polled to its end', async () => {
    const api = harness((path) => path === folder);
    const { jobId } = await api.call('rollup.start', { folder, level: 'province', grades: 'rederive', dpi: 30 });
    let s: RollupJobStatus;
    do {
      await new Promise((r) => setTimeout(r, 100));
      s = await api.call('rollup.status', { jobId });
    } while (s.state === 'running');
    expect(s.error).toBeUndefined();
    expect(s.state).toBe('done');
    const [area] = s.result!;
    expect(area).toMatchObject({ code: '990000', name: '示范省', outDir: join(folder, 'rollup_province'), counties: 3, gradeMode: 'rederive' });
    expect(area!.breaks).toHaveLength(6);
    expect(area!.files).toEqual(expect.arrayContaining(['risk_grade.tif', 'county_grade.tif', 'stats_by_county.csv', 'seam_report.html', 'maps/示范省自然灾害综合风险图.pdf', 'provenance.json']));
    expect(area!.statistics.reduce((sum, r) => sum + r.sharePct, 0)).toBeCloseTo(100, 6);
    expect(await api.call('rollup.cancel', { jobId })).toEqual({ cancelled: false });
  });

  it('refuses unknown jobs, bad settings and a folder in serve mode', async () => {
    const api = harness((path) => path === folder);
    expect(codeOf(await api.call('rollup.status', { jobId: 'rollup-000000000000' }).catch((e: unknown) => e))).toBe('E_ARG_INVALID');
    expect(codeOf(await api.call('rollup.start', { folder, level: 'country', grades: 'keep' }).catch((e: unknown) => e))).toBe('E_ARG_INVALID');
    const serve = harness(() => false);
    expect(codeOf(await serve.call('rollup.start', { folder, level: 'province', grades: 'keep' }).catch((e: unknown) => e))).toBe('E_PATH_FORBIDDEN');
  });
});
