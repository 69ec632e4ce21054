/**
 * "The same project built from the command line gives byte-identical outputs." The county of
 * tests/fixtures/gdal/ownCounty.py (files GDAL made) built twice:
 *
 * - the app's way, through dispatch as both shells call it: 新建项目 (project.new), the layers
 *   imported, wizard.plan's suggested CRS, wizard.create, then the indicator builder's edits
 *   (the renderer's own builderEdit: low ground from the DEM, population per km² of each
 *   township), the 区划 panel's zoning edits (modelEdit.zoningMatrix), job.startRun;
 * - the command line's way: `riskatlas new` with the model document docs/model.md documents,
 *   then `riskatlas run`.
 *
 * Every raster, statistics table and zoning file the two runs write is the same byte for byte,
 * and so is every file of the two deliverable packages (GeoTIFFs with overviews, statistics CSV
 * and XLSX, zoning GeoPackage and shapefile, the sheet's PDF and PNG) but three records that name
 * where the model document was read from: provenance.json's `modelPath`, qc_report.json's
 * `model` (a temporary copy of the document), and the sizes and SHA-256 of those two files in
 * 说明.txt. A run's own provenance also names each input's absolute path (`inputs.<id>.path`).
 * The model itself, the inputs' CRS and encoding, grid, weights and classes are equal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasReference, PYTHON } from '../fixtures/referenceTools';
import { useTempDir } from '../fixtures/tempDir';
import { harness, type Harness } from '../unit/api/apiHarness';
import { addIndicator, newSpec } from '../../src-renderer/src/indicators/builderEdit';
import { zoningMatrix } from '../../src-renderer/src/lib/modelEdit';
import { DEFAULT_ZONE_MATRIX } from '../../src-shared/zoneMatrix';
import type { LayerEntry, ModelDocument } from '../../src-main/api/contract';
import { cli, documentedModel, root } from './helpers/ownCounty';

const tools = hasReference('osgeo') && hasReference('numpy');

/** The files of a run's folder, relative, sorted (the run writes no sub-folders but its zone shapefile's parts). */
const filesOf = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name).slice(dir.length + 1)).sort();

/** Provenance fields that name where things are, not what they are: the model's path and each input's path. */
function withoutPlaces(prov: Record<string, unknown>): Record<string, unknown> {
  const { modelPath: _where, inputs, ...rest } = prov;
  return { ...rest, inputs: Object.fromEntries(Object.entries(inputs as Record<string, Record<string, unknown>>).map(([k, { path: _path, ...input }]) => [k, input])) };
}

