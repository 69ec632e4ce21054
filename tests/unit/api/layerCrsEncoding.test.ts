/**
 * The API for files whose CRS or encoding the engine cannot settle alone: an import asks for an
 * unidentified CRS with the candidates (as for a missing one), and a layer's text encoding is
 * stated afterwards — the file is read again with it, QC's finding goes, the model follows.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harness } from './apiHarness';
import { encodeDbf, SHP, writeShapefile } from '../../fixtures/io/makeFixtures';
import type { ErrorInfo } from '../../../src-shared/errors';
import type { ProjectView } from '../../../src-main/api/contract';

const h = harness();
afterAll(async () => {
  await h.session.close();
});

const GRS80_UNKNOWN_GK =
  'PROJCS["GK_CM_111E",GEOGCS["GCS_unknown",DATUM["D_unknown",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",111.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

describe('layers whose CRS or encoding the user settles', () => {
  it('asks for a CRS that matched no EPSG CRS, offering the candidates, and imports with the one chosen', async () => {
    const view = (await h.call('project.openDemo')) as ProjectView;
    const [x0, y0, x1, y1] = view.extent;
    const dir = mkdtempSync(join(tmpdir(), 'ra-unid-'));
    const shp = writeShapefile(join(dir, 'shelters_gk'), {
      type: SHP.Point,
      records: [{ parts: [[[(x0 + x1) / 2, (y0 + y1) / 2]]], props: { MC: 'a' } }],
      fields: [{ name: 'MC', type: 'C', length: 10 }],
      prj: GRS80_UNKNOWN_GK,
      cpg: 'UTF-8',
    });
    const r = await h.raw('layer.import', { path: shp });
    expect(r.ok).toBe(false);
    const error = (r as { error: ErrorInfo }).error;
    expect(error.code).toBe('E_CRS_UNIDENTIFIED');
    expect(String(error.params!.candidates).split(',')).toContain('4546');
    expect(String(error.params!.candidateNames).split('\n')).toContain('CGCS2000 / 3-degree Gauss-Kruger CM 111E');
    const ok = await h.call('layer.import', { path: shp, crs: 4546 });
    expect(ok.layer.meta.crs).toMatchObject({ epsg: 4546, identification: { level: 'stated' } });
  }, 60_000);

  it('imports Latin text it cannot decode as undecided, and reads it again with the encoding the user states', async () => {
    const view = (await h.call('project.openDemo')) as ProjectView;
    const [x0, y0, x1, y1] = view.extent;
    const dir = mkdtempSync(join(tmpdir(), 'ra-enc-'));
    const shp = writeShapefile(join(dir, 'abrigos'), {
      type: SHP.Point,
      records: [{ parts: [[[(x0 + x1) / 2, (y0 + y1) / 2]]], props: { MC: 'x' } }],
      fields: [{ name: 'MC', type: 'C', length: 20 }],
      prj: GRS80_UNKNOWN_GK.replace('D_unknown', 'D_China_2000'),
    });
    writeFileSync(join(dir, 'abrigos.dbf'), encodeDbf([{ name: 'MC', type: 'C', length: 20 }], [{ MC: 'São José' }], latin1));
    const imported = await h.call('layer.import', { path: shp });
    const id = imported.layer.id;
    expect(imported.layer.meta).toMatchObject({ encoding: 'windows-1252', encodingEvidence: 'undecided' });
    expect(imported.warnings.join(' ')).toMatch(/neither UTF-8 nor GBK/);
    const before = await h.call('qc.run', { surveyYear: 2022 });
    expect(before.findings.some((f) => f.layer === id && f.rule === 'ENC-01')).toBe(true);

    const entry = await h.call('layer.update', { id, encoding: 'windows-1252' });
    expect(entry).toMatchObject({ encoding: 'windows-1252', meta: { encoding: 'windows-1252', encodingEvidence: 'stated' } });
    expect((await h.call('layer.features', { id })).rows[0]!.properties.MC).toBe('São José');
    expect((await h.call('model.get')).doc!.layers[id]!.encoding).toBe('windows-1252');
    const after = await h.call('qc.run', { surveyYear: 2022 });
    expect(after.findings.some((f) => f.layer === id && f.rule === 'ENC-01')).toBe(false);

    const back = await h.call('layer.update', { id, encoding: null });
    expect(back.encoding).toBeUndefined();
    expect(back.meta).toMatchObject({ encodingEvidence: 'undecided' });
  }, 60_000);
});
