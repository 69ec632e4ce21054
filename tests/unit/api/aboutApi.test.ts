/**
 * `app.about` as the about box calls it: the version of package.json, a commit, the platform,
 * the licences of the fonts and of the libraries RiskAtlas runs on, and the log folder once
 * the process keeps a log — into which every failed call is then written with its code.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openAppLog, LOG_FILE } from '../../../src-main/logging/rotatingLog';
import { harness } from './apiHarness';
import { useTempDir } from '../../fixtures/tempDir';

const root = join(import.meta.dirname, '..', '..', '..');
const tmp = useTempDir('ra-about-');

describe('app.about', () => {
  it('tells the version, commit, platform and the licences of the fonts and libraries', async () => {
    const about = await harness().call('app.about');
    expect(about.version).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
    expect(about.commit).toMatch(/^[0-9a-f]{12}(-dirty)?$/);
    expect(about.platform).toBe(`${process.platform}-${process.arch}`);
    expect(about.node).toBe(process.versions.node);
    const byName = new Map(about.licences.map((l) => [l.name, l]));
    expect(byName.get('Noto Sans SC Regular')).toMatchObject({ kind: 'font', licence: 'SIL Open Font License, Version 1.1' });
    for (const dep of Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies)) {
      expect(byName.get(dep)?.licence, dep).toMatch(/\S/);
    }
    // Runtime dependencies of dependencies are listed too (pdfkit's font engine).
    expect(byName.get('fontkit')?.licence).toBe('MIT');
    // Test tools are not shipped, so not listed.
    expect(byName.has('vitest')).toBe(false);
  });

  it('names the log folder once the process keeps a log, and a failed call lands in it with its code', async () => {
    const h = harness();
    expect((await h.call('app.about')).logDir).toBeNull();
    const dir = join(tmp(), 'logs');
    openAppLog(dir);
    expect((await h.call('app.about')).logDir).toBe(dir);
    expect((await h.raw('project.open', { path: join(tmp(), 'nope.riskatlas') })).ok).toBe(false);
    const log = readFileSync(join(dir, LOG_FILE), 'utf8');
    expect(log).toMatch(/WARN \[\d+\] project\.open: .*"code":"E_/);
  });
});
