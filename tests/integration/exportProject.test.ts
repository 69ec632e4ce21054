/**
 * `riskatlas export <project.riskatlas>`: the package of a project's last run as computed in
 * the app (whose model was a temporary copy), or of its model run now when it was never
 * computed, without changing the project file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harness } from '../unit/api/apiHarness';

const root = join(import.meta.dirname, '..', '..');

function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'riskatlas.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8' }, timeout: 300_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('riskatlas export <project>', () => {
  let project = '';
  let fresh = '';
  beforeAll(async () => {
    const h = harness();
    await h.call('project.openDemo');
    const { jobId } = await h.call('job.startRun');
    expect((await h.session.waitForJob(jobId)).error).toBeUndefined();
    // A sheet edited in the app (制图) and saved with the project.
    const layout = await h.call('sheet.layout', { kind: 'riskGrade' });
    await h.call('sheet.saveLayout', { layout: { ...layout, texts: { ...layout.texts, title: '黄河示范县综合风险图（项目内修改）' } } });
    await h.call('project.save');
    project = (await h.call('project.info'))!.path;
    await h.session.close();
    // A second project that was never computed.
    const h2 = harness();
    await h2.call('project.openDemo');
    await h2.call('project.save');
    fresh = (await h2.call('project.info'))!.path;
    await h2.session.close();
  }, 180_000);

  it('packages the last run and leaves the project file as it was', () => {
    const before = createHash('sha256').update(readFileSync(project)).digest('hex');
    const out = mkdtempSync(join(tmpdir(), 'ra-proj-pkg-'));
    const r = cli('export', project, '--out', out, '--maps', 'riskGrade', '--dpi', '40');
    expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('['))).toEqual([]);
    expect(r.status).toBe(0);
    for (const f of ['risk_grade.tif', 'statistics.xlsx', 'qc_report.csv', '说明.txt', 'maps/黄河示范县自然灾害综合风险图.pdf']) expect(existsSync(join(out, f)), f).toBe(true);
    // The project's edited layout is the one drawn, under the sheet's own file name.
    expect(JSON.parse(readFileSync(join(out, 'maps', 'layouts', '黄河示范县自然灾害综合风险图.json'), 'utf8')).texts.title).toBe('黄河示范县综合风险图（项目内修改）');
    if (existsSync('/usr/bin/pdftotext')) expect(spawnSync('pdftotext', [join(out, 'maps', '黄河示范县自然灾害综合风险图.pdf'), '-'], { encoding: 'utf8' }).stdout).toContain('黄河示范县综合风险图（项目内修改）');
    const prov = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    // The app's temporary model file is gone: the model is hashed as recorded in the provenance.
    expect(prov.inputs[0]).toMatchObject({ layer: '(model)', path: '(provenance.json: model)' });
    expect(prov.inputs.length).toBeGreaterThan(10);
    expect(createHash('sha256').update(readFileSync(project)).digest('hex')).toBe(before);
  });

  it('runs the model of a project that was never computed (as `riskatlas new` makes them) and packages that run, the project file unchanged', () => {
    const before = createHash('sha256').update(readFileSync(fresh)).digest('hex');
    const out = mkdtempSync(join(tmpdir(), 'ra-proj-none-'));
    const r = cli('export', fresh, '--out', out, '--maps', 'riskGrade', '--dpi', '40');
    expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('['))).toEqual([]);
    expect(r.status).toBe(0);
    for (const f of ['risk_grade.tif', 'provenance.json', '说明.txt', 'maps/黄河示范县自然灾害综合风险图.pdf']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(createHash('sha256').update(readFileSync(fresh)).digest('hex')).toBe(before);
  }, 300_000);
});
