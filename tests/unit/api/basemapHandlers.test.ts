import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBasemapHandlers } from '../../../src-main/api/basemap/handlers';
import type { ProjectContext } from '../../../src-main/api/context';
import { encodePng } from '../../../src-main/engine/export/png';
import { codeOf } from '../../fixtures/errorCode';

const root = mkdtempSync(join(tmpdir(), 'riskatlas-basemap-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dataDir = join(root, 'project.data');
const outside = join(root, 'elsewhere');
for (const d of [join(dataDir, 'tiles', '0', '0'), join(outside, '0', '0')]) mkdirSync(d, { recursive: true });
const png = encodePng(1, 1, Uint8Array.from([1, 2, 3, 255]));
writeFileSync(join(dataDir, 'tiles', '0', '0', '0.png'), png);
writeFileSync(join(outside, '0', '0', '0.png'), png);
symlinkSync(outside, join(dataDir, 'link'));

/** A session whose open project has `dataDir` (the handlers ask nothing else of it). */
const session = { info: () => ({ dataDir }) } as unknown as ProjectContext;

describe('basemap methods', () => {
  it('open a tile folder inside the project (serve mode allows no other path) and hand tiles out as data URLs', async () => {
    const h = createBasemapHandlers(session, () => false);
    const info = await h['basemap.open']({ path: join(dataDir, 'tiles') });
    expect(info).toMatchObject({ kind: 'xyz', format: 'png', minZoom: 0, maxZoom: 0 });
    const t = await h['basemap.tile']({ z: 0, x: 0, y: 0 });
    expect(t.dataUrl).toBe(`data:image/png;base64,${Buffer.from(png).toString('base64')}`);
    expect((await h['basemap.tile']({ z: 1, x: 0, y: 0 })).dataUrl).toBeNull();
    expect(await h['basemap.close']({})).toEqual({ closed: true });
    expect(await codeOf(h['basemap.tile']({ z: 0, x: 0, y: 0 }))).toBe('E_ARG_INVALID');
  });
  it('refuses paths outside the project, through .. or a symlink, unless the user chose them', async () => {
    const serve = createBasemapHandlers(session, () => false);
    expect(await codeOf(serve['basemap.open']({ path: outside }))).toBe('E_PATH_FORBIDDEN');
    expect(await codeOf(serve['basemap.open']({ path: join(dataDir, '..', 'elsewhere') }))).toBe('E_PATH_FORBIDDEN');
    expect(await codeOf(serve['basemap.open']({ path: join(dataDir, 'link') }))).toBe('E_PATH_FORBIDDEN');
    const desktop = createBasemapHandlers(session, (p) => p === outside);
    await expect(desktop['basemap.open']({ path: outside })).resolves.toMatchObject({ kind: 'xyz' });
  });
});
