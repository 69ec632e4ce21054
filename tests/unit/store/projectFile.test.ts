import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectFile, SCHEMA_VERSION } from '../../../src-main/store/projectFile';
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
    expect(q.layers().map((l) => l.id)).toEqual(['dem', 'townships']);
    expect(q.layers()[0]!.embedded).toEqual(Uint8Array.from([1, 2, 3]));
    expect(q.layers()[1]!.meta).toEqual({ featureCount: 6 });
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
