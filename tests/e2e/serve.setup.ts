/**
 * Start `riskatlas serve` once for the e2e run (the real CLI, the real engine) on a
 * workspace of its own, and pass its URL and workspace to the tests (RISKATLAS_URL,
 * RISKATLAS_E2E_WORKSPACE); stop it and remove the workspace afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = join(import.meta.dirname, '..', '..');
  const workspace = mkdtempSync(join(tmpdir(), 'ra-e2e-workspace-'));
  process.env.RISKATLAS_E2E_WORKSPACE = workspace;
  // The server's log goes to the test artifacts, not the user's data folder (about.spec.ts reads it back).
  const logDir = join(root, 'test-artifacts', 'e2e-logs');
  const child = spawn(process.execPath, [join(root, 'bin', 'riskatlas.mjs'), 'serve', '--port', '0', '--workspace', workspace, '--log', logDir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('riskatlas serve did not start in 120 s')), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`riskatlas serve exited with ${code}`)));
  });
  process.env.RISKATLAS_URL = url;
  process.env.RISKATLAS_LOG_DIR = logDir;
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
    }
    rmSync(workspace, { recursive: true, force: true });
  };
}
