/**
 * The project file: one SQLite database (sql.js, in memory while open) holding the
 * catalogue of layers, the model document, QC findings, review comments and the run
 * history. Inputs are referenced by path and content hash, or embedded.
 *
 * Saving never loses work: the database is written to a temporary sibling, fsynced and
 * renamed over the project (atomic on one filesystem), then the folder is fsynced; a crash
 * or kill at any moment leaves either the old file or the new one. Autosave writes the same
 * way to `<project>.autosave`; a newer autosave found at open is offered for recovery.
 * Every write of the project file happens under its save lock and first merges the review
 * records on disk (projectLock.ts, reviewMerge.ts): a reviewer's comments are never erased.
 *
 * Over 400 lines on purpose: the schema, its migrations and every query on it stay in one
 * place, so a change of a table and of the code reading it are one edit.
 */
import type { ReviewComment } from '../engine/review/reviewExport';
import { createHash } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import type { Database } from 'sql.js';
import { RiskAtlasError } from '../../src-shared/errors';
import { loadSqlJs } from '../engine/io/sqlite';
import { writeFileAtomic } from '../engine/export/atomicFile';
import { withSaveLock } from './projectLock';
import { mergeReview, newUid } from './reviewMerge';

/** The schema version this build writes. Older files are migrated on open. */
export const SCHEMA_VERSION = 5;

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
  // 2 → 3: the desktop workflow — layer descriptions and user-given CRS, where a QC finding
  // is, which map a comment was made on, review decisions, and the model edit history (undo).
  `ALTER TABLE layers ADD COLUMN description TEXT;
   ALTER TABLE layers ADD COLUMN crs INTEGER;
   ALTER TABLE qc_findings ADD COLUMN at_x REAL;
   ALTER TABLE qc_findings ADD COLUMN at_y REAL;
   ALTER TABLE comments ADD COLUMN target TEXT;
   CREATE TABLE review_decisions (id INTEGER PRIMARY KEY AUTOINCREMENT, decision TEXT NOT NULL CHECK (decision IN ('approved', 'returned')),
     reasons TEXT NOT NULL, reviewer TEXT NOT NULL, created TEXT NOT NULL);
   CREATE TABLE model_history (seq INTEGER PRIMARY KEY, json TEXT NOT NULL);`,
  // 3 → 4: review records merged between copies (reviewMerge.ts) by a uid each, and when a
  // comment's resolution last changed. Existing records get a uid from what every copy of
  // the same file agrees on (id and time), so two copies migrated apart still match.
  `ALTER TABLE comments ADD COLUMN uid TEXT;
   ALTER TABLE comments ADD COLUMN resolved_at TEXT;
   UPDATE comments SET uid = 'v3-' || id || '-' || created;
   CREATE UNIQUE INDEX comments_uid ON comments (uid);
   ALTER TABLE review_decisions ADD COLUMN uid TEXT;
   UPDATE review_decisions SET uid = 'v3-' || id || '-' || created;
   CREATE UNIQUE INDEX review_decisions_uid ON review_decisions (uid);`,
  // 4 → 5: the map sheets' edited layouts, one per sheet of the series (kind, and the hazard or
  // indicator id for per-layer sheets), so an edit lasts and the package draws it.
  // A decision also records how many pinned comments were still unresolved when it was made; a
  // QC finding keeps its Chinese text beside the English one.
  `CREATE TABLE sheet_layouts (sheet TEXT PRIMARY KEY, json TEXT NOT NULL, updated TEXT NOT NULL);
   ALTER TABLE review_decisions ADD COLUMN unresolved INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE qc_findings ADD COLUMN message_zh TEXT;`,
];

/** Model edits kept for undo; older ones are dropped. */
export const HISTORY_LIMIT = 100;

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
  /** The technician's notes about the layer. */
  description?: string;
  /** EPSG given by the user for a file without a CRS. */
  crs?: number;
}

