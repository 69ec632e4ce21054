/**
 * The layout designer's API through dispatch, on the demo after a run: the default layout,
 * a live preview, and an export whose changed title is in the PDF (the Playwright flow).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { harness, type Harness } from '../unit/api/apiHarness';
import type { SheetLayout } from '../../src-main/api/contract';

const hasPoppler = existsSync('/usr/bin/pdftotext');
let h: Harness;

beforeAll(async () => {
  h = harness(() => false);
  await h.call('project.openDemo');
}, 120_000);

afterAll(async () => {
  await h.session.close();
});

describe('sheet.* methods', () => {
  it('refuse to make sheets before a run, with E_ARG_INVALID', async () => {
    const r = await h.raw('sheet.layout', { kind: 'riskGrade' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('E_ARG_INVALID');
  });

  it('give the default layout, a preview and an export with the edited title', async () => {
    const { jobId } = await h.call('job.startRun');
    const status = await h.session.waitForJob(jobId);
    expect(status.error).toBeUndefined();

    const catalog = await h.call('sheet.catalog');
    expect(catalog[0]).toEqual({ kind: 'riskGrade', title: '黄河示范县自然灾害综合风险图', customised: false });
    expect(catalog.map((c) => c.kind)).toEqual(expect.arrayContaining(['zoning', 'hazard', 'exposure']));
    expect(catalog.find((c) => c.kind === 'hazard' && c.layer === 'h_landslide')?.title).toBe('黄河示范县滑坡易发性危险性分布图');

    const layout = (await h.call('sheet.layout', { kind: 'riskGrade', paper: 'A4', orientation: 'landscape' })) as SheetLayout;
    expect(layout.texts.title).toBe('黄河示范县自然灾害综合风险图');
    expect(layout.texts.date).toMatch(/^\d{4}年\d{1,2}月$/);

    const preview = await h.call('sheet.preview', { layout, dpi: 30 });
    expect(preview.dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    const png = Buffer.from(preview.dataUrl.split(',')[1]!, 'base64');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([preview.widthPx, preview.heightPx]);
    expect([preview.widthMm, preview.heightMm]).toEqual([297, 210]);
    expect(preview.denominator % 10_000).toBe(0);
    expect(preview.overlaps).toEqual([]);
    expect(preview.placement.overflow).toEqual([]);

    const edited = { ...layout, texts: { ...layout.texts, title: '黄河示范县综合风险图（送审稿）' } };
    const out = await h.call('sheet.export', { layout: edited, format: 'pdf', inline: true });
    // Written under the sheet's own name (the package's), whatever its title says.
    expect(out.path.endsWith('maps/黄河示范县自然灾害综合风险图.pdf')).toBe(true);
    expect(readFileSync(out.path).length).toBe(out.bytes);
    expect(out.dataUrl!.startsWith('data:application/pdf;base64,')).toBe(true);
    if (hasPoppler) expect(execFileSync('pdftotext', [out.path, '-'], { encoding: 'utf8' })).toContain('黄河示范县综合风险图（送审稿）');
  }, 180_000);

  it('keep an edited layout in the project: sheet.layout gives it back, the catalogue marks it, reset forgets it', async () => {
    const layout = (await h.call('sheet.layout', { kind: 'zoning' })) as SheetLayout;
    const edited = { ...layout, texts: { ...layout.texts, title: '区划图（修改稿）', reviewNumber: '晋S（2026）001号' } };
    await h.call('sheet.saveLayout', { layout: edited });
    expect((await h.call('project.info'))!.dirty).toBe(true);
    expect(((await h.call('sheet.layout', { kind: 'zoning' })) as SheetLayout).texts).toMatchObject({ title: '区划图（修改稿）', reviewNumber: '晋S（2026）001号' });
    expect((await h.call('sheet.catalog')).find((c) => c.kind === 'zoning')?.customised).toBe(true);
    // Another paper asks for that paper's default.
    expect(((await h.call('sheet.layout', { kind: 'zoning', paper: 'A2' })) as SheetLayout).texts.title).toBe('黄河示范县自然灾害综合防治区划图');
    const back = (await h.call('sheet.resetLayout', { kind: 'zoning' })) as SheetLayout;
    expect(back.texts.title).toBe('黄河示范县自然灾害综合防治区划图');
    expect((await h.call('sheet.catalog')).find((c) => c.kind === 'zoning')?.customised).toBe(false);
  }, 60_000);

  it('package.export draws the edited sheet, never its default over it', async () => {
    // The risk sheet was exported with an edited title above: the package keeps that sheet.
    const r = await h.call('package.export', { maps: ['riskGrade'], paper: 'A4', dpi: 50 });
    const pdf = `${r.outDir}/maps/黄河示范县自然灾害综合风险图.pdf`;
    const layoutJson = JSON.parse(readFileSync(`${r.outDir}/maps/layouts/黄河示范县自然灾害综合风险图.json`, 'utf8')) as SheetLayout;
    expect(layoutJson.texts.title).toBe('黄河示范县综合风险图（送审稿）');
    if (hasPoppler) expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain('黄河示范县综合风险图（送审稿）');
  }, 180_000);

  it('package.export writes the deliverable package into the run folder', async () => {
    const r = await h.call('package.export', { maps: ['riskGrade'], paper: 'A4', dpi: 50 });
    const paths = r.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['statistics.xlsx', 'stats_by_township.csv', 'qc_report.csv', 'provenance.json', 'maps/黄河示范县自然灾害综合风险图.pdf', 'maps/黄河示范县自然灾害综合风险图.png']));
    expect(existsSync(`${r.outDir}/说明.txt`)).toBe(true);
    for (const f of r.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Sheets still render from the rewritten (overview) GeoTIFFs.
    const layout = (await h.call('sheet.layout', { kind: 'zoning' })) as SheetLayout;
    expect((await h.call('sheet.preview', { layout, dpi: 20 })).dataUrl.length).toBeGreaterThan(1000);
    const bad = await h.raw('package.export', { maps: ['everything'] });
    expect(bad.ok).toBe(false);
  }, 180_000);

  it('validate the layout at dispatch and name the wrong field', async () => {
    const layout = (await h.call('sheet.layout', { kind: 'zoning' })) as SheetLayout;
    const r = await h.raw('sheet.export', { layout: { ...layout, paper: 'B5' }, format: 'pdf' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('E_ARG_INVALID');
      expect(r.error.message).toContain('paper');
    }
    const off = await h.raw('sheet.preview', { layout: { ...layout, elements: { ...layout.elements, legend: { ...layout.elements.legend, x: 500 } } } });
    expect(off.ok).toBe(false);
    if (!off.ok) expect(off.error.message).toContain('elements.legend');
  }, 60_000);
});
