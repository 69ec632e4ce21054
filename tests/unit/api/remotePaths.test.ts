import { describe, expect, it } from 'vitest';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { scrubPaths, scrubString, type Root } from '../../../src-main/api/remotePaths';

const pkg = join(tmpdir(), 'ra-remote', '县级成果包');
const roots: Root[] = [
  [pkg, ''],
  [tmpdir(), '<tmp>'],
  [homedir(), '~'],
];

describe('what a remote client is told of this machine’s paths', () => {
  it('writes paths inside the served folder relative to it, and the folder itself by its own name (not “.”)', () => {
    expect(scrubString(join(pkg, 'maps', 'risk.pdf'), roots)).toBe('maps/risk.pdf');
    expect(scrubString(pkg, roots)).toBe('县级成果包');
    expect(scrubString(`成果包 ${pkg} 已打开`, roots)).toBe('成果包 县级成果包 已打开');
  });

  it('writes the temporary and home folders as labels, never their absolute spelling', () => {
    expect(scrubString(join(tmpdir(), 'other', 'a.tif'), roots)).toBe('<tmp>/other/a.tif');
    expect(scrubString(join(homedir(), 'x.shp'), roots)).toBe('~/x.shp');
    const answer = scrubPaths({ source: pkg, items: [{ path: join(pkg, 'zoning.tif') }], [join(homedir(), 'k')]: 1 }, roots);
    expect(JSON.stringify(answer)).not.toContain(tmpdir());
    expect(answer).toEqual({ source: '县级成果包', items: [{ path: 'zoning.tif' }], '~/k': 1 });
  });

  it('does not take a longer sibling folder for the served one', () => {
    expect(scrubString(`${pkg}-old/a.tif`, roots)).toBe(`<tmp>/ra-remote/县级成果包-old/a.tif`);
  });
});
