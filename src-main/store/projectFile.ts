/**
 * The project file: one SQLite database (sql.js, in memory while open) holding the
 * catalogue of layers, the model document, QC findings, review comments and the run
 * history. Inputs are referenced by path and content hash, or embedded.
 *
 * Saving never loses work: the database is written to a temporary sibling, fsynced and
 * renamed over the project (atomic on one filesystem), then the folder is fsynced; a crash
 * or kill at any moment leaves either the old file or the new one. Autosave writes the same
 * way to `<project>.autosave`; a newer autosave found at open is offered for recovery.
 */
import { createHash } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import type { Database } from 'sql.js';
import { RiskAtlasError } from '../engine/errors';
import { loadSqlJs } from '../engine/io/sqlite';
import { writeFileAtomic } from '../engine/export/atomicFile';

/** The schema version this build writes. Older files are migrated on open. */
export const SCHEMA_VERSION = 2;

/** Migrations: index i takes a file from version i to i + 1. */
const MIGRATIONS: string[] = [
  // 0 → 1: the first schema.
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE layers (id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, hazard TEXT, units TEXT,
     path TEXT NOT NULL, sha256 TEXT NOT NULL, embedded BLOB, meta_json TEXT NOT NULL);
   CREATE TABLE model (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
   CREATE TABLE runs (id TEXT PRIMARY KEY, started TEXT NOT NULL, finished TEXT, model_json TEXT NOT NULL, summary_json TEXT);`,
  // 1 → 2: QC findings and review comments.
  `CREATE TABLE qc_findings (id INTEGER PRIMARY KEY AUTOINCREMENT, rule TEXT NOT NULL, severity TEXT NOT NULL, layer TEXT, feature TEXT, message TEXT NOT NULL);
   CREATE TABLE comments (id INTEGER PRIMARY KEY AUTOINCREMENT, x REAL, y REAL, text TEXT NOT NULL, author TEXT, created TEXT NOT NULL, resolved INTEGER NOT NULL DEFAULT 0);`,
];

export interface LayerRecord {
  id: string;
  name: string;
  category: string;
  hazard?: string;
  units?: string;
  path: string;
  sha256: string;
  /** The layer's bytes when embedded in the project. */
  embedded?: Uint8Array;
  meta: unknown;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/** SHA-256 of a file, hex (inputs are referenced by content so a changed file is noticed). */
export async function fileSha256(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

export class ProjectFile {
  private constructor(
    readonly path: string,
    private readonly db: Database,
    /** True when a newer autosave than the file was found at open. */
    readonly recoverable: boolean,
  ) {}

  /** Create a new, empty project at `path` (written at once). */
  static async create(path: string, name: string): Promise<ProjectFile> {
    const SQL = await loadSqlJs();
    const p = new ProjectFile(path, new SQL.Database(), false);
    p.migrate();
    p.setMeta('name', name);
    p.setMeta('created', new Date().toISOString());
    await p.save();
    return p;
  }

  /**
   * Open a project. `fromAutosave` loads the autosave instead (after the user accepted
   * recovery). Errors: E_FILE_NOT_FOUND, E_PROJECT_CORRUPT (not a RiskAtlas project or damaged).
   */
  static async open(path: string, opts: { fromAutosave?: boolean } = {}): Promise<ProjectFile> {
    const autosave = `${path}.autosave`;
    const source = opts.fromAutosave ? autosave : path;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(source));
    } catch (err) {
      throw new RiskAtlasError('E_FILE_NOT_FOUND', (err as Error).message, { file: source });
    }
    if (new TextDecoder().decode(bytes.subarray(0, 16)) !== SQLITE_MAGIC) throw new RiskAtlasError('E_PROJECT_CORRUPT', 'not an SQLite database', { file: source });
    const SQL = await loadSqlJs();
    let db: Database;
    try {
      db = new SQL.Database(bytes);
      const check = db.exec('PRAGMA quick_check')[0]?.values[0]?.[0];
      if (check !== 'ok') throw new Error(`integrity check: ${String(check)}`);
    } catch (err) {
      throw new RiskAtlasError('E_PROJECT_CORRUPT', (err as Error).message, { file: source });
    }
    const [main, auto] = await Promise.all([stat(path).catch(() => null), stat(autosave).catch(() => null)]);
    const recoverable = !opts.fromAutosave && auto !== null && (main === null || auto.mtimeMs > main.mtimeMs);
    const p = new ProjectFile(path, db, recoverable);
    if (p.schemaVersion() > SCHEMA_VERSION) throw new RiskAtlasError('E_PROJECT_CORRUPT', `made by a newer RiskAtlas (schema ${p.schemaVersion()})`, { file: source });
    p.migrate();
    return p;
  }

  /** The schema version of the open database. */
  schemaVersion(): number {
    return Number(this.db.exec('PRAGMA user_version')[0]!.values[0]![0]);
  }

  private migrate(): void {
    for (let v = this.schemaVersion(); v < SCHEMA_VERSION; v++) {
      this.db.run('BEGIN');
      try {
        this.db.run(MIGRATIONS[v]!);
        this.db.run(`PRAGMA user_version = ${v + 1}`);
        this.db.run('COMMIT');
      } catch (err) {
        this.db.run('ROLLBACK');
        throw new RiskAtlasError('E_PROJECT_CORRUPT', `migration ${v} → ${v + 1} failed: ${(err as Error).message}`, { file: this.path });
      }
    }
  }

  setMeta(key: string, value: string): void {
    this.db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  getMeta(key: string): string | undefined {
    const r = this.db.exec('SELECT value FROM meta WHERE key = ?', [key])[0];
    return r ? String(r.values[0]![0]) : undefined;
  }

  /** Store the model document (JSON text, validated by the caller). */
  setModel(json: string): void {
    this.db.run('INSERT INTO model (id, json) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json', [json]);
  }

  getModel(): string | undefined {
    const r = this.db.exec('SELECT json FROM model WHERE id = 1')[0];
    return r ? String(r.values[0]![0]) : undefined;
  }

  putLayer(l: LayerRecord): void {
    this.db.run(
      `INSERT INTO layers (id, name, category, hazard, units, path, sha256, embedded, meta_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, category = excluded.category, hazard = excluded.hazard, units = excluded.units,
         path = excluded.path, sha256 = excluded.sha256, embedded = excluded.embedded, meta_json = excluded.meta_json`,
      [l.id, l.name, l.category, l.hazard ?? null, l.units ?? null, l.path, l.sha256, l.embedded ?? null, JSON.stringify(l.meta)],
    );
  }

  layers(): LayerRecord[] {
    const r = this.db.exec('SELECT id, name, category, hazard, units, path, sha256, embedded, meta_json FROM layers ORDER BY id')[0];
    return (r?.values ?? []).map(([id, name, category, hazard, units, path, sha256, embedded, meta]) => ({
      id: String(id),
      name: String(name),
      category: String(category),
      ...(hazard !== null ? { hazard: String(hazard) } : {}),
      ...(units !== null ? { units: String(units) } : {}),
      path: String(path),
      sha256: String(sha256),
      ...(embedded instanceof Uint8Array ? { embedded } : {}),
      meta: JSON.parse(String(meta)) as unknown,
    }));
  }

  addComment(c: { x: number; y: number; text: string; author?: string }): number {
    this.db.run('INSERT INTO comments (x, y, text, author, created) VALUES (?, ?, ?, ?, ?)', [c.x, c.y, c.text, c.author ?? null, new Date().toISOString()]);
    return Number(this.db.exec('SELECT last_insert_rowid()')[0]!.values[0]![0]);
  }

  comments(): { id: number; x: number; y: number; text: string; author: string | null; created: string }[] {
    const r = this.db.exec('SELECT id, x, y, text, author, created FROM comments ORDER BY id')[0];
    return (r?.values ?? []).map(([id, x, y, text, author, created]) => ({ id: Number(id), x: Number(x), y: Number(y), text: String(text), author: author === null ? null : String(author), created: String(created) }));
  }

  recordRun(r: { id: string; started: string; finished?: string; model: string; summary?: unknown }): void {
    this.db.run('INSERT OR REPLACE INTO runs (id, started, finished, model_json, summary_json) VALUES (?, ?, ?, ?, ?)', [
      r.id,
      r.started,
      r.finished ?? null,
      r.model,
      r.summary === undefined ? null : JSON.stringify(r.summary),
    ]);
  }

  runs(): { id: string; started: string; finished: string | null }[] {
    const r = this.db.exec('SELECT id, started, finished FROM runs ORDER BY started')[0];
    return (r?.values ?? []).map(([id, started, finished]) => ({ id: String(id), started: String(started), finished: finished === null ? null : String(finished) }));
  }

  /** Save to the project path, atomically; the autosave is no longer needed afterwards. */
  async save(): Promise<void> {
    this.setMeta('saved', new Date().toISOString());
    await writeFileAtomic(this.path, this.db.export());
    await rm(`${this.path}.autosave`, { force: true });
  }

  /** Write the current state to `<project>.autosave`, atomically, leaving the project file as it is. */
  async autosave(): Promise<void> {
    await writeFileAtomic(`${this.path}.autosave`, this.db.export());
  }

  /** Throw the autosave away (the user declined recovery). */
  async discardAutosave(): Promise<void> {
    await rm(`${this.path}.autosave`, { force: true });
  }

  close(): void {
    this.db.close();
  }
}
