import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HISTORY_LIMIT, ProjectFile, SCHEMA_VERSION } from '../../../src-main/store/projectFile';
import { loadSqlJs } from '../../../src-main/engine/io/sqlite';
import { codeOf } from '../../fixtures/errorCode';

const dir = mkdtempSync(join(tmpdir(), 'ra-proj-'));


describe('project file', () => {
  it('is a real SQLite database holding the catalogue, model, comments and runs across save and reopen', async () => {
    const path = join(dir, 'a.riskatlas');
    const p = await ProjectFile.create(path, '黄河示范县');
    p.putLayer({ id: 'townships', name: '乡镇', category: 'admin', path: 'townships.shp', sha256: 'ab'.repeat(32), meta: { featureCount: 6 } });
    p.putLayer({ id: 'dem', name: '数字高程模型', category: 'basemap', units: 'm', path: 'dem.tif', sha256: 'cd'.repeat(32), embedded: Uint8Array.from([1, 2, 3]), meta: {} });
    p.setModel('{"riskatlas":"model"}');
    p.addComment({ x: 470000, y: 4030000, text: '此处隐患点坐标需核实', author: '审核员' });
    p.recordRun({ id: 'run-1', started: '2026-11-24T00:00:00Z', finished: '2026-11-24T00:00:02Z', model: '{}', summary: { ok: true } });
    await p.save();
    p.close();
    expect(readFileSync(path).subarray(0, 15).toString()).toBe('SQLite format 3');
    const q = await ProjectFile.open(path);
    expect(q.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(q.getMeta('name')).toBe('黄河示范县');
    // The catalogue keeps the order layers were added in (the layer tree shows them so).
    expect(q.layers().map((l) => l.id)).toEqual(['townships', 'dem']);
    expect(q.layers()[1]!.embedded).toEqual(Uint8Array.from([1, 2, 3]));
    expect(q.layers()[0]!.meta).toEqual({ featureCount: 6 });
    expect(q.getModel()).toBe('{"riskatlas":"model"}');
    expect(q.comments()[0]).toMatchObject({ text: '此处隐患点坐标需核实', author: '审核员' });
    expect(q.runs()).toEqual([{ id: 'run-1', started: '2026-11-24T00:00:00Z', finished: '2026-11-24T00:00:02Z' }]);
    q.close();
  });

  it('migrates a version-1 project to the current schema on open', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.run(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('name', 'old');
      CREATE TABLE layers (id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, hazard TEXT, units TEXT, path TEXT NOT NULL, sha256 TEXT NOT NULL, embedded BLOB, meta_json TEXT NOT NULL);
      CREATE TABLE model (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
      CREATE TABLE runs (id TEXT PRIMARY KEY, started TEXT NOT NULL, finished TEXT, model_json TEXT NOT NULL, summary_json TEXT);
      PRAGMA user_version = 1;`);
    writeFileSync(join(dir, 'v1.riskatlas'), db.export());
    const p = await ProjectFile.open(join(dir, 'v1.riskatlas'));
    expect(p.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(p.getMeta('name')).toBe('old');
    p.addComment({ x: 0, y: 0, text: 'ok' });
    expect(p.comments()).toHaveLength(1);
  });

  it('offers a newer autosave for recovery and recovers it', async () => {
    const path = join(dir, 'b.riskatlas');
    const p = await ProjectFile.create(path, 'b');
    p.setMeta('step', 'saved');
    await p.save();
    p.setMeta('step', 'unsaved work');
    await p.autosave();
    // The autosave is written after the save: make that visible to coarse file-system clocks.
    const t = Date.now() / 1000;
    utimesSync(path, t - 10, t - 10);
    p.close();
    const q = await ProjectFile.open(path);
    expect(q.recoverable).toBe(true);
    expect(q.getMeta('step')).toBe('saved');
    const r = await ProjectFile.open(path, { fromAutosave: true });
    expect(r.getMeta('step')).toBe('unsaved work');
    await r.save();
    expect(existsSync(`${path}.autosave`)).toBe(false);
    expect((await ProjectFile.open(path)).recoverable).toBe(false);
  });

  it('refuses a damaged or foreign file with E_PROJECT_CORRUPT, and a missing one with E_FILE_NOT_FOUND', async () => {
    writeFileSync(join(dir, 'text.riskatlas'), 'hello');
    expect(await codeOf(ProjectFile.open(join(dir, 'text.riskatlas')))).toBe('E_PROJECT_CORRUPT');
    const good = readFileSync(join(dir, 'a.riskatlas'));
    writeFileSync(join(dir, 'cut.riskatlas'), good.subarray(0, Math.floor(good.length / 2)));
    expect(await codeOf(ProjectFile.open(join(dir, 'cut.riskatlas')))).toBe('E_PROJECT_CORRUPT');
    expect(await codeOf(ProjectFile.open(join(dir, 'none.riskatlas')))).toBe('E_FILE_NOT_FOUND');
  });
});

describe('project file, workflow tables (schema 3)', () => {
  it('migrates a version-2 project: old comments keep their text and gain target/resolved; new tables work', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.run(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('name', 'v2');
      CREATE TABLE layers (id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, hazard TEXT, units TEXT, path TEXT NOT NULL, sha256 TEXT NOT NULL, embedded BLOB, meta_json TEXT NOT NULL);
      CREATE TABLE model (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
      CREATE TABLE runs (id TEXT PRIMARY KEY, started TEXT NOT NULL, finished TEXT, model_json TEXT NOT NULL, summary_json TEXT);
      CREATE TABLE qc_findings (id INTEGER PRIMARY KEY AUTOINCREMENT, rule TEXT NOT NULL, severity TEXT NOT NULL, layer TEXT, feature TEXT, message TEXT NOT NULL);
      CREATE TABLE comments (id INTEGER PRIMARY KEY AUTOINCREMENT, x REAL, y REAL, text TEXT NOT NULL, author TEXT, created TEXT NOT NULL, resolved INTEGER NOT NULL DEFAULT 0);
      INSERT INTO comments (x, y, text, author, created) VALUES (1, 2, '旧批注', '甲', '2026-01-01T00:00:00Z');
      INSERT INTO layers VALUES ('dem', '高程', 'basemap', NULL, 'm', 'dem.tif', 'x', NULL, '{}');
      PRAGMA user_version = 2;`);
    writeFileSync(join(dir, 'v2.riskatlas'), db.export());
    const p = await ProjectFile.open(join(dir, 'v2.riskatlas'));
    expect(p.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(p.comments()).toEqual([{ id: 1, x: 1, y: 2, text: '旧批注', author: '甲', created: '2026-01-01T00:00:00Z', target: null, resolved: false }]);
    expect(p.layers()[0]).toMatchObject({ id: 'dem', units: 'm' });
    expect(p.layers()[0]!.description).toBeUndefined();
    expect(p.dirty).toBe(false);
    p.addDecision({ decision: 'returned', reasons: '隐患点缺少威胁人数', reviewer: '应急局' });
    expect(p.decisions()).toMatchObject([{ id: 1, decision: 'returned', reasons: '隐患点缺少威胁人数', reviewer: '应急局' }]);
    expect(p.dirty).toBe(true);
  });

  it('keeps each sheet\'s edited layout across save and reopen, replaces it on a new edit and drops it on reset', async () => {
    const path = join(dir, 'sheets.riskatlas');
    const p = await ProjectFile.create(path, 's');
    expect(p.sheetLayouts()).toEqual([]);
    p.setSheetLayout('riskGrade', '{"title":"甲"}');
    p.setSheetLayout('hazard:h_flood', '{"title":"乙"}');
    p.setSheetLayout('riskGrade', '{"title":"丙"}');
    expect(p.dirty).toBe(true);
    await p.save();
    p.close();
    const q = await ProjectFile.open(path);
    expect(q.sheetLayouts()).toEqual([
      { sheet: 'hazard:h_flood', json: '{"title":"乙"}' },
      { sheet: 'riskGrade', json: '{"title":"丙"}' },
    ]);
    expect(q.removeSheetLayout('riskGrade')).toBe(true);
    expect(q.removeSheetLayout('riskGrade')).toBe(false);
    expect(q.sheetLayouts().map((l) => l.sheet)).toEqual(['hazard:h_flood']);
  });

  it('keeps model history for undo and redo across save and reopen, drops the redo tail on a new edit', async () => {
    const path = join(dir, 'hist.riskatlas');
    const p = await ProjectFile.create(path, 'h');
    p.setModel('{"v":0}');
    expect(p.historyState()).toEqual({ canUndo: false, canRedo: false });
    p.commitModel('{"v":1}');
    p.commitModel('{"v":2}');
    expect(p.getModel()).toBe('{"v":2}');
    expect(p.undoModel()).toBe('{"v":1}');
    expect(p.undoModel()).toBe('{"v":0}');
    expect(p.undoModel()).toBeUndefined();
    expect(p.getModel()).toBe('{"v":0}');
    expect(p.historyState()).toEqual({ canUndo: false, canRedo: true });
    expect(p.redoModel()).toBe('{"v":1}');
    await p.save();
    p.close();
    const q = await ProjectFile.open(path);
    expect(q.getModel()).toBe('{"v":1}');
    expect(q.historyState()).toEqual({ canUndo: true, canRedo: true });
    q.commitModel('{"v":3}');
    expect(q.historyState()).toEqual({ canUndo: true, canRedo: false });
    expect(q.redoModel()).toBeUndefined();
    expect(q.undoModel()).toBe('{"v":1}');
  });

  it('keeps at most HISTORY_LIMIT model documents', async () => {
    const p = await ProjectFile.create(join(dir, 'long.riskatlas'), 'l');
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) p.commitModel(`{"v":${i}}`);
    let steps = 0;
    while (p.undoModel() !== undefined) steps++;
    expect(steps).toBe(HISTORY_LIMIT - 1);
    expect(p.getModel()).toBe(`{"v":${20}}`);
  });

  it('stores QC findings with their location, replacing the previous run', async () => {
    const p = await ProjectFile.create(join(dir, 'qc.riskatlas'), 'q');
    p.setQcFindings([{ rule: 'CRS-01', severity: 'error', layer: 'shelters', message: 'no CRS' }], '2026-11-25T00:00:00Z');
    p.setQcFindings(
      [
        { rule: 'DUP-01', severity: 'warning', layer: 'buildings', feature: 7, at: [470001.5, 4030002.25], message: 'within 5 m' },
        { rule: 'RNG-02', severity: 'error', layer: 'buildings', feature: 0, message: 'storeys 0' },
      ],
      '2026-11-25T01:00:00Z',
    );
    expect(p.qcFindings().map(({ id: _id, ...f }) => f)).toEqual([
      { rule: 'DUP-01', severity: 'warning', layer: 'buildings', feature: 7, at: [470001.5, 4030002.25], message: 'within 5 m' },
      { rule: 'RNG-02', severity: 'error', layer: 'buildings', feature: 0, message: 'storeys 0' },
    ]);
    expect(p.getMeta('qc_ran_at')).toBe('2026-11-25T01:00:00Z');
  });

  it('saveAs writes the new file, keeps the old one and tracks unsaved changes', async () => {
    const a = join(dir, 'orig.riskatlas');
    const p = await ProjectFile.create(a, 'orig');
    expect(p.dirty).toBe(false);
    p.putLayer({ id: 'x', name: 'x', category: 'admin', path: 'x.shp', sha256: '0', meta: {}, description: '来自县自然资源局', crs: 4546 });
    expect(p.dirty).toBe(true);
    const b = join(dir, 'copy.riskatlas');
    await p.saveAs(b);
    expect(p.path).toBe(b);
    expect(p.dirty).toBe(false);
    expect((await ProjectFile.open(a)).layers()).toEqual([]);
    expect((await ProjectFile.open(b)).layers()[0]).toMatchObject({ description: '来自县自然资源局', crs: 4546 });
    expect(p.resolveComment(99, true)).toBe(false);
    const id = p.addComment({ x: 1, y: 2, text: 't', target: 'risk_grade.png' });
    expect(p.resolveComment(id, true)).toBe(true);
    expect(p.comments()[0]).toMatchObject({ target: 'risk_grade.png', resolved: true });
    expect(p.removeLayer('x')).toBe(true);
    expect(p.removeLayer('x')).toBe(false);
  });
});
