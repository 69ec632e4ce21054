/**
 * No production dependency has a known high or critical vulnerability: `npm audit
 * --omit=dev` (the npm registry's advisory database) must report none. This is a test rather
 * than a separate CI step so that it runs wherever `npm test` runs and fails on the change
 * that brings such a dependency in — or on the day an advisory is published against one
 * already in package-lock.json, which must then be fixed before a release anyway.
 * It needs the registry's audit endpoint: where that is unreachable (offline, or a mirror that
 * does not offer it) the test is skipped and says why; CI reaches the registry.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');

interface AuditReport {
  vulnerabilities?: Record<string, { severity: string; via: unknown[] }>;
  metadata?: { vulnerabilities: Record<'info' | 'low' | 'moderate' | 'high' | 'critical' | 'total', number>; dependencies: { prod: number } };
  message?: string;
  error?: { summary?: string; detail?: string };
}

describe('production dependencies', () => {
  it('npm audit --omit=dev finds no high or critical vulnerability', (ctx) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    let report: AuditReport;
    try {
      report = JSON.parse(r.stdout) as AuditReport;
    } catch {
      return ctx.skip(`npm audit gave no report (${(r.stderr || String(r.error ?? r.status)).trim().split('\n')[0]})`);
    }
    if (!report.metadata) return ctx.skip(`the registry's audit endpoint is not reachable here: ${report.message ?? report.error?.summary ?? 'no metadata'}`);
    const severe = Object.entries(report.vulnerabilities ?? {})
      .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
      .map(([name, v]) => `${name} (${v.severity})`);
    console.log(`npm audit: ${report.metadata.dependencies.prod} production dependencies, ${JSON.stringify(report.metadata.vulnerabilities)}`);
    expect(severe).toEqual([]);
    expect(report.metadata.vulnerabilities.high + report.metadata.vulnerabilities.critical).toBe(0);
  }, 150_000);
});
