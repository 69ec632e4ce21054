/**
 * What a browser client of `riskatlas serve` is told never includes an absolute path of this
 * machine — not its user's name, its folders or where a project lives: every string of an
 * answer or error the loopback server sends goes through {@link scrubPaths}, which writes the
 * folders the session knows as short names: the project's folder (and a reviewed package's)
 * as nothing (paths come out relative to it; the folder itself by its own name, which the
 * client knows anyway: a package is shown as `县级成果包`, not as `.`), the workspace likewise, the home folder as
 * `~`, the temporary folder as `<tmp>`, the app's own folder as `<app>`. The Electron window,
 * on the user's own screen, keeps the full paths.
 */
import { realpathSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, resolve, sep } from 'node:path';
import { packageRoot } from '../engine/assets';
import type { ProjectContext } from './context';

/** A folder to hide and what to write instead ('' = make the path relative to it). */
export type Root = [folder: string, label: string];

function withReal(folder: string, label: string): Root[] {
  const abs = resolve(folder);
  let real = abs;
  try {
    real = realpathSync(abs);
  } catch {
    // Not there (any more): its spelling is all there is to hide.
  }
  return real === abs ? [[abs, label]] : [[abs, label], [real, label]];
}

/** The folders to hide for a session, longest first (so a project inside the home folder becomes relative, not `~/…`). */
export function sessionRoots(ctx: ProjectContext, workspace: string | null): Root[] {
  const roots: Root[] = [];
  const p = ctx.project;
  if (p) {
    roots.push(...withReal(dirname(p.file.path), ''));
    if (p.review) roots.push(...withReal(dirname(p.review.source), ''));
  }
  if (workspace) roots.push(...withReal(workspace, ''));
  roots.push(...withReal(packageRoot(), '<app>'), ...withReal(tmpdir(), '<tmp>'), ...withReal(homedir(), '~'));
  return roots.filter(([f]) => f.length > 1).sort((a, b) => b[0].length - a[0].length);
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `s` with every known folder written short (see the module comment). */
export function scrubString(s: string, roots: Root[]): string {
  let out = s;
  for (const [folder, label] of roots) {
    if (!out.includes(folder)) continue;
    out = out.split(folder + sep).join(label ? label + '/' : '');
    out = out.replace(new RegExp(`${escapeRe(folder)}(?![\\w.-])`, 'g'), label || basename(folder));
  }
  return out;
}

/** A JSON value with every string scrubbed (keys too). */
export function scrubPaths(value: unknown, roots: Root[]): unknown {
  if (typeof value === 'string') return scrubString(value, roots);
  if (Array.isArray(value)) return value.map((v) => scrubPaths(v, roots));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubString(k, roots), scrubPaths(v, roots)]));
  return value;
}