/** A QC finding as stored: rule, severity, layer, feature number, location (analysis CRS) and message. */
export interface StoredFinding {
  id: number;
  rule: string;
  severity: string;
  layer: string;
  feature?: number;
  at?: [number, number];
  message: string;
  /** The finding in Chinese, when QC gave it. */
  messageZh?: string;
}

/** A review comment pinned to a map position (analysis CRS). */
export type StoredComment = ReviewComment;

/** A review decision. */
export interface StoredDecision {
  id: number;
  decision: 'approved' | 'returned';
  reasons: string;
  reviewer: string;
  created: string;
  /** Pinned comments still unresolved when the decision was made. */
  unresolved: number;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

function schemaVersionOf(db: Database): number {
  return Number(db.exec('PRAGMA user_version')[0]!.values[0]![0]);
}

/** Bring `db` (of the file `file`) up to {@link SCHEMA_VERSION}. */
function migrate(db: Database, file: string): void {
  for (let v = schemaVersionOf(db); v < SCHEMA_VERSION; v++) {
    db.run('BEGIN');
    try {
      db.run(MIGRATIONS[v]!);
      db.run(`PRAGMA user_version = ${v + 1}`);
      db.run('COMMIT');
    } catch (err) {
      db.run('ROLLBACK');
      throw new RiskAtlasError('E_PROJECT_CORRUPT', `migration ${v} → ${v + 1} failed: ${(err as Error).message}`, { file });
    }
  }
}

/**
 * A project database read from `source`, checked and migrated. Errors: E_FILE_NOT_FOUND,
 * E_PROJECT_CORRUPT (not a RiskAtlas project, damaged, or made by a newer RiskAtlas).
 */
async function readDatabase(source: string): Promise<Database> {
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
  try {
    if (schemaVersionOf(db) > SCHEMA_VERSION) throw new RiskAtlasError('E_PROJECT_CORRUPT', `made by a newer RiskAtlas (schema ${schemaVersionOf(db)})`, { file: source });
    migrate(db, source);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** SHA-256 of a file, hex (inputs are referenced by content so a changed file is noticed). */
export async function fileSha256(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

export class ProjectFile {
  /** Changes since the last save (or open). */
  private changed = false;

  private constructor(
    private filePath: string,
    private readonly db: Database,
    /** True when a newer autosave than the file was found at open. */
    readonly recoverable: boolean,
  ) {}

  /** Absolute path of the project file (changes with {@link saveAs}). */
  get path(): string {
    return this.filePath;
  }

  /** True when something changed since the project was opened or last saved. */
  get dirty(): boolean {
    return this.changed;
  }

  /** Run a statement that changes the project (marks it dirty). */
  private write(sql: string, params: (string | number | null | Uint8Array)[] = []): void {
    this.db.run(sql, params);
    this.changed = true;
  }

  private rows(sql: string, params: (string | number | null)[] = []): unknown[][] {
    return this.db.exec(sql, params)[0]?.values ?? [];
  }

  /** Create a new, empty project at `path` (written at once). */
  static async create(path: string, name: string): Promise<ProjectFile> {
    const SQL = await loadSqlJs();
    const p = new ProjectFile(path, new SQL.Database(), false);
    migrate(p.db, path);
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
    const db = await readDatabase(opts.fromAutosave ? autosave : path);
    const [main, auto] = await Promise.all([stat(path).catch(() => null), stat(autosave).catch(() => null)]);
    const recoverable = !opts.fromAutosave && auto !== null && (main === null || auto.mtimeMs > main.mtimeMs);
    return new ProjectFile(path, db, recoverable);
  }

  /** The schema version of the open database. */
  schemaVersion(): number {
    return schemaVersionOf(this.db);
  }

  setMeta(key: string, value: string): void {
    this.write('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  getMeta(key: string): string | undefined {
    const r = this.db.exec('SELECT value FROM meta WHERE key = ?', [key])[0];
    return r ? String(r.values[0]![0]) : undefined;
  }

  /** Store the model document (JSON text, validated by the caller). */
  setModel(json: string): void {
    this.write('INSERT INTO model (id, json) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json', [json]);
  }

  getModel(): string | undefined {
    const r = this.db.exec('SELECT json FROM model WHERE id = 1')[0];
    return r ? String(r.values[0]![0]) : undefined;
  }

  putLayer(l: LayerRecord): void {
    this.write(
      `INSERT INTO layers (id, name, category, hazard, units, path, sha256, embedded, meta_json, description, crs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, category = excluded.category, hazard = excluded.hazard, units = excluded.units,
         path = excluded.path, sha256 = excluded.sha256, embedded = excluded.embedded, meta_json = excluded.meta_json,
         description = excluded.description, crs = excluded.crs`,
      [l.id, l.name, l.category, l.hazard ?? null, l.units ?? null, l.path, l.sha256, l.embedded ?? null, JSON.stringify(l.meta), l.description ?? null, l.crs ?? null],
    );
  }

  /** Remove a layer from the catalogue; false when there was none with this id. */
  removeLayer(id: string): boolean {
    const had = this.rows('SELECT 1 FROM layers WHERE id = ?', [id]).length > 0;
    if (had) this.write('DELETE FROM layers WHERE id = ?', [id]);
    return had;
  }

  layers(): LayerRecord[] {
    return this.rows('SELECT id, name, category, hazard, units, path, sha256, embedded, meta_json, description, crs FROM layers ORDER BY rowid').map(
      ([id, name, category, hazard, units, path, sha256, embedded, meta, description, crs]) => ({
        id: String(id),
        name: String(name),
        category: String(category),
        ...(hazard !== null ? { hazard: String(hazard) } : {}),
        ...(units !== null ? { units: String(units) } : {}),
        path: String(path),
        sha256: String(sha256),
        ...(embedded instanceof Uint8Array ? { embedded } : {}),
        meta: JSON.parse(String(meta)) as unknown,
        ...(description !== null ? { description: String(description) } : {}),
        ...(crs !== null ? { crs: Number(crs) } : {}),
      }),
    );
  }

  /** Pin a comment to a map position (analysis CRS); returns its id. `target` names the map it was made on. */
  addComment(c: { x: number; y: number; text: string; author?: string; target?: string }): number {
    this.write('INSERT INTO comments (x, y, text, author, created, target, uid) VALUES (?, ?, ?, ?, ?, ?, ?)', [c.x, c.y, c.text, c.author ?? null, new Date().toISOString(), c.target ?? null, newUid()]);
    return Number(this.rows('SELECT last_insert_rowid()')[0]![0]);
  }

  /** Mark a comment resolved (or open again); false when there is no such comment. */
  resolveComment(id: number, resolved: boolean): boolean {
    if (this.rows('SELECT 1 FROM comments WHERE id = ?', [id]).length === 0) return false;
    this.write('UPDATE comments SET resolved = ?, resolved_at = ? WHERE id = ?', [resolved ? 1 : 0, new Date().toISOString(), id]);
    return true;
  }

  comments(): StoredComment[] {
    return this.rows('SELECT id, x, y, text, author, created, target, resolved FROM comments ORDER BY created, id').map(([id, x, y, text, author, created, target, resolved]) => ({
      id: Number(id),
      x: Number(x),
      y: Number(y),
      text: String(text),
      author: author === null ? null : String(author),
      created: String(created),
      target: target === null ? null : String(target),
      resolved: Number(resolved) === 1,
    }));
  }

  /** Record the bureau's decision (approved, or returned with reasons) and the comments still unresolved then; returns its id. */
  addDecision(d: { decision: 'approved' | 'returned'; reasons: string; reviewer: string; unresolved?: number }): number {
    this.write('INSERT INTO review_decisions (decision, reasons, reviewer, created, uid, unresolved) VALUES (?, ?, ?, ?, ?, ?)', [d.decision, d.reasons, d.reviewer, new Date().toISOString(), newUid(), d.unresolved ?? 0]);
    return Number(this.rows('SELECT last_insert_rowid()')[0]![0]);
  }

  /** Every decision, oldest first (the last one is the package's status). */
  decisions(): StoredDecision[] {
    return this.rows('SELECT id, decision, reasons, reviewer, created, unresolved FROM review_decisions ORDER BY created, id').map(([id, decision, reasons, reviewer, created, unresolved]) => ({
      id: Number(id),
      decision: String(decision) as 'approved' | 'returned',
      reasons: String(reasons),
      reviewer: String(reviewer),
      created: String(created),
      unresolved: Number(unresolved),
    }));
  }

  /** Keep the edited layout of sheet `sheet` (its kind, `kind:layer` for per-layer sheets); `json` is validated by the caller. */
  setSheetLayout(sheet: string, json: string): void {
    this.write('INSERT INTO sheet_layouts (sheet, json, updated) VALUES (?, ?, ?) ON CONFLICT(sheet) DO UPDATE SET json = excluded.json, updated = excluded.updated', [sheet, json, new Date().toISOString()]);
  }

  /** Drop a sheet's edited layout (back to the default); false when it had none. */
  removeSheetLayout(sheet: string): boolean {
    const had = this.rows('SELECT 1 FROM sheet_layouts WHERE sheet = ?', [sheet]).length > 0;
    if (had) this.write('DELETE FROM sheet_layouts WHERE sheet = ?', [sheet]);
    return had;
  }

  /** Every edited sheet layout, by sheet key (JSON text as stored). */
  sheetLayouts(): { sheet: string; json: string }[] {
    return this.rows('SELECT sheet, json FROM sheet_layouts ORDER BY sheet').map(([sheet, json]) => ({ sheet: String(sheet), json: String(json) }));
  }

  /** Replace the stored QC findings with those of a new run at `ranAt` (ISO time). */
  setQcFindings(findings: Omit<StoredFinding, 'id'>[], ranAt: string): void {
    this.db.run('BEGIN');
    try {
      this.write('DELETE FROM qc_findings');
      for (const f of findings) {
        this.write('INSERT INTO qc_findings (rule, severity, layer, feature, message, at_x, at_y, message_zh) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
          f.rule,
          f.severity,
          f.layer,
          f.feature === undefined ? null : String(f.feature),
          f.message,
          f.at?.[0] ?? null,
          f.at?.[1] ?? null,
          f.messageZh ?? null,
        ]);
      }
      this.setMeta('qc_ran_at', ranAt);
      this.db.run('COMMIT');
    } catch (err) {
      this.db.run('ROLLBACK');
      throw err;
    }
  }

  /** The stored QC findings of the last run, in the order they were found. */
  qcFindings(): StoredFinding[] {
    return this.rows('SELECT id, rule, severity, layer, feature, message, at_x, at_y, message_zh FROM qc_findings ORDER BY id').map(([id, rule, severity, layer, feature, message, x, y, zh]) => ({
      id: Number(id),
      rule: String(rule),
      severity: String(severity),
      layer: layer === null ? '' : String(layer),
      ...(feature !== null ? { feature: Number(feature) } : {}),
      ...(x !== null && y !== null ? { at: [Number(x), Number(y)] as [number, number] } : {}),
      message: String(message),
      ...(zh !== null && zh !== undefined ? { messageZh: String(zh) } : {}),
    }));
  }

  /**
   * Make `json` the model document as a new edit: edits after the current position (undone
   * ones) are dropped, the oldest beyond {@link HISTORY_LIMIT} too. A model stored before the
   * history existed becomes its first entry, so the first edit can be undone.
   */
  commitModel(json: string): void {
    let pos = this.historyPos();
    if (pos === 0) {
      const before = this.getModel();
      if (before !== undefined) {
        this.write('INSERT INTO model_history (seq, json) VALUES (1, ?)', [before]);
        pos = 1;
      }
    }
    this.write('DELETE FROM model_history WHERE seq > ?', [pos]);
    this.write('INSERT INTO model_history (seq, json) VALUES (?, ?)', [pos + 1, json]);
    this.write('DELETE FROM model_history WHERE seq <= ?', [pos + 1 - HISTORY_LIMIT]);
    this.setMeta('history_pos', String(pos + 1));
    this.setModel(json);
  }

  private historyPos(): number {
    return Number(this.getMeta('history_pos') ?? 0);
  }

  /** Whether {@link undoModel} / {@link redoModel} have somewhere to go. */
  historyState(): { canUndo: boolean; canRedo: boolean } {
    const pos = this.historyPos();
    const [lo, hi] = this.rows('SELECT MIN(seq), MAX(seq) FROM model_history')[0] ?? [null, null];
    return { canUndo: lo !== null && Number(lo) < pos, canRedo: hi !== null && Number(hi) > pos };
  }

  /** Step back to the previous model document; returns it, or undefined when there is none. */
  undoModel(): string | undefined {
    return this.stepHistory('SELECT seq, json FROM model_history WHERE seq < ? ORDER BY seq DESC LIMIT 1');
  }

  /** Step forward to the model document undone last; returns it, or undefined when there is none. */
  redoModel(): string | undefined {
    return this.stepHistory('SELECT seq, json FROM model_history WHERE seq > ? ORDER BY seq ASC LIMIT 1');
  }

  private stepHistory(sql: string): string | undefined {
    const row = this.rows(sql, [this.historyPos()])[0];
    if (!row) return undefined;
    const json = String(row[1]);
    this.setMeta('history_pos', String(Number(row[0])));
    this.setModel(json);
    return json;
  }

  recordRun(r: { id: string; started: string; finished?: string; model: string; summary?: unknown }): void {
    this.write('INSERT OR REPLACE INTO runs (id, started, finished, model_json, summary_json) VALUES (?, ?, ?, ?, ?)', [
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

  /** The most recent finished run with its stored summary, or undefined when none finished. */
  lastRun(): { id: string; summary: unknown } | undefined {
    const row = this.rows('SELECT id, summary_json FROM runs WHERE finished IS NOT NULL AND summary_json IS NOT NULL ORDER BY finished DESC, rowid DESC LIMIT 1')[0];
    return row ? { id: String(row[0]), summary: JSON.parse(String(row[1])) as unknown } : undefined;
  }

  /**
   * Save to the project path, atomically; the autosave is no longer needed afterwards. Under
   * the project's save lock, the review records the file on disk holds and this copy lacks
   * are merged in first (a reviewer may have added some meanwhile): none is ever lost.
   */
  async save(): Promise<void> {
    await withSaveLock(this.path, async () => {
      const disk = await readDatabase(this.path).catch(() => null); // none yet, or damaged: this copy replaces it
      if (disk) {
        mergeReview(this.db, disk);
        disk.close();
      }
      this.setMeta('saved', new Date().toISOString());
      await writeFileAtomic(this.path, this.db.export());
    });
    await rm(`${this.path}.autosave`, { force: true });
    this.changed = false;
  }

  /**
   * For a copy that does not edit the project (opened for review, or while someone else holds
   * its lock): write only its review records into the file on disk — merged into what is
   * there, under the save lock — and take the file's records in. Nothing else of this copy is
   * written. Errors: E_FILE_NOT_FOUND, E_PROJECT_CORRUPT (the file on disk), E_WRITE.
   */
  async saveReview(): Promise<void> {
    await withSaveLock(this.path, async () => {
      const disk = await readDatabase(this.path);
      try {
        if (mergeReview(disk, this.db) > 0) await writeFileAtomic(this.path, disk.export());
        mergeReview(this.db, disk);
      } finally {
        disk.close();
      }
    });
  }

  /**
   * Save under a new path (atomically) and keep working on that file. The old file and its
   * autosave stay as they are: they are the user's previous copy.
   */
  async saveAs(path: string): Promise<void> {
    this.setMeta('saved', new Date().toISOString());
    await withSaveLock(path, () => writeFileAtomic(path, this.db.export()));
    this.filePath = path;
    await rm(`${path}.autosave`, { force: true });
    this.changed = false;
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
