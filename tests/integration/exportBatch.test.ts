/**
 * `riskatlas run <folder>`: every model document of a folder runs (one county each) into
 * its own output folder; a broken model is reported with its code and the others still run;
 * the summary names each model and the exit code is 1 when any failed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

describe('riskatlas run <folder>', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ra-batch-'));
  const out = join(dir, 'results');
  let r: { status: number | null; stdout: string; stderr: string };
  beforeAll(() => {
    cpSync(join(root, 'resources', 'sample', 'county'), dir, { recursive: true });
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    // A second county: same data, quantile classes (a different result from the same inputs).
    writeFileSync(join(dir, 'county_b.json'), JSON.stringify({ ...model, name: '第二县', classification: { ...model.classification, method: 'quantile' } }));
    // A broken one: a layer file that does not exist.
    writeFileSync(join(dir, 'county_c.json'), JSON.stringify({ ...model, name: '第三县', layers: { ...model.layers, landslide: { ...model.layers.landslide, path: 'missing_landslide.tif' } } }));
    writeFileSync(join(dir, 'notes.json'), '{"not": "a model"}');
    r = spawnSync(process.execPath, [join(root, 'bin', 'riskatlas.mjs'), 'run', dir, '--out', out], { encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8' }, timeout: 300_000 });
  }, 300_000);

  it('runs each model into its own folder and skips JSON that is not a model', () => {
    expect(existsSync(join(out, 'model', 'risk_grade.tif'))).toBe(true);
    expect(existsSync(join(out, 'county_b', 'risk_grade.tif'))).toBe(true);
    expect(existsSync(join(out, 'notes'))).toBe(false);
    expect(r.stdout).not.toContain('notes.json');
  });

  it('reports the broken model with its error code, runs the others, and exits 1', () => {
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('2 of 3 model(s) ran');
    expect(r.stdout).toMatch(/county_b\.json\tok\t[\d.]+\t高 [\d.]+ km²/);
    expect(r.stdout).toMatch(/county_c\.json\tfailed\t[\d.]+\t.*missing_landslide\.tif.*\[E_FILE_NOT_FOUND\]/);
    expect(existsSync(join(out, 'county_c', 'risk_grade.tif'))).toBe(false);
  });

  it('shows progress on stderr, one line per step when stderr is not a terminal', () => {
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(l).toMatch(/^\[[#.]{30}\] +\d+% \d\/3 \S+/);
    expect(lines.at(-1)).toMatch(/100% 3\/3 county_c|100% 3\/3 model/);
  });
});
