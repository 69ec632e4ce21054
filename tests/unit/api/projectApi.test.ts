import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harness, type Harness } from './apiHarness';
import { codeOf } from '../../fixtures/errorCode';
import { ProjectFile } from '../../../src-main/store/projectFile';
import type { ModelDocument, ProjectView } from '../../../src-main/api/contract';
import { Session } from '../../../src-main/api/session';
import { createHandlers } from '../../../src-main/api/handlers';
import { dispatch } from '../../../src-main/api/dispatch';

let h: Harness;
afterEach(async () => {
  await h?.session.close();
});

describe('project.* through dispatch', () => {
  it('creates an empty project in the workspace, with its data folder, and refuses a second one of the same path', async () => {
    h = harness();
    const draft = await h.call('project.new', { name: '黄河示范县' });
    expect(draft.draft).toBe(true);
    expect(draft.layers).toEqual([]);
    expect(draft.project.path).toBe(join(h.workspace, '黄河示范县.riskatlas'));
    expect(existsSync(draft.project.path)).toBe(true);
    expect(existsSync(join(h.workspace, '黄河示范县.data'))).toBe(true);
    expect(await h.call('model.get')).toMatchObject({ doc: null, canUndo: false, canRedo: false });
    expect(await h.call('project.current')).toBeNull();
    const second = await h.call('project.new', { name: '黄河示范县' });
    expect(second.project.path).toBe(join(h.workspace, '黄河示范县 (2).riskatlas'));
    expect(await codeOf(h.call('project.new', { name: 'x', path: second.project.path }))).toBe('E_WRITE');
  });

  it('validates arguments: names with path characters, unknown keys, missing project', async () => {
    h = harness();
    expect((await h.raw('project.new', { name: '../evil' })).ok).toBe(false);
    expect(await codeOf(h.call('project.new', { name: 'a/b' }))).toBe('E_ARG_INVALID');
    expect(await codeOf(h.call('project.new', { name: 'a', extra: 1 }))).toBe('E_ARG_INVALID');
    expect(await codeOf(h.call('project.save'))).toBe('E_NO_PROJECT');
    expect(await codeOf(h.call('model.get'))).toBe('E_NO_PROJECT');
    expect(await h.call('project.info')).toBeNull();
    expect(await h.call('project.close')).toEqual({ closed: false });
  });

  it('serve mode: user paths are refused (E_PATH_FORBIDDEN), projects go to the workspace', async () => {
    h = harness(() => false);
    expect(await codeOf(h.call('project.open', { path: '/etc/passwd' }))).toBe('E_PATH_FORBIDDEN');
    expect(await codeOf(h.call('project.new', { name: 'a', path: '/tmp/a.riskatlas' }))).toBe('E_PATH_FORBIDDEN');
    expect(await codeOf(h.call('layer.import', { path: '/etc/passwd' }))).toBe('E_PATH_FORBIDDEN');
    expect(await codeOf(h.call('review.open', { path: '/tmp' }))).toBe('E_PATH_FORBIDDEN');
    const d = await h.call('project.new', { name: 'served' });
    expect(d.project.path.startsWith(h.workspace)).toBe(true);
  });

  it('dialog.choose: the shell native dialog in Electron, refused in serve mode', async () => {
    h = harness(() => false);
    expect(await codeOf(h.call('dialog.choose', { purpose: 'importLayer' }))).toBe('E_PATH_FORBIDDEN');
    await h.session.close();
    const asked: string[] = [];
    h = harness(() => true, {
      choosePaths: async (purpose) => {
        asked.push(purpose);
        return purpose === 'openProject' ? [] : ['/data/乡镇.shp'];
      },
    });
    expect(await h.call('dialog.choose', { purpose: 'importLayer' })).toEqual({ paths: ['/data/乡镇.shp'] });
    expect(await h.call('dialog.choose', { purpose: 'openProject' })).toEqual({ paths: [] });
    expect(asked).toEqual(['importLayer', 'openProject']);
    expect(await codeOf(h.call('dialog.choose', { purpose: 'format disk' }))).toBe('E_ARG_INVALID');
  });

  it('the demo becomes a project: layers copied into its data folder, model stored, view complete', async () => {
    h = harness();
    const view = (await h.call('project.openDemo')) as ProjectView;
    expect(view.epsg).toBe(4546);
    expect(view.layers.length).toBeGreaterThan(10);
    const dataDir = view.project!.dataDir;
    for (const l of view.layers) {
      expect(existsSync(join(dataDir, l.file!))).toBe(true);
      expect(l.meta.path).toBe(join(dataDir, l.file!));
    }
    // The GBK township shapefile's Chinese names come through.
    const townships = view.layers.find((l) => l.id === 'townships')!;
    const page = await h.call('layer.features', { id: townships.id, limit: 10 });
    expect(page.rows.map((r) => r.properties.XZQMC)).toContain('城关镇');
    const m = await h.call('model.get');
    expect(m.doc!.grid.studyArea).toBeTruthy();
    const file = await ProjectFile.open(view.project!.path);
    expect(JSON.parse(file.getModel()!).name).toBe(view.name);
    expect(file.layers().length).toBe(view.layers.length);
    file.close();
  });

  it('saves, closes and reopens: catalogue, model, undo history and run-free state come back; saveAs copies the data folder', async () => {
    h = harness();
    const view = (await h.call('project.openDemo')) as ProjectView;
    const doc = (await h.call('model.get')).doc as ModelDocument;
    await h.call('model.update', { doc: { ...doc, name: '示范县（修改）' } });
    await h.call('layer.update', { id: 'townships', description: '县民政局 2021 年界线' });
    expect((await h.call('project.info'))!.dirty).toBe(true);
    const saved = await h.call('project.save');
    expect(saved.dirty).toBe(false);
    await h.call('project.close');
    const again = (await h.call('project.open', { path: view.project!.path })) as ProjectView;
    expect(again.name).toBe('示范县（修改）');
    expect(again.layers.find((l) => l.id === 'townships')!.description).toBe('县民政局 2021 年界线');
    expect(again.project!.canUndo).toBe(true);
    const undone = await h.call('model.undo');
    expect(undone.doc!.name).toBe(doc.name);

    const info = await h.call('project.saveAs', { name: '副本' });
    expect(info.path).toBe(join(h.workspace, '副本.riskatlas'));
    expect(existsSync(join(h.workspace, '副本.data', 'townships.shp'))).toBe(true);
    // The old file keeps what it had at its last save.
    const old = await ProjectFile.open(view.project!.path);
    expect(JSON.parse(old.getModel()!).name).toBe('示范县（修改）');
    old.close();
    const copy = await ProjectFile.open(info.path);
    expect(JSON.parse(copy.getModel()!).name).toBe(doc.name);
    copy.close();
  });

  it('offers a newer autosave for recovery; accepting brings the unsaved edit back, declining drops it', async () => {
    h = harness();
    const view = (await h.call('project.openDemo')) as ProjectView;
    const path = view.project!.path;
    const doc = (await h.call('model.get')).doc as ModelDocument;
    await h.call('model.update', { doc: { ...doc, name: '未保存的修改' } });
    await h.session.autosaveNow();
    const t = Date.now() / 1000;
    utimesSync(path, t - 10, t - 10);
    await h.call('project.close'); // as if the app had crashed: nothing saved
    const reopened = (await h.call('project.open', { path })) as ProjectView;
    expect(reopened.project!.recoverable).toBe(true);
    expect(reopened.name).toBe(doc.name);
    const recovered = (await h.call('project.recover', { accept: true })) as ProjectView;
    expect(recovered.name).toBe('未保存的修改');
    expect(recovered.project!.recoverable).toBe(false);
    expect(recovered.project!.dirty).toBe(true);
    await h.call('project.save');
    expect(existsSync(`${path}.autosave`)).toBe(false);
    expect(await codeOf(h.call('project.recover', { accept: true }))).toBe('E_ARG_INVALID');

    await h.call('model.update', { doc: { ...doc, name: '又一次' } });
    await h.session.autosaveNow();
    utimesSync(path, t - 10, t - 10);
    await h.call('project.close');
    await h.call('project.open', { path });
    const declined = (await h.call('project.recover', { accept: false })) as ProjectView;
    expect(declined.name).toBe('未保存的修改');
    expect(existsSync(`${path}.autosave`)).toBe(false);
  });

  it('writes unsaved changes to the autosave shortly after the last change, not before', async () => {
    h = harness(() => true, {}, { autosaveDelayMs: 150 });
    const view = (await h.call('project.openDemo')) as ProjectView;
    const doc = (await h.call('model.get')).doc as ModelDocument;
    await h.call('model.update', { doc: { ...doc, name: '自动保存' } });
    const auto = `${view.project!.path}.autosave`;
    expect(existsSync(auto)).toBe(false);
    for (let i = 0; i < 100 && !existsSync(auto); i++) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(auto)).toBe(true);
    const saved = await ProjectFile.open(auto);
    expect(JSON.parse(saved.getModel()!).name).toBe('自动保存');
    saved.close();
    // The project file itself still holds the last save.
    const main = await ProjectFile.open(view.project!.path);
    expect(JSON.parse(main.getModel()!).name).toBe(doc.name);
    main.close();
    await h.call('project.save');
    expect(existsSync(auto)).toBe(false);
  });

  it('remembers recent projects across sessions and tells which one has unsaved work to recover after a crash', async () => {
    h = harness();
    const a = (await h.call('project.new', { name: '甲县' })).project.path;
    const view = (await h.call('project.openDemo')) as ProjectView;
    const doc = (await h.call('model.get')).doc as ModelDocument;
    await h.call('model.update', { doc: { ...doc, name: '崩溃前的修改' } });
    await h.session.autosaveNow();
    const t = Date.now() / 1000;
    utimesSync(view.project!.path, t - 10, t - 10);
    await h.call('project.close'); // the app "crashes": no save
    // A new app session on the same machine.
    const next = new Session({ workspace: h.workspace });
    const handlers = createHandlers(next, () => true);
    const recent = await dispatch(handlers, 'project.recent', {});
    expect(recent).toEqual({
      ok: true,
      value: [
        { path: view.project!.path, exists: true, recoverable: true },
        { path: a, exists: true, recoverable: false },
      ],
    });
    await dispatch(handlers, 'project.open', { path: view.project!.path });
    const rec = await dispatch(handlers, 'project.recover', { accept: true });
    expect(rec.ok && (rec.value as ProjectView).name).toBe('崩溃前的修改');
    await next.close();
  });

  it('a model whose study area has no geometry is refused whole: model, history and redo stay as they were', async () => {
    h = harness();
    await h.call('project.openDemo');
    const dir = mkdtempSync(join(tmpdir(), 'ra-empty-'));
    const file = join(dir, 'empty_area.geojson');
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { MC: '空' }, geometry: null }] }));
    const imported = await h.call('layer.import', { path: file, crs: 4546 });
    const before = await h.call('model.get');
    expect(await codeOf(h.call('model.update', { doc: { ...before.doc!, grid: { ...before.doc!.grid, studyArea: imported.layer.id } } }))).toBe('E_MODEL_LAYER');
    expect(await h.call('model.get')).toEqual(before);
  });

  it('a cancelled run ends as cancelled, leaves no run in the history and no model file behind', async () => {
    h = harness();
    const view = (await h.call('project.openDemo')) as ProjectView;
    const { jobId } = await h.call('job.startRun');
    expect((await h.call('job.status', { jobId })).state).toBe('running');
    expect(await h.call('job.cancel', { jobId })).toEqual({ cancelled: true });
    const status = await h.session.waitForJob(jobId);
    expect(status.state).toBe('cancelled');
    expect(status.error?.code).toBe('E_CANCELLED');
    expect(await h.call('job.cancel', { jobId })).toEqual({ cancelled: false });
    expect(await h.call('project.runs')).toEqual([]);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(view.project!.dataDir).filter((f) => f.startsWith('.model-'))).toEqual([]);
  }, 60_000);

  it('refuses a damaged project file with E_PROJECT_CORRUPT and a missing one with E_FILE_NOT_FOUND', async () => {
    h = harness();
    const d = await h.call('project.new', { name: 'ok' });
    await h.call('project.close');
    const bytes = readFileSync(d.project.path);
    const cut = join(h.workspace, 'cut.riskatlas');
    (await import('node:fs')).writeFileSync(cut, bytes.subarray(0, 100));
    expect(await codeOf(h.call('project.open', { path: cut }))).toBe('E_PROJECT_CORRUPT');
    expect(await codeOf(h.call('project.open', { path: join(h.workspace, 'none.riskatlas') }))).toBe('E_FILE_NOT_FOUND');
    // A project file moved without its data folder says which folder is missing.
    const demo = (await h.call('project.openDemo')) as ProjectView;
    await h.call('project.close');
    const lonely = join(h.workspace, 'lonely.riskatlas');
    (await import('node:fs')).copyFileSync(demo.project!.path, lonely);
    const r = await h.raw('project.open', { path: lonely });
    expect(r).toMatchObject({ ok: false, error: { code: 'E_FILE_NOT_FOUND', file: join(h.workspace, 'lonely.data') } });
    expect(await h.call('project.info')).toBeNull();
  });
});
