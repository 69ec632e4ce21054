import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { harness, type Harness } from './apiHarness';
import { codeOf } from '../../fixtures/errorCode';
import { PRJ, SHP, TOWNSHIP_FIELDS, TOWNSHIPS, shapefileParts, type ShapefileSpec } from '../../fixtures/io/makeFixtures';
import { UPLOAD_CHUNK_BYTES, UPLOAD_CHUNK_MAX_BASE64, type ImportResult, type ProjectView } from '../../../src-main/api/contract';
import type { ErrorInfo } from '../../../src-shared/errors';

let h: Harness;
afterEach(async () => {
  await h?.session.close();
});

/** Township polygons in GBK without a .cpg (the encoding must be detected), as a county hands them over. */
const gbkTownships = (o: Partial<ShapefileSpec> = {}): Record<string, Uint8Array> =>
  shapefileParts({ type: SHP.Polygon, records: TOWNSHIPS, fields: TOWNSHIP_FIELDS, encoding: 'gbk', prj: PRJ.cgcs2000_3deg_cm111, ...o });

/** Upload `bytes` as `fileName` in chunks of `chunk` bytes; returns the upload id. */
async function upload(h: Harness, fileName: string, bytes: Uint8Array, chunk = UPLOAD_CHUNK_BYTES): Promise<string> {
  const { uploadId } = await h.call('upload.begin', { fileName, size: bytes.length });
  for (let off = 0; off < bytes.length; off += chunk) {
    const state = await h.call('upload.chunk', { uploadId, offset: off, data: Buffer.from(bytes.subarray(off, off + chunk)).toString('base64') });
    expect(state.received).toBe(Math.min(bytes.length, off + chunk));
  }
  return uploadId;
}

