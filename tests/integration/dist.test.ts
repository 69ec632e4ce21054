/**
 * `npm run dist` where Electron's release archive cannot be had — neither in the Electron
 * cache nor from the release server (here a loopback port nobody listens on, so the test is
 * the same with or without internet): one line on stderr that says what is missing and how to
 * provide it, exit code 1, and nothing built.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './helpers/packagedFiles';
import { useTempDir } from '../fixtures/tempDir';

const tmp = useTempDir('ra-dist-');

describe('npm run dist without Electron\'s release archive', () => {
  it('stops with one line naming the archives, the cache folder and the remedy, exit code 1', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise((r) => srv.close(r));
    const cache = join(tmp(), 'electron-cache');
    mkdirSync(cache);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['run', 'dist'], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ELECTRON_CACHE: cache, ELECTRON_MIRROR: `http://127.0.0.1:${port}/` } });
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^riskatlas dist: Electron \d+\.\d+\.\d+'s release archive is not available: electron-v[\d.]+-win32-x64\.zip, electron-v[\d.]+-linux-x64\.zip, electron-v[\d.]+-linux-arm64\.zip are not in the Electron cache/);
    expect(lines[0]).toContain(`(${cache})`);
    expect(lines[0]).toContain('ECONNREFUSED');
    expect(lines[0]).toMatch(/ELECTRON_CACHE.*ELECTRON_MIRROR.*npm run dist again$/);
    // It stopped before building: npm's own two-line header is all there is on stdout.
    expect(r.stdout.trim().split('\n').filter((l) => l && !l.startsWith('>'))).toEqual([]);
  }, 150_000);
});
