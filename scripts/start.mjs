#!/usr/bin/env node
// `npm start`: build the app, then open the Electron window — or, when the Electron
// runtime is not installed (electron ≥ 42 downloads it lazily on first require, which
// fails offline), say so in one line and serve the same UI on loopback instead.
// The check reads electron's path.txt and dist/ directly: requiring 'electron' would
// start the download.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');

function electronBinary() {
  const pathTxt = join(electronDir, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const rel = readFileSync(pathTxt, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist');
  const bin = join(dist, rel);
  return existsSync(bin) ? bin : null;
}

const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const bin = electronBinary();
const child = bin
  ? spawn(bin, [root], { cwd: root, stdio: 'inherit' })
  : (console.log('RiskAtlas: the Electron runtime is not installed here (no binary under node_modules/electron/dist); serving the same UI on loopback instead.'),
    spawn(process.execPath, [join(root, 'bin', 'riskatlas.mjs'), 'serve', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }));
const forward = (sig) => child.kill(sig);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code) => process.exit(code ?? 0));
