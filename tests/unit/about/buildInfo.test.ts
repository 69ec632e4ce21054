/**
 * The about box's licence list is made from what is really installed and bundled: the
 * production dependency tree (not devDependencies), followed through nested node_modules and
 * installed optional packages; the licence each package declares in any of the forms npm
 * packages use; the fonts' own names and the licence text beside them; the commit.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectBuildInfo, fontLicences, gitCommit, packageOfModule, productionPackages } from '../../../src-main/about/buildInfo';
import { useTempDir } from '../../fixtures/tempDir';

const root = join(import.meta.dirname, '..', '..', '..');
const tmp = useTempDir('ra-buildinfo-');

function pkg(dir: string, json: Record<string, unknown>, files: Record<string, string> = {}): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(json));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

/** An app whose dependency `a` needs `b` (hoisted) and `c@2` (nested under a), an optional `opt` installed and a `missing` one not, and a devDependency `dev`. */
function fixtureApp(): string {
  const app = join(tmp(), 'app');
  pkg(app, { name: 'app', version: '1.2.3', dependencies: { a: '1' }, optionalDependencies: { opt: '1', missing: '1' }, devDependencies: { dev: '1' } });
  mkdirSync(join(app, 'resources', 'fonts'), { recursive: true });
  pkg(join(app, 'node_modules', 'a'), { name: 'a', version: '1.0.0', license: 'MIT', dependencies: { b: '1', c: '2' } });
  pkg(join(app, 'node_modules', 'b'), { name: 'b', version: '1.0.0', license: { type: 'ISC' } });
  pkg(join(app, 'node_modules', 'c'), { name: 'c', version: '1.0.0', license: 'MIT' });
  pkg(join(app, 'node_modules', 'a', 'node_modules', 'c'), { name: 'c', version: '2.0.0', licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] });
  pkg(join(app, 'node_modules', 'opt'), { name: 'opt', version: '1.0.0' }, { LICENSE: '\nMIT License\n\nCopyright …' });
  pkg(join(app, 'node_modules', 'dev'), { name: 'dev', version: '1.0.0', license: 'MIT' });
  pkg(join(app, 'node_modules', 'ui-lib'), { name: 'ui-lib', version: '3.0.0', license: 'BSD-2-Clause' });
  return app;
}

describe('build info', () => {
  it('follows the production dependencies through nested folders and installed optional ones, never devDependencies', () => {
    const found = productionPackages(fixtureApp());
    expect([...found.keys()].sort()).toEqual(['a', 'b', 'c', 'opt']);
    // a's own c@2 (nested) is the one it loads, not the hoisted c@1.
    expect(found.get('c')).toBe(join(tmp(), 'app', 'node_modules', 'a', 'node_modules', 'c'));
  });

  it('reads every form of licence a package declares, and names packages compiled into a bundle', () => {
    const info = collectBuildInfo(fixtureApp(), ['ui-lib', 'app']);
    const byName = Object.fromEntries(info.licences.map((l) => [l.name, l]));
    expect(info.version).toBe('1.2.3');
    expect(byName.a!.licence).toBe('MIT');
    expect(byName.b!.licence).toBe('ISC');
    expect(byName.c).toMatchObject({ version: '2.0.0', licence: 'MIT OR Apache-2.0' });
    expect(byName.opt!.licence).toBe('MIT License');
    expect(byName['ui-lib']).toMatchObject({ version: '3.0.0', licence: 'BSD-2-Clause', kind: 'library' });
    expect(byName.dev).toBeUndefined();
    expect(byName.app).toBeUndefined();
  });

  it('names the npm package of a bundled module by the last node_modules in its path', () => {
    expect(packageOfModule('/x/node_modules/ol/source/XYZ.js')).toBe('ol');
    expect(packageOfModule('C:\\x\\node_modules\\@scope\\name\\index.js')).toBe('@scope/name');
    expect(packageOfModule('/x/node_modules/a/node_modules/@turf/helpers/dist/index.js')).toBe('@turf/helpers');
    expect(packageOfModule('/x/src-renderer/src/App.tsx')).toBeNull();
  });

  it('lists the bundled fonts by their own names with the licence stated beside them', () => {
    const fonts = fontLicences(join(root, 'resources', 'fonts'));
    expect(fonts.map((f) => f.name)).toEqual(['Noto Sans SC Bold', 'Noto Sans SC Regular']);
    for (const f of fonts) {
      expect(f).toMatchObject({ kind: 'font', licence: 'SIL Open Font License, Version 1.1' });
      expect(f.version).toMatch(/^\d+\.\d+/);
      expect(f.copyright).toContain('Adobe');
    }
  });

  it('gives the commit of a git work tree, RISKATLAS_COMMIT when set, and unknown outside git', () => {
    expect(gitCommit(root)).toMatch(/^[0-9a-f]{12}(-dirty)?$/);
    expect(gitCommit(tmp())).toBe('unknown');
    process.env.RISKATLAS_COMMIT = 'abc123';
    try {
      expect(gitCommit(tmp())).toBe('abc123');
    } finally {
      delete process.env.RISKATLAS_COMMIT;
    }
  });
});
