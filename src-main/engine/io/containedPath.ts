/**
 * Paths that come out of a file someone else made — a project's catalogue and run history,
 * a model document, a package's provenance — are untrusted: such a path may only name
 * something inside the folder it belongs to (a project's data folder, a run's folder), as
 * strictly as a path from the API. Relative, no `..`, no drive or root, no NUL or backslash,
 * and — once every symbolic link is followed — still inside the folder. A path that fails is
 * reported and never opened.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';

/** True when `inner` is `root` itself or lies below it (both absolute). */
export function isInside(root: string, inner: string): boolean {
  const rel = relative(root, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !rel.startsWith('..\\') && !isAbsolute(rel));
}

/**
 * The real location of `p` with every symbolic link resolved; for a path that does not exist
 * (yet), the real location of its nearest existing ancestor joined with the rest — so a link
 * to a place that does not exist yet is caught too.
 */
export function realLocation(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    const parent = dirname(p);
    return parent === p ? p : join(realLocation(parent), basename(p));
  }
}

/** Why `rel` cannot be a path inside a folder by its spelling alone, or null when it can. */
export function relativePathProblem(rel: string): string | null {
  if (rel.length === 0) return 'is empty';
  if (rel.includes('\0') || rel.includes('\\')) return 'holds a NUL or a backslash';
  if (/^([A-Za-z]:|\/)/.test(rel) || isAbsolute(rel)) return 'is absolute';
  if (rel.split('/').includes('..')) return 'leaves its folder (..)';
  return null;
}

/**
 * Why `rel` does not name a place inside `root` (spelling, then symbolic links), or null when
 * it does. The reason never holds a resolved absolute path (it may be shown to a remote client).
 */
export function escapeOf(root: string, rel: string): string | null {
  const problem = relativePathProblem(rel);
  if (problem) return problem;
  const base = resolve(root);
  if (!isInside(realLocation(base), realLocation(join(base, rel)))) return 'leads outside its folder through a symbolic link';
  return null;
}

/**
 * The absolute path of `rel` inside `root`, checked as {@link escapeOf} does.
 * @throws RiskAtlasError E_PATH_FORBIDDEN naming `rel` (as given) and why.
 */
export function containedPath(root: string, rel: string, what = 'path'): string {
  const why = escapeOf(root, rel);
  if (why) throw new RiskAtlasError('E_PATH_FORBIDDEN', `${what} "${rel.slice(0, 300)}" ${why}`, { file: rel.slice(0, 300) });
  return join(resolve(root), rel);
}
