import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { hasReference } from '../../fixtures/referenceTools';
import { harness, type Harness } from './apiHarness';
import { codeOf } from '../../fixtures/errorCode';
import { ProjectFile } from '../../../src-main/store/projectFile';
import { encodePng } from '../../../src-main/engine/export/png';
import type { ProjectView } from '../../../src-main/api/contract';

let h: Harness;
afterEach(async () => {
  await h?.session.close();
});

/** A delivered package: a map image, a table, a raster, a document, and things that are not deliverables. */
function makePackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ra-pkg-'));
  mkdirSync(join(dir, 'maps'));
  writeFileSync(join(dir, 'maps', '综合风险等级图.png'), encodePng(2, 1, Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 255])));
  writeFileSync(join(dir, 'risk_stats.csv'), '\uFEFF等级,面积\r\n高,1.5\r\n');
  writeFileSync(join(dir, 'risk_grade.tif'), new Uint8Array([73, 73, 42, 0]));
  writeFileSync(join(dir, 'provenance.json'), '{}');
  writeFileSync(join(dir, 'risk_grade.tfw'), 'x');
  writeFileSync(join(dir, '.hidden.png'), 'x');
  return dir;
}

describe('review through dispatch', () => {
  it('opens a package folder read-only, lists its deliverables, serves one, refuses paths outside it', async () => {
    h = harness();
    const dir = makePackage();
    const v = await h.call('review.open', { path: dir });
    expect(v.kind).toBe('package');
    expect(v.status).toBeNull();
    expect(v.georeference).toBeNull(); // its provenance.json has no grid
    expect(v.items.map((i) => [i.id, i.kind])).toEqual([
      ['maps/综合风险等级图.png', 'map'],
      ['provenance.json', 'document'],
      ['risk_grade.tif', 'raster'],
      ['risk_stats.csv', 'table'],
    ]);
    const item = await h.call('review.item', { id: 'maps/综合风险等级图.png' });
    expect(item.mime).toBe('image/png');
    expect(item.dataUrl.startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true);
    expect(await codeOf(h.call('review.item', { id: '../etc/passwd' }))).toBe('E_PATH_FORBIDDEN');
    expect(await codeOf(h.call('review.item', { id: '.hidden.png' }))).toBe('E_PATH_FORBIDDEN');
    expect(await codeOf(h.call('review.item', { id: 'review.riskatlas' }))).toBe('E_PATH_FORBIDDEN');
    expect(await codeOf(h.call('review.item', { id: 'maps/none.png' }))).toBe('E_FILE_NOT_FOUND');
    const outside = join(mkdtempSync(join(tmpdir(), 'ra-secret-')), 'secret.png');
    writeFileSync(outside, 'secret');
    symlinkSync(outside, join(dir, 'maps', 'link.png'));
    expect(await codeOf(h.call('review.item', { id: 'maps/link.png' }))).toBe('E_PATH_FORBIDDEN');
    expect((await h.call('review.view')).items.map((i) => i.id)).not.toContain('maps/link.png');
    expect(await codeOf(h.call('upload.begin', { fileName: 'a.tif', size: 1 }))).toBe('E_READ_ONLY');
    expect(await codeOf(h.call('review.open', { path: join(dir, 'nothing') }))).toBe('E_FILE_NOT_FOUND');
  });

  it('a package with a run provenance says where its maps lie; comments are exported in that CRS', async () => {
    h = harness();
    const dir = makePackage();
    writeFileSync(join(dir, 'provenance.json'), JSON.stringify({ grid: { epsg: 4546, originX: 464400, originY: 4045700, cellSize: 100, width: 317, height: 311 } }));
    const v = await h.call('review.open', { path: dir });
    expect(v.georeference).toMatchObject({ epsg: 4546, extent: [464400, 4014600, 496100, 4045700] });
    expect(v.georeference!.proj4).toContain('+lon_0=111');
    await h.call('review.addComment', { x: 470000, y: 4030000, text: '核实', author: '甲' });
    expect((await h.call('review.export', { format: 'csv' })).text.split('\r\n')[0]).toContain('X EPSG:4546');
    writeFileSync(join(dir, 'provenance.json'), '{"grid": {"epsg": "x"}}');
    expect((await h.call('review.view')).georeference).toBeNull();
  });

  it('comments pinned to the map and decisions are stored at once in the package review file and come back on reopen', async () => {
    h = harness();
    const dir = makePackage();
    await h.call('review.open', { path: dir });
    const c = await h.call('review.addComment', { x: 470123.5, y: 4031000.25, text: '南沟乡隐患点位置与影像不符', author: '县应急管理局 张工', target: 'maps/综合风险等级图.png' });
    expect(c).toMatchObject({ id: 1, x: 470123.5, y: 4031000.25, author: '县应急管理局 张工', target: 'maps/综合风险等级图.png', resolved: false });
    expect(Number.isNaN(Date.parse(c.created))).toBe(false);
    expect(await codeOf(h.call('review.addComment', { x: 1, y: 2, text: '   ', author: 'a' }))).toBe('E_ARG_INVALID');
    expect(await codeOf(h.call('review.decide', { decision: 'returned', reviewer: '市应急局' }))).toBe('E_ARG_INVALID');
    const d = await h.call('review.decide', { decision: 'returned', reasons: '隐患点缺少威胁人数字段', reviewer: '市应急局' });
    expect(d).toMatchObject({ decision: 'returned', reasons: '隐患点缺少威胁人数字段' });
    expect((await h.call('review.resolveComment', { id: 1, resolved: true })).resolved).toBe(true);
    expect(await codeOf(h.call('review.resolveComment', { id: 99, resolved: true }))).toBe('E_ARG_INVALID');
    await h.call('review.decide', { decision: 'approved', reviewer: '市应急局' });
    // Stored without any save: the file on disk has them already.
    const file = await ProjectFile.open(join(dir, 'review.riskatlas'));
    expect(file.comments()).toHaveLength(1);
    expect(file.decisions().map((x) => x.decision)).toEqual(['returned', 'approved']);
    file.close();
    await h.call('project.close');
    const again = await h.call('review.open', { path: dir });
    expect(again.status).toBe('approved');
    expect(again.comments[0]).toMatchObject({ text: '南沟乡隐患点位置与影像不符', resolved: true });
    expect(await h.call('review.close')).toEqual({ closed: true });
    expect(await h.call('project.info')).toBeNull();
  });

  it('refuses to approve while pinned comments are unresolved unless a reason is given, and records the reason and the count', async () => {
    h = harness();
    const dir = makePackage();
    await h.call('review.open', { path: dir });
    await h.call('review.addComment', { x: 1, y: 2, text: '图例缺少无数据', author: '甲' });
    await h.call('review.addComment', { x: 3, y: 4, text: '审图号未填', author: '甲' });
    await h.call('review.resolveComment', { id: 2, resolved: true });
    const refused = await h.raw('review.decide', { decision: 'approved', reviewer: '市应急局' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'E_ARG_INVALID', params: { unresolved: 1 } });
    const d = await h.call('review.decide', { decision: 'approved', reasons: '无数据图例不影响使用，下一版补充', reviewer: '市应急局' });
    expect(d).toMatchObject({ decision: 'approved', reasons: '无数据图例不影响使用，下一版补充', unresolved: 1 });
    const csv = (await h.call('review.export', { format: 'csv' })).text;
    expect(csv).toContain('无数据图例不影响使用，下一版补充');
    expect(csv).toContain('通过（1 条批注未处理）');
    await h.call('review.resolveComment', { id: 1, resolved: true });
    expect(await h.call('review.decide', { decision: 'approved', reviewer: '市应急局' })).toMatchObject({ unresolved: 0, reasons: '' });
  });

  it('shows a CSV table as rows, quoted fields and Chinese intact', async () => {
    h = harness();
    const dir = makePackage();
    writeFileSync(join(dir, 'stats_by_zone.csv'), '\uFEFF分区,说明\r\n重点防治区,"含逗号,和""引号"""\r\n');
    await h.call('review.open', { path: dir });
    expect(await h.call('review.table', { id: 'stats_by_zone.csv' })).toEqual({ sheets: [{ name: 'stats_by_zone.csv', rows: [['分区', '说明'], ['重点防治区', '含逗号,和"引号"']], truncated: false }] });
    expect(await codeOf(h.call('review.table', { id: 'provenance.json' }))).toBe('E_ARG_INVALID');
    expect(await codeOf(h.call('review.table', { id: '../x.csv' }))).toBe('E_PATH_FORBIDDEN');
  });

  it.skipIf(!hasReference('gdalinfo'))('shows an XLSX written by GDAL sheet by sheet, and draws a GeoTIFF written by GDAL on the map as a layer', async () => {
    h = harness();
    const dir = makePackage();
    const csv = join(mkdtempSync(join(tmpdir(), 'ra-xlsx-')), '按乡镇.csv');
    writeFileSync(csv, '乡镇,面积\n城关镇,158.87\n龙门镇,201.5\n');
    execFileSync('ogr2ogr', ['-f', 'XLSX', join(dir, 'statistics.xlsx'), csv]);
    const asc = join(dirname(csv), 'g.asc');
    writeFileSync(asc, 'ncols 2\nnrows 2\nxllcorner 470000\nyllcorner 4030000\ncellsize 100\nNODATA_value 0\n1 2\n3 0\n');
    execFileSync('gdal_translate', ['-q', '-ot', 'Byte', '-a_srs', 'EPSG:4546', asc, join(dir, 'zoning.tif')]);
    await h.call('review.open', { path: dir });
    const t = await h.call('review.table', { id: 'statistics.xlsx' });
    expect(t.sheets[0]!.rows).toEqual([['乡镇', '面积'], ['城关镇', '158.87'], ['龙门镇', '201.5']]);
    const layer = await h.call('review.layer', { id: 'zoning.tif' });
    expect(layer).toMatchObject({ category: 'result', visible: true, meta: { kind: 'raster', width: 2, height: 2 }, style: { type: 'classes' } });
    expect(h.session.dataSource(layer.id)?.path.endsWith('zoning.tif')).toBe(true);
    expect(await codeOf(h.call('review.layer', { id: 'risk_stats.csv' }))).toBe('E_ARG_INVALID');
  });

  it('exports the review as CSV (BOM, Chinese headers, formula-safe) and JSON', async () => {
    h = harness();
    const dir = makePackage();
    await h.call('review.open', { path: dir });
    await h.call('review.addComment', { x: 1.5, y: 2.5, text: '=HYPERLINK("x")', author: '审核员' });
    await h.call('review.addComment', { x: 3, y: 4, text: '有逗号,和"引号"', author: '审核员' });
    await h.call('review.decide', { decision: 'returned', reasons: '请补充', reviewer: '局' });
    const csv = await h.call('review.export', { format: 'csv' });
    expect(csv.fileName).toMatch(/^review_.*\.csv$/);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('\uFEFF类型,编号,X,Y,图件,内容,人员,时间,状态');
    expect(lines[1]).toMatch(/^批注,1,1\.5,2\.5,,"'=HYPERLINK\(""x""\)",审核员,[^,]+,未处理$/);
    expect(lines[2]).toMatch(/^批注,2,3,4,,"有逗号,和""引号""",审核员,/);
    expect(lines[3]).toMatch(/^审核意见,1,,,,请补充,局,[^,]+,退回（2 条批注未处理）$/);
    const json = JSON.parse((await h.call('review.export', { format: 'json' })).text);
    expect(json).toMatchObject({ riskatlas: 'review', version: 1, status: 'returned', source: dir });
    expect(json.comments.map((c: { text: string }) => c.text)).toEqual(['=HYPERLINK("x")', '有逗号,和"引号"']);
  });

  it('serve mode: the open project is reviewed in place (saved first, read-only), then editable again', async () => {
    h = harness(() => false);
    const view = (await h.call('project.openDemo')) as ProjectView;
    expect(await h.call('review.close')).toEqual({ closed: false });
    const doc = (await h.call('model.get')).doc!;
    await h.call('model.update', { doc: { ...doc, name: '送审版' } });
    const v = await h.call('review.open', {});
    expect(v).toMatchObject({ kind: 'project', source: view.project!.path });
    expect(await h.call('project.info')).toMatchObject({ readOnly: true, dirty: false });
    expect(await codeOf(h.call('model.update', { doc }))).toBe('E_READ_ONLY');
    await h.call('review.addComment', { x: view.extent[0], y: view.extent[1], text: '西南角界线需核对', author: '审核员' });
    const onDisk = await ProjectFile.open(view.project!.path);
    expect(JSON.parse(onDisk.getModel()!).name).toBe('送审版');
    expect(onDisk.comments().map((c) => c.text)).toEqual(['西南角界线需核对']);
    onDisk.close();
    expect(await h.call('review.close')).toEqual({ closed: true });
    expect((await h.call('project.info'))!.readOnly).toBe(false);
    expect((await h.call('model.update', { doc })).doc!.name).toBe(doc.name);
  });

  it('a project opened for review refuses model and catalogue edits (E_READ_ONLY) but keeps comments, in analysis-CRS coordinates', async () => {
    h = harness();
    const view = (await h.call('project.openDemo')) as ProjectView;
    await h.call('project.save');
    await h.call('project.close');
    const v = await h.call('review.open', { path: view.project!.path });
    expect(v.kind).toBe('project');
    expect(v.items).toEqual([]); // nothing computed yet
    expect(v.georeference).toMatchObject({ epsg: 4546, extent: view.extent });
    expect((await h.call('project.info'))!.readOnly).toBe(true);
    const doc = (await h.call('model.get')).doc!;
    expect(await codeOf(h.call('model.update', { doc }))).toBe('E_READ_ONLY');
    expect(await codeOf(h.call('model.undo'))).toBe('E_READ_ONLY');
    expect(await codeOf(h.call('layer.update', { id: 'townships', name: 'x' }))).toBe('E_READ_ONLY');
    expect(await codeOf(h.call('layer.import', { path: '/etc/hosts' }))).toBe('E_READ_ONLY');
    await h.call('review.addComment', { x: view.extent[0] + 10, y: view.extent[1] + 10, text: '边界核对', author: '甲' });
    const csv = await h.call('review.export', { format: 'csv' });
    expect(csv.text.split('\r\n')[0]).toContain('X EPSG:4546');
    expect(existsSync(view.project!.path)).toBe(true);
    const file = await ProjectFile.open(view.project!.path);
    expect(file.comments().map((c) => c.text)).toEqual(['边界核对']);
    file.close();
  });
});
