/**
 * Where `npm run dist` gets Electron's release archive for each target: a copy in the
 * Electron cache (`ELECTRON_CACHE`, else @electron/get's default cache folder — flat, or in
 * the per-URL sub-folders @electron/get writes), else a download electron-builder makes,
 * which needs the release server (`ELECTRON_MIRROR` or GitHub) to answer.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { electronArchiveName, type PackageTarget } from './targets';

/** The Electron cache folder, as @electron/get finds it. */
export function electronCacheDir(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.ELECTRON_CACHE) return env.ELECTRON_CACHE;
  if (env.electron_config_cache) return env.electron_config_cache;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'electron', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'electron');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'electron');
}

/** The archive `name` in `cacheDir` or one folder below it; null when absent. */
export function findCachedArchive(cacheDir: string, name: string): string | null {
  if (!existsSync(cacheDir)) return null;
  if (existsSync(join(cacheDir, name))) return join(cacheDir, name);
  for (const sub of readdirSync(cacheDir)) {
    const candidate = join(cacheDir, sub, name);
    if (statSync(join(cacheDir, sub)).isDirectory() && existsSync(candidate)) return candidate;
  }
  return null;
}

/** The URL electron-builder downloads an archive from (`ELECTRON_MIRROR` replaces GitHub's release host). */
export function electronArchiveUrl(version: string, name: string, env: Record<string, string | undefined> = process.env): string {
  const mirror = env.ELECTRON_MIRROR ?? 'https://github.com/electron/electron/releases/download/';
  return `${mirror.replace(/\/?$/, '/')}v${version}/${name}`;
}

/** Null when the server answers for `url` within `timeoutMs`; else why not (one short phrase). */
export async function unreachable(url: string, timeoutMs = 10_000): Promise<string | null> {
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    return cause?.code ?? (err as Error).name ?? 'no answer';
  }
}

/** How a target's Electron comes: a cached archive (path), or downloaded by electron-builder. */
export type ArchiveSource = { kind: 'cached'; path: string } | { kind: 'download'; url: string };

/**
 * The source of Electron `version` for each target; throws one line naming what is missing,
 * where it was looked for and how to provide it, when a target has neither.
 */
export async function electronArchives(version: string, targets: PackageTarget[], env: Record<string, string | undefined> = process.env): Promise<ArchiveSource[]> {
  const cache = electronCacheDir(env);
  const sources: ArchiveSource[] = [];
  const missing: string[] = [];
  let why: string | null = null;
  for (const t of targets) {
    const name = electronArchiveName(version, t);
    const cached = findCachedArchive(cache, name);
    if (cached) {
      sources.push({ kind: 'cached', path: cached });
      continue;
    }
    const url = electronArchiveUrl(version, name, env);
    const reason = await unreachable(url);
    if (reason === null) sources.push({ kind: 'download', url });
    else {
      missing.push(name);
      why ??= `${url} gave ${reason}`;
    }
  }
  if (missing.length) {
    throw new Error(
      `Electron ${version}'s release archive is not available: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not in the Electron cache (${cache}) and cannot be downloaded (${why}) — copy ${missing.length > 1 ? 'them' : 'it'} into that folder (or set ELECTRON_CACHE to a folder holding ${missing.length > 1 ? 'them' : 'it'}, or ELECTRON_MIRROR to a reachable mirror) and run npm run dist again`,
    );
  }
  return sources;
}
