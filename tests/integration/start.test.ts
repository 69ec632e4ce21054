/**
 * `npm start` on a machine without the Electron runtime (like this one): it must notice
 * without triggering electron's lazy download, say so in one line, and serve the same UI
 * on loopback, printing the URL.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const electronInstalled = existsSync(join(root, 'node_modules', 'electron', 'path.txt'));

describe('npm start without the Electron runtime', () => {
  it.skipIf(electronInstalled)('says so in one line and serves the UI on 127.0.0.1 instead', async () => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL in 170 s; output:\n${out}`)), 170_000);
      child.stdout.on('data', () => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
    });
    try {
      const notice = out.split('\n').filter((l) => /Electron runtime is not installed/.test(l));
      expect(notice).toHaveLength(1);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root"');
      // The download was not triggered.
      expect(existsSync(join(root, 'node_modules', 'electron', 'path.txt'))).toBe(false);
    } finally {
      child.kill('SIGTERM');
    }
  }, 180_000);
});
