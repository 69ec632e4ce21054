/**
 * QC of one layer file: every rule that needs no other layer, what the file is (CRS and how it
 * was identified, encoding and its evidence), and what the user states about it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runQcFile } from '../../../../src-main/engine/qc/runQc';
import { encodeTiff, makeFixtures, type FixturePaths } from '../../../fixtures/io/makeFixtures';

let f: FixturePaths;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ra-qcfile-'));
  f = makeFixtures(dir);
});

describe('QC of one layer file', () => {
  it('checks a shapefile and says how its CRS and encoding were found', async () => {
    const r = await runQcFile(f.shpGbkCpg, { surveyYear: 2022 });
    expect(r.layers).toEqual([{ layer: 'gbk_cpg.shp', crs: 'EPSG:4546 CGCS2000 / 3-degree Gauss-Kruger CM 111E — matched (.prj parameters (datum, ellipsoid, projection))', datumShift: expect.stringMatching(/CGCS2000 taken as equal to WGS 84/), encoding: 'gbk', encodingEvidence: 'cpg' }]);
  });

  it('runs every rule that needs no CRS on a shapefile without .prj, and the CRS rules once it is stated', async () => {
    const bare = await runQcFile(f.shpNoPrj, { surveyYear: 2022 });
    expect(bare.findings.map((x) => x.rule)).toContain('CRS-01');
    const stated = await runQcFile(f.shpNoPrj, { surveyYear: 2022, crs: 4546 });
    expect(stated.findings.map((x) => x.rule)).not.toContain('CRS-01');
    expect(stated.layers![0]!.crs).toMatch(/^EPSG:4546 .* — stated \(stated by the user\)$/);
  });

  it('warns about fill values (−9999) in a GeoTIFF that declares no nodata (RAS-03), and not once it declares them', async () => {
    const data = Array.from({ length: 100 }, (_, i) => (i < 10 ? -9999 : i));
    const tif = (nodata?: string): Uint8Array => encodeTiff([{ width: 10, height: 10, dtype: 'float32', data, ...(nodata ? { nodata } : {}), geoTransform: [480000, 100, 0, 4030000, 0, -100], geoKeys: { model: 1, projected: 4546 } }]);
    writeFileSync(join(dir, 'fill.tif'), tif());
    const r = await runQcFile(join(dir, 'fill.tif'));
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'RAS-03', severity: 'warning', message: expect.stringMatching(/10 cells hold -9999/) })]);
    writeFileSync(join(dir, 'declared.tif'), tif('-9999'));
    expect((await runQcFile(join(dir, 'declared.tif'))).findings.map((x) => x.rule)).toEqual(['RAS-01']);
  });

  it('checks a GeoTIFF over its own cells and a truncated one as unreadable', async () => {
    expect((await runQcFile(f.tifFloat32_4546)).layers![0]!.crs).toMatch(/^EPSG:4546 .* — declared \(GeoTIFF keys\)$/);
    expect((await runQcFile(f.tifTruncated)).findings.map((x) => x.rule)).toEqual(['READ-01']);
  });
});
