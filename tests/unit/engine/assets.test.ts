/**
 * The engine finds its own files in every layout it ships in: a clone, the installed npm
 * package, and a packaged app, where the package root is the app.asar archive and resources/
 * is unpacked beside it (native code and file handles need real files).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { unpackedPath } from '../../../src-main/engine/assets';

afterEach(() => {
  delete process.env.RISKATLAS_ROOT;
  vi.resetModules();
});

describe('engine assets', () => {
  it('maps a path inside an asar archive to the archive\'s unpacked folder, and leaves other paths alone', () => {
    expect(unpackedPath('/opt/RiskAtlas/resources/app.asar')).toBe('/opt/RiskAtlas/resources/app.asar.unpacked');
    expect(unpackedPath('C:\\RiskAtlas\\resources\\app.asar\\resources\\fonts')).toBe('C:\\RiskAtlas\\resources\\app.asar.unpacked\\resources\\fonts');
    expect(unpackedPath('/home/li/riskatlas')).toBe('/home/li/riskatlas');
    expect(unpackedPath('/data/my.asarfile/x')).toBe('/data/my.asarfile/x');
  });

  it('points resource paths of a packaged app into app.asar.unpacked, the package itself (version) into the archive', async () => {
    process.env.RISKATLAS_ROOT = '/opt/RiskAtlas/resources/app.asar';
    const assets = await import('../../../src-main/engine/assets');
    expect(assets.packageRoot()).toBe('/opt/RiskAtlas/resources/app.asar');
    expect(assets.resourcePath('fonts', 'NotoSansSC-Regular.ttf')).toBe(join('/opt/RiskAtlas/resources/app.asar.unpacked', 'resources', 'fonts', 'NotoSansSC-Regular.ttf'));
  });

  it('finds the clone\'s own resources from the sources', async () => {
    const assets = await import('../../../src-main/engine/assets');
    expect(assets.resourcePath('schema')).toBe(join(import.meta.dirname, '..', '..', '..', 'resources', 'schema'));
  });
});
