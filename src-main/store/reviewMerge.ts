/**
 * Review records — comments and decisions — are the part of a project several people add to
 * at once: the bureau's reviewer in `riskatlas serve --review` while the contractor edits it
 * in the app, or two reviewers of one package. Each record carries a uid; before any copy of
 * the project is written, the records the file on disk has and the copy lacks are added to
 * it (and a comment's resolution changed later on disk wins), so no copy ever writes a
 * stale set over a newer one.
 */
import { randomUUID } from 'node:crypto';
import type { Database, SqlValue } from 'sql.js';

/** A new record's uid. */
export const newUid = (): string => randomUUID();

const COMMENT_COLUMNS = 'uid, x, y, text, author, created, target, resolved, resolved_at';
const DECISION_COLUMNS = 'uid, decision, reasons, reviewer, created, unresolved';

function rows(db: Database, sql: string): SqlValue[][] {
  return db.exec(sql)[0]?.values ?? [];
}

/**
 * Add to `into` the comments and decisions of `from` it lacks (by uid), and take `from`'s
 * resolution of a comment both have when it was changed later there. Returns how many
 * records changed in `into`.
 */
export function mergeReview(into: Database, from: Database): number {
  let changed = 0;
  const mine = new Map(rows(into, 'SELECT uid, resolved_at FROM comments').map(([uid, at]) => [String(uid), at === null ? '' : String(at)]));
  for (const r of rows(from, `SELECT ${COMMENT_COLUMNS} FROM comments`)) {
    const uid = String(r[0]);
    const theirsAt = r[8] === null ? '' : String(r[8]);
    if (!mine.has(uid)) {
      into.run(`INSERT INTO comments (${COMMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r);
      changed++;
    } else if (theirsAt > mine.get(uid)!) {
      into.run('UPDATE comments SET resolved = ?, resolved_at = ? WHERE uid = ?', [r[7]!, r[8]!, uid]);
      changed++;
    }
  }
  const decided = new Set(rows(into, 'SELECT uid FROM review_decisions').map(([uid]) => String(uid)));
  for (const r of rows(from, `SELECT ${DECISION_COLUMNS} FROM review_decisions`)) {
    if (decided.has(String(r[0]))) continue;
    into.run(`INSERT INTO review_decisions (${DECISION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`, r);
    changed++;
  }
  return changed;
}
