/**
 * Where `npm run dist` finds Electron's release archive: the Electron cache folder of each
 * platform (or ELECTRON_CACHE), flat or in @electron/get's per-URL sub-folders; and when an
 * archive is neither cached nor downloadable, one line naming the missing archives, the folder
 * looked in, why the download failed, and what to do.
 */
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { electronArchives, electronArchiveUrl, electronCacheDir, findCachedArchive } from '../../../packaging/electronArchive';
import { PACKAGE_TARGETS } from '../../../packaging/targets';
import { useTempDir } from '../../fixtures/tempDir';

const tmp = useTempDir('ra-archive-');

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('Electron release archive', () => {
  it('is looked for in the platform\'s Electron cache, or ELECTRON_CACHE', () => {
    expect(electronCacheDir({}, 'linux', '/home/li')).toBe('/home/li/.cache/electron');
    expect(electronCacheDir({ XDG_CACHE_HOME: '/c' }, 'linux', '/home/li')).toBe('/c/electron');
    expect(electronCacheDir({ LOCALAPPDATA: 'C:/Users/li/AppData/Local' }, 'win32', 'C:/Users/li')).toBe(join('C:/Users/li/AppData/Local', 'electron', 'Cache'));
    expect(electronCacheDir({}, 'darwin', '/Users/li')).toBe('/Users/li/Library/Caches/electron');
    expect(electronCacheDir({ ELECTRON_CACHE: '/e' }, 'linux', '/home/li')).toBe('/e');
    expect(electronArchiveUrl('45.4.1', 'electron-v45.4.1-linux-x64.zip', { ELECTRON_MIRROR: 'https://mirror.example/electron' })).toBe('https://mirror.example/electron/v45.4.1/electron-v45.4.1-linux-x64.zip');
  });

  it('is found flat in the cache or in a sub-folder, and then needs no network', async () => {
    const cache = join(tmp(), 'cache');
    mkdirSync(join(cache, '7f3a…hash'), { recursive: true });
    writeFileSync(join(cache, 'electron-v45.4.1-win32-x64.zip'), 'zip');
    writeFileSync(join(cache, '7f3a…hash', 'electron-v45.4.1-linux-x64.zip'), 'zip');
    writeFileSync(join(cache, '7f3a…hash', 'electron-v45.4.1-linux-arm64.zip'), 'zip');
    expect(findCachedArchive(cache, 'electron-v45.4.1-linux-x64.zip')).toBe(join(cache, '7f3a…hash', 'electron-v45.4.1-linux-x64.zip'));
    expect(findCachedArchive(join(tmp(), 'none'), 'electron-v45.4.1-linux-x64.zip')).toBeNull();
    const port = await closedPort();
    const sources = await electronArchives('45.4.1', PACKAGE_TARGETS, { ELECTRON_CACHE: cache, ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
    expect(sources.map((s) => s.kind)).toEqual(['cached', 'cached', 'cached']);
  });

  it('missing and not downloadable: one line with the archives, the cache folder, the reason and the remedy', async () => {
    const cache = join(tmp(), 'empty');
    mkdirSync(cache);
    writeFileSync(join(cache, 'electron-v45.4.1-win32-x64.zip'), 'zip');
    const port = await closedPort();
    const err = await electronArchives('45.4.1', PACKAGE_TARGETS, { ELECTRON_CACHE: cache, ELECTRON_MIRROR: `http://127.0.0.1:${port}/` }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain('electron-v45.4.1-linux-x64.zip, electron-v45.4.1-linux-arm64.zip are not in the Electron cache');
    expect(message).not.toContain('win32');
    expect(message).toContain(cache);
    expect(message).toContain('ECONNREFUSED');
    expect(message).toMatch(/copy them into that folder .* ELECTRON_CACHE .* ELECTRON_MIRROR .* npm run dist again$/);
  });
});
