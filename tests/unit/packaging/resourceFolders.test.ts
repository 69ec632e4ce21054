/**
 * The package checks (tests/integration/desktopPackage.test.ts and npmPackage.test.ts) find the
 * resources/ folders the code reads by searching src-main for `resourcePath('<folder>'`. That
 * only holds while every call names its folder literally and every folder shipped is one the
 * code reads: a folder reached through a variable, or through `packageRoot()` joined by hand,
 * would ship unchecked (or not at all in app.asar.unpacked, where resourcePath points).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resourceFolders, root } from '../../integration/helpers/packagedFiles';

const sources = (): { file: string; text: string }[] =>
  readdirSync(join(root, 'src-main'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: readFileSync(join(root, 'src-main', f), 'utf8') }));

describe('the resources/ folders the code reads', () => {
  it('are named literally in every resourcePath call, so the package checks see them', () => {
    const unnamed: string[] = [];
    for (const { file, text } of sources()) {
      for (const m of text.matchAll(/(?<!function )\bresourcePath\(([^)]*)\)/g)) {
        if (!/^\s*['"][^'"]+['"]/.test(m[1]!)) unnamed.push(`${file}: ${m[0]}`);
      }
    }
    expect(unnamed).toEqual([]);
  });

  it('are read through resourcePath, never by joining the package root with "resources" by hand', () => {
    const byHand = sources()
      .filter(({ file }) => file !== join('engine', 'assets.ts') && file !== join('about', 'buildInfo.ts')) // assets defines resourcePath; buildInfo runs at build time, in the clone
      .filter(({ text }) => /packageRoot\(\)[^;\n]*['"]resources['"]/.test(text))
      .map(({ file }) => file);
    expect(byHand).toEqual([]);
  });

  it('exist, and every folder under resources/ is one of them (nothing shipped that nothing reads)', () => {
    const read = resourceFolders();
    expect(read.length).toBeGreaterThan(0);
    for (const f of read) expect(existsSync(join(root, 'resources', f)), f).toBe(true);
    const shipped = readdirSync(join(root, 'resources')).filter((f) => statSync(join(root, 'resources', f)).isDirectory());
    expect(shipped.sort()).toEqual(read);
  });
});