describe.skipIf(!tools)('the same county built in the app and on the command line', () => {
  const tmp = useTempDir('ra-own-parity-');
  let data = '';
  let appOut = '';
  let cliOut = '';
  let h: Harness;
  let appProvenance: Record<string, unknown> = {};
  let cmdProvenance: Record<string, unknown> = {};

  beforeAll(async () => {
    data = join(tmp(), 'data');
    execFileSync(PYTHON, [join(root, 'tests', 'fixtures', 'gdal', 'ownCounty.py'), data], { timeout: 120_000 });

    // The app: the wizard, the builder, the zoning panel, 计算.
    h = harness();
    await h.call('project.new', { name: '丘陵县' });
    const layers: LayerEntry[] = [];
    for (const f of ['boundary.shp', 'dem.tif', 'townships.gpkg']) layers.push((await h.call('layer.import', { path: join(data, f) })).layer);
    // The 数据 panel's layer information: Chinese display names, the DEM's units.
    await h.call('layer.update', { id: 'boundary', name: '县界' });
    await h.call('layer.update', { id: 'dem', name: '数字高程模型', units: 'm' });
    await h.call('layer.update', { id: 'townships', name: '乡镇' });
    const studyArea = { layer: 'boundary' };
    const plan = await h.call('wizard.plan', { studyArea, cellSize: 100, hazards: [] });
    await h.call('wizard.create', { name: '丘陵县', code: '141031', compiler: '丘陵县应急管理局', studyArea, epsg: plan.suggestion!.epsg, cellSize: 100, hazards: [] });
    const byId = (id: string): LayerEntry => layers.find((l) => l.id === id)!;
    let doc = (await h.call('model.get')).doc!;
    const edit = async (next: ModelDocument): Promise<void> => {
      doc = (await h.call('model.update', { doc: next })).doc!;
    };
    await edit(addIndicator(doc, { ...newSpec('low_ground', byId('dem'), 'value', false), resample: 'bilinear', name: '地势低洼程度', direction: 'negative' }, 'H', byId('dem')));
    await edit(addIndicator(doc, { ...newSpec('pop_density', byId('townships'), 'attributePerArea', false), field: 'RK', name: '人口密度' }, 'E', byId('townships')));
    // 启用防治区划 (no C: the capacity axis is H), two capacity grades, then the matrix cells clicked to zone by risk grade alone.
    await edit({ ...doc, zoning: { capacity: 'H', capacityClasses: 3, matrix: DEFAULT_ZONE_MATRIX, majority: 5, minAreaKm2: 1 } });
    await edit({ ...doc, zoning: { ...doc.zoning!, capacityClasses: 2, matrix: zoningMatrix(5, 2) } });
    for (const [i, j] of [[0, 1], [0, 1], [1, 1], [1, 1], [2, 1], [2, 1]] as const) {
      const matrix = doc.zoning!.matrix!;
      await edit({ ...doc, zoning: { ...doc.zoning!, matrix: matrix.map((r, a) => r.map((x, b) => (a === i && b === j ? (x % 3) + 1 : x))) } });
    }
    const { jobId } = await h.call('job.startRun', {});
    let status = await h.call('job.status', { jobId });
    while (status.state === 'running') {
      await new Promise((r) => setTimeout(r, 200));
      status = await h.call('job.status', { jobId });
    }
    if (status.state !== 'done') throw new Error(`the app's run ended ${status.state}: ${JSON.stringify(status.error)}`);
    appOut = status.result!.outDir;

    // The command line: `riskatlas new` with the documented model, then `riskatlas run`.
    const model = join(tmp(), 'model.json');
    writeFileSync(model, JSON.stringify(documentedModel()));
    const project = join(tmp(), 'cli');
    const made = cli('en', 'new', project, '--boundary', join(data, 'boundary.shp'), '--name', '丘陵县', '--layers', join(data, 'dem.tif'), join(data, 'townships.gpkg'), '--model', model);
    if (made.status !== 0) throw new Error(made.stderr);
    cliOut = join(tmp(), 'cli-out');
    const run = cli('en', 'run', project, '--out', cliOut);
    if (run.status !== 0) throw new Error(run.stderr);
    // Read before the app's package is written into its run folder (the package's provenance replaces the run's).
    appProvenance = JSON.parse(readFileSync(join(appOut, 'provenance.json'), 'utf8'));
    cmdProvenance = JSON.parse(readFileSync(join(cliOut, 'provenance.json'), 'utf8'));
  }, 900_000);
  afterAll(async () => {
    await h?.session.close();
    if (h) rmSync(h.workspace, { recursive: true, force: true });
  });

  it('the app writes the model docs/model.md documents (the command line was given)', async () => {
    const app = (await h.call('model.get')).doc!;
    expect(app).toEqual(cmdProvenance.model);
  });

  it('writes the same files, the rasters, statistics tables and zoning byte for byte', () => {
    const files = filesOf(cliOut);
    expect(filesOf(appOut)).toEqual(files);
    for (const f of ['risk_index.tif', 'risk_grade.tif', 'risk_stats.csv', 'zoning.tif', 'zoning.gpkg', 'zoning.shp', 'zoning.dbf']) expect(files).toContain(f);
    for (const f of files.filter((x) => x !== 'provenance.json')) expect(readFileSync(join(appOut, f)).equals(readFileSync(join(cliOut, f))), f).toBe(true);
  });

  it('records the same run provenance but for where the model and the inputs are', () => {
    expect(appProvenance.modelPath).not.toBe(cmdProvenance.modelPath);
    expect(withoutPlaces(appProvenance)).toEqual(withoutPlaces(cmdProvenance));
  });

  it("packages the same deliverables — GeoTIFFs with overviews, statistics CSV and XLSX, zoning, the sheet's PDF and PNG — byte for byte; the records differ only in the model's temporary path", async () => {
    const app = (await h.call('package.export', { maps: ['riskGrade'], paper: 'A4', dpi: 40 })).outDir;
    const pkg = join(tmp(), 'cli-package');
    const exp = cli('en', 'export', join(tmp(), 'cli'), '--out', pkg, '--maps', 'riskGrade', '--paper', 'A4', '--dpi', '40');
    expect(exp.status, exp.stderr).toBe(0);
    const files = filesOf(pkg);
    expect(filesOf(app)).toEqual(files);
    for (const f of ['statistics.xlsx', 'stats_by_township.csv', 'stats_by_zone.csv', 'maps/丘陵县自然灾害综合风险图.pdf', 'maps/丘陵县自然灾害综合风险图.png']) expect(files).toContain(f);
    const same = (f: string): boolean => readFileSync(join(app, f)).equals(readFileSync(join(pkg, f)));
    // The records name the model document the package was made from, a temporary copy whose path differs; 说明.txt lists their sizes and hashes.
    const records = ['provenance.json', 'qc_report.json', '说明.txt'];
    expect(files.filter((f) => !same(f))).toEqual(records);
    const json = (dir: string, f: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const { modelPath: _a, ...appProv } = json(app, 'provenance.json');
    const { modelPath: _b, ...cmdProv } = json(pkg, 'provenance.json');
    expect(appProv).toEqual(cmdProv);
    const { model: _c, ...appQc } = json(app, 'qc_report.json');
    const { model: _d, ...cmdQc } = json(pkg, 'qc_report.json');
    expect(appQc).toEqual(cmdQc);
    const readme = (dir: string): string => readFileSync(join(dir, '说明.txt'), 'utf8').replace(/^(provenance\.json|qc_report\.json) \|.*$/gm, '$1');
    expect(readme(app)).toEqual(readme(pkg));
  }, 300_000);
});