describe('chunked upload and import (serve mode)', () => {
  it('reassembles a file from chunks byte for byte, in the project data folder', async () => {
    h = harness(() => false);
    const d = await h.call('project.new', { name: 'up' });
    const bytes = Uint8Array.from({ length: 2_000_003 }, (_, i) => (i * 7919) % 251);
    const id = await upload(h, 'big.bin', bytes, 700_001);
    const assembled = join(d.project.dataDir, '.uploads', id);
    expect(Buffer.compare(readFileSync(assembled), Buffer.from(bytes))).toBe(0);
    expect(await h.call('upload.abort', { uploadId: id })).toEqual({ aborted: true });
    expect(existsSync(assembled)).toBe(false);
    expect(await h.call('upload.abort', { uploadId: id })).toEqual({ aborted: false });
  });

  it('a full-size chunk (the largest base64 a 1 MiB body holds) is accepted; a larger one is refused before decoding', async () => {
    h = harness(() => false);
    await h.call('project.new', { name: 'limits' });
    const bytes = new Uint8Array(UPLOAD_CHUNK_BYTES + 10).fill(65);
    const { uploadId } = await h.call('upload.begin', { fileName: 'a.bin', size: bytes.length });
    const full = Buffer.from(bytes.subarray(0, UPLOAD_CHUNK_BYTES)).toString('base64');
    expect(full.length).toBe(UPLOAD_CHUNK_MAX_BASE64);
    // The whole request, envelope included, fits the server's 1 MiB body limit.
    expect(Buffer.byteLength(JSON.stringify({ uploadId, offset: 0, data: full }))).toBeLessThanOrEqual(1024 * 1024);
    expect((await h.call('upload.chunk', { uploadId, offset: 0, data: full })).received).toBe(UPLOAD_CHUNK_BYTES);
    const tooBig = Buffer.from(new Uint8Array(UPLOAD_CHUNK_BYTES + 3)).toString('base64');
    expect(await codeOf(h.call('upload.chunk', { uploadId, offset: UPLOAD_CHUNK_BYTES, data: tooBig }))).toBe('E_ARG_INVALID');
    expect(await codeOf(h.call('upload.begin', { fileName: 'huge.tif', size: 3 * 1024 ** 3 }))).toBe('E_ARG_INVALID');
    expect(await codeOf(h.call('upload.begin', { fileName: '../x.tif', size: 10 }))).toBe('E_ARG_INVALID');
    expect(await codeOf(h.call('upload.begin', { fileName: 'a/x.tif', size: 10 }))).toBe('E_ARG_INVALID');
  });

  it('refuses gaps, overruns, bad base64 and incomplete uploads with E_UPLOAD; a resent chunk is harmless', async () => {
    h = harness(() => false);
    await h.call('project.new', { name: 'bad' });
    const { uploadId } = await h.call('upload.begin', { fileName: 'x.geojson', size: 6 });
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    expect(await codeOf(h.call('upload.chunk', { uploadId, offset: 3, data: b64('abc') }))).toBe('E_UPLOAD');
    await h.call('upload.chunk', { uploadId, offset: 0, data: b64('abc') });
    expect((await h.call('upload.chunk', { uploadId, offset: 0, data: b64('abc') })).received).toBe(3);
    expect(await codeOf(h.call('upload.chunk', { uploadId, offset: 3, data: b64('defg') }))).toBe('E_UPLOAD');
    expect(await codeOf(h.call('upload.chunk', { uploadId, offset: 3, data: 'ZGVm=' }))).toBe('E_UPLOAD');
    expect(await codeOf(h.call('upload.chunk', { uploadId, offset: 3, data: 'ZA=A' }))).toBe('E_ARG_INVALID');
    expect(await codeOf(h.call('layer.importUploads', { uploadIds: [uploadId] }))).toBe('E_UPLOAD');
    expect(await codeOf(h.call('upload.chunk', { uploadId: 'up-000000000000', offset: 0, data: b64('abc') }))).toBe('E_UPLOAD');
    expect(await codeOf(h.call('layer.importUploads', { uploadIds: [uploadId, uploadId] }))).toBe('E_UPLOAD');
  });

  it('imports a GBK shapefile sent as sidecar files: Chinese names right, recognised as admin, project-owned, persisted', async () => {
    h = harness(() => false);
    const d = await h.call('project.new', { name: '导入' });
    expect(d.epsg).toBe(4490);
    const parts = gbkTownships();
    const ids: string[] = [];
    for (const [ext, bytes] of Object.entries(parts)) ids.push(await upload(h, `乡镇界.${ext}`, bytes));
    const res = await h.call('layer.importUploads', { uploadIds: ids });
    expect(res.layer.id).toBe('layer');
    expect(res.layer.name).toBe('乡镇界');
    expect(res.layer.category).toBe('admin');
    expect(res.suggestion?.category).toBe('admin');
    expect(res.layer.meta.kind === 'vector' && res.layer.meta.encoding).toMatch(/gbk|gb18030/i);
    expect(res.layer.file).toBe('layers/layer/乡镇界.shp');
    expect(readdirSync(join(d.project.dataDir, 'layers', 'layer')).sort()).toEqual(['乡镇界.dbf', '乡镇界.prj', '乡镇界.shp', '乡镇界.shx']);
    // The uploads were consumed.
    expect(readdirSync(join(d.project.dataDir, '.uploads'))).toEqual([]);
    // Layer data of a project without a model is served in its first projected layer's CRS.
    expect((await h.call('project.draft'))!.epsg).toBe(4546);
    const page = await h.call('layer.features', { id: 'layer' });
    expect(page.rows.map((r) => r.properties.XZQMC)).toEqual(['城关镇', '东川乡']);
    expect(page.extents[1]).toEqual([100, 0, 200, 100]);
    await h.call('project.save');
    await h.call('project.close');
    // Reopen (the shell would pass the path; here the session is called directly as serve allows no path).
    const again = await h.session.openProject(d.project.path);
    expect(again.layers.map((l) => [l.id, l.name, l.category])).toEqual([['layer', '乡镇界', 'admin']]);
  });

  it('a shapefile without .prj gives E_CRS_MISSING; the same uploads import once the CRS is given', async () => {
    h = harness(() => false);
    await h.call('project.new', { name: 'crs' });
    const parts = gbkTownships({ prj: undefined });
    const ids: string[] = [];
    for (const [ext, bytes] of Object.entries(parts)) ids.push(await upload(h, `townships.${ext}`, bytes));
    const r = await h.raw('layer.importUploads', { uploadIds: ids });
    expect(r.ok).toBe(false);
    expect((r as { error: ErrorInfo }).error).toMatchObject({ code: 'E_CRS_MISSING', file: 'townships.shp' });
    expect((await h.call('project.draft'))!.layers).toEqual([]);
    const ok = await h.call('layer.importUploads', { uploadIds: ids, crs: 4546 });
    expect(ok.layer).toMatchObject({ id: 'townships', crs: 4546 });
    expect(ok.layer.meta.crs?.epsg).toBe(4546);
  });

  it('imports a zipped shapefile; a corrupt zip and a stray file are coded errors and leave nothing behind', async () => {
    h = harness(() => false);
    const d = await h.call('project.new', { name: 'zip' });
    const parts = gbkTownships();
    const zip = zipSync(Object.fromEntries(Object.entries(parts).map(([ext, b]) => [`xz.${ext}`, b])));
    const res = await h.call('layer.importUploads', { uploadIds: [await upload(h, '乡镇.zip', zip)] });
    expect(res.layer.meta.kind === 'vector' && res.layer.meta.featureCount).toBe(2);
    const bad = await upload(h, 'broken.zip', zip.subarray(0, 40));
    expect(await codeOf(h.call('layer.importUploads', { uploadIds: [bad] }))).toBe('E_ZIP_CORRUPT');
    expect(readdirSync(join(d.project.dataDir, 'layers'))).toEqual(['layer']);
    const a = await upload(h, 'a.shp', parts.shp!);
    const b = await upload(h, 'b.dbf', parts.dbf!);
    expect(await codeOf(h.call('layer.importUploads', { uploadIds: [a, b] }))).toBe('E_ARG_INVALID');
    const txt = await upload(h, 'notes.txt', new Uint8Array([1, 2, 3]));
    expect(await codeOf(h.call('layer.importUploads', { uploadIds: [txt] }))).toBe('E_FORMAT_UNKNOWN');
  });

  it('Electron: imports a chosen .shp with its sidecars; in a project with a model the layer joins the model (undoable)', async () => {
    h = harness();
    const view = (await h.call('project.openDemo')) as ProjectView;
    const dir = mkdtempSync(join(tmpdir(), 'ra-imp-'));
    for (const [ext, bytes] of Object.entries(gbkTownships())) writeFileSync(join(dir, `避难场所.${ext}`), bytes);
    writeFileSync(join(dir, 'other.txt'), 'not part of it');
    const before = await h.call('model.get');
    const res: ImportResult = await h.call('layer.import', { path: join(dir, '避难场所.shp') });
    expect(res.layer.category).toBe('capacity');
    const after = await h.call('model.get');
    expect(after.doc!.layers[res.layer.id]).toMatchObject({ path: res.layer.file, category: 'capacity' });
    expect(after.revision).toBe(before.revision + 1);
    expect(existsSync(join(view.project!.dataDir, 'layers', res.layer.id, 'other.txt'))).toBe(false);
    expect(await codeOf(h.call('layer.remove', { id: res.layer.id }))).toBe('E_MODEL_INVALID');
    const undone = await h.call('model.undo');
    expect(undone.doc!.layers[res.layer.id]).toBeUndefined();
    expect(await h.call('layer.remove', { id: res.layer.id })).toEqual({ removed: true });
    expect(await codeOf(h.call('layer.import', { path: join(dir, 'missing.tif') }))).toBe('E_FILE_NOT_FOUND');
    expect(await codeOf(h.call('layer.import', { path: join(dir, 'no-such-folder', 'x.shp') }))).toBe('E_FILE_NOT_FOUND');
  });
});
