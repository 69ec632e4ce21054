/**
 * Hostile and malformed model documents are refused with a precise message (the JSON path of
 * the first problem and what is wrong with it) before any compute: `runModel` rejects
 * without creating its output folder. Each case starts from the demo county's valid model,
 * in a copy of the county folder, and changes one thing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../../../src-main/engine/model/loadModel';
import { parseModel } from '../../../src-main/engine/model/document';
import { runModel } from '../../../src-main/engine/pipeline/run';

const sample = join(import.meta.dirname, '..', '..', '..', 'resources', 'sample', 'county');
const work = mkdtempSync(join(tmpdir(), 'ra-model-'));
const county = join(work, 'county');
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const demo = (): Doc => JSON.parse(readFileSync(join(sample, 'model.json'), 'utf8'));
let n = 0;

beforeAll(() => {
  cpSync(sample, county, { recursive: true });
  // Files outside the model folder a hostile model might want to reach.
  writeFileSync(join(work, 'secret.geojson'), JSON.stringify({ type: 'Point', coordinates: [111, 36] }));
  mkdirSync(join(work, 'elsewhere'));
  writeFileSync(join(work, 'elsewhere', 'dem.tif'), readFileSync(join(sample, 'dem.tif')));
});

/** Write a model document (an object, or raw JSON text) into the county copy and return its path. */
function modelFile(doc: Doc | string): string {
  const path = join(county, `model_${n++}.json`);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
}

/** The model's error, also checking that a run refuses it before creating any output. */
async function refusal(doc: Doc | string): Promise<{ code: string; message: string }> {
  const path = modelFile(doc);
  let err: { code: string; message: string; file?: string } | undefined;
  await loadModel(path).catch((e) => (err = e));
  expect(err, 'the model was accepted').toBeDefined();
  expect(err!.file).toBe(path);
  const out = join(work, `out_${n}`);
  const run = await runModel(path, out).then(
    () => 'ran',
    (e: { code: string }) => e.code,
  );
  expect(run).toBe(err!.code);
  expect(existsSync(out), 'the run created its output folder before refusing').toBe(false);
  return { code: err!.code, message: err!.message };
}

const change = (f: (d: Doc) => void): Doc => {
  const d = demo();
  f(d);
  return d;
};

describe('hostile model documents are refused before any compute', () => {
  it('the unchanged demo model loads (the baseline every case changes one thing of)', async () => {
    const m = await loadModel(modelFile(demo()));
    expect(m.doc.indicators.length).toBeGreaterThan(5);
  });

  const cases: [string, Doc | (() => Doc | string), string, RegExp][] = [
    ['an unknown risk operator', () => change((d) => (d.risk.operator = 'eval')), 'E_MODEL_INVALID', /^risk\.operator: Invalid option: expected one of "weightedSum"/],
    ['an unknown transform', () => change((d) => (d.indicators[0].transform = 'exp')), 'E_MODEL_INVALID', /^indicators\.0\.transform: Invalid option/],
    ['an unknown component', () => change((d) => (d.components.X = { a: 1 })), 'E_MODEL_INVALID', /^components: Unrecognized key: "X"/],
    ['an unknown weighting method', () => change((d) => (d.components.H = { method: 'oracle', indicators: ['x'] })), 'E_MODEL_INVALID', /^components\.H\.method: Invalid/],
    ['component weights summing to 0.9', () => change((d) => (d.components.V = Object.fromEntries(Object.entries(d.components.V as Record<string, number>).map(([k, w], i) => [k, i === 0 ? w - 0.1 : w])))), 'E_MODEL_INVALID', /^components\.V: weights sum to 0\.9, not 1$/],
    ['risk weights summing to 1.2', () => change((d) => (d.risk = { operator: 'weightedSum', weights: { H: 0.5, E: 0.3, V: 0.2, C: 0.2 } })), 'E_MODEL_INVALID', /(^|\.)risk\.weights: weights sum to 1\.2, not 1$/],
    ['a negative weight', () => change((d) => (d.components.V = { ...d.components.V, [Object.keys(d.components.V as object)[0]!]: -0.5 })), 'E_MODEL_INVALID', /^components\.V\.\w+: Too small/],
    ['NaN written in the JSON (not JSON at all)', () => JSON.stringify(demo()).replace('"cellSize":100', '"cellSize":NaN'), 'E_JSON_INVALID', /NaN|Unexpected token/],
    ['1e999 (parses to Infinity) as a cell size', () => JSON.stringify(demo()).replace('"cellSize":100', '"cellSize":1e999'), 'E_MODEL_INVALID', /^grid\.cellSize: .*Infinity/],
    ['-1e999 (−Infinity) as a reclass bound', () => JSON.stringify(change((d) => ((d.indicators[0].transform = 'reclass'), (d.indicators[0].table = [{ min: 12345.678, max: 1, value: 1 }])))).replace('12345.678', '-1e999'), 'E_MODEL_INVALID', /^indicators\.0\.table\.0\.min: .*-Infinity/],
    ['a zero in an AHP matrix', () => change((d) => (d.components.H.matrix[0][1] = 0)), 'E_MODEL_INVALID', /^components\.H\.matrix\.0\.1: Too small/],
    ['an AHP matrix of the wrong size', () => change((d) => d.components.H.matrix.pop()), 'E_MODEL_INVALID', /^components\.H\.matrix: must be 4 × 4/],
    ['a zero cell size', () => change((d) => (d.grid.cellSize = 0)), 'E_MODEL_INVALID', /^grid\.cellSize: Too small/],
    ['a negative cell size', () => change((d) => (d.grid.cellSize = -100)), 'E_MODEL_INVALID', /^grid\.cellSize: Too small/],
    ['a 1,000 km cell size', () => change((d) => (d.grid.cellSize = 1e6)), 'E_MODEL_INVALID', /^grid\.cellSize: Too big/],
    ['a geographic grid CRS (cells in degrees)', () => change((d) => (d.grid.epsg = 4490)), 'E_MODEL_INVALID', /^grid\.epsg: EPSG:4490 \(China Geodetic Coordinate System 2000\) is geographic \(degrees\)/],
    ['an unknown grid CRS', () => change((d) => (d.grid.epsg = 999999)), 'E_MODEL_INVALID', /^grid\.epsg: EPSG:999999 is not a geographic or projected CRS of the EPSG dataset/],
    ['an indicator on a missing layer (dangling reference)', () => change((d) => (d.indicators[0].layer = 'nosuch')), 'E_MODEL_INVALID', /^indicators\.0\.layer: no layer "nosuch"$/],
    ['a component naming a missing indicator', () => change((d) => (d.components.H = { ghost: 1 })), 'E_MODEL_INVALID', /^components\.H\.ghost: no indicator "ghost"$/],
    ['a study area that is no layer', () => change((d) => (d.grid.studyArea = 'nowhere')), 'E_MODEL_INVALID', /^grid\.studyArea: no layer "nowhere"$/],
    ['two indicators with one id', () => change((d) => d.indicators.push({ ...d.indicators[0] })), 'E_MODEL_INVALID', /duplicate id/],
    ['a layer path with ..', () => change((d) => (d.layers.dem.path = '../secret.geojson')), 'E_MODEL_INVALID', /^layers\.dem\.path: paths are relative to the model file and may not leave its folder$/],
    ['a layer path with .. in the middle', () => change((d) => (d.layers.dem.path = 'a/../../secret.geojson')), 'E_MODEL_INVALID', /^layers\.dem\.path: paths are relative/],
    ['an absolute layer path', () => change((d) => (d.layers.dem.path = '/etc/passwd')), 'E_MODEL_INVALID', /^layers\.dem\.path: paths are relative/],
    ['a Windows drive path', () => change((d) => (d.layers.dem.path = 'C:\\Windows\\win.ini')), 'E_MODEL_INVALID', /^layers\.dem\.path: paths are relative/],
    ['a Windows .. path', () => change((d) => (d.layers.dem.path = '..\\secret.geojson')), 'E_MODEL_INVALID', /^layers\.dem\.path: paths are relative/],
    ['an output path leaving the output folder', () => change((d) => (d.outputs.index = '../../evil.tif')), 'E_MODEL_INVALID', /^outputs\.index: paths are relative/],
    ['an output in a sub-folder (it failed with E_WRITE after the whole compute)', () => change((d) => (d.outputs.grade = 'grades/risk_grade.tif')), 'E_MODEL_INVALID', /^outputs\.grade: outputs are written into the output folder: give a file name without folders$/],
    ['1e999 (Infinity) in an AHP matrix', () => JSON.stringify(change((d) => (d.components.H.matrix[0][1] = 12345.678))).replace('12345.678', '1e999'), 'E_MODEL_INVALID', /^components\.H\.matrix\.0\.1: Infinity is not a finite number \(1e999 in JSON reads as Infinity\); give a finite number$/],
    ['"Infinity" as text in an AHP matrix (it read "expected number, received string")', () => change((d) => (d.components.H.matrix[0][1] = 'Infinity')), 'E_MODEL_INVALID', /^components\.H\.matrix\.0\.1: "Infinity" is text, not a number$/],
    ['a fraction as text in an AHP matrix', () => change((d) => (d.components.H.matrix[1][0] = '1/3')), 'E_MODEL_INVALID', /^components\.H\.matrix\.1\.0: "1\/3" is text, not a number: write a fraction such as 1\/3 as a decimal \(0\.3333\)$/],
    ['an unknown top-level key', () => change((d) => (d.script = 'rm -rf /')), 'E_MODEL_INVALID', /^\(document\): Unrecognized key: "script"/],
    ['a model version from the future', () => change((d) => (d.version = 99)), 'E_MODEL_INVALID', /^version: /],
    ['JSON nested 100,000 deep', () => JSON.stringify(demo()).replace('"name":', `"deep":${'['.repeat(100_000)}${']'.repeat(100_000)},"name":`), 'E_MODEL_INVALID', /Unrecognized key: "deep"/],
    ['a 5 MiB model file', () => JSON.stringify({ ...demo(), pad: 'x'.repeat(5 * 1024 * 1024) }), 'E_FILE_TOO_LARGE', /more than/],
  ];
  for (const [what, doc, code, message] of cases) {
    it(`${what}: ${code}`, async () => {
      const d = typeof doc === 'function' ? doc() : doc;
      const err = await refusal(d);
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
    });
  }
});

describe('absurd grid sizes', () => {
  it('a 1 mm cell over the county (10¹⁵ cells) is refused at once with what it would mean, naming the model file, and nothing is written', async () => {
    const path = modelFile(change((d) => (d.grid.cellSize = 0.001)));
    const out = join(work, 'out_tiny');
    const t0 = performance.now();
    const err = await runModel(path, out, { workers: 0 }).then(
      () => null,
      (e: { code: string; message: string }) => e,
    );
    expect(err).toMatchObject({ code: 'E_MODEL_INVALID', file: path, message: expect.stringMatching(/^grid\.cellSize: 0\.001 m over the 31\.\d km × 30\.\d km study area gives \d+ × \d+ cells, more than 2147483648; choose a larger cell size$/) });
    // Before any compute: the study area is read, the grid sized, and the run stops (a run would never end).
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  }, 60_000);
});

describe('layer paths escaping the model folder through symbolic links', () => {
  it('a layer file that is a link to a file outside: E_MODEL_INVALID naming the layer and the target', async () => {
    symlinkSync(join(work, 'secret.geojson'), join(county, 'boundary_link.geojson'));
    const err = await refusal(change((d) => (d.layers.county.path = 'boundary_link.geojson')));
    expect(err.code).toBe('E_MODEL_INVALID');
    expect(err.message).toMatch(/^layers\.county\.path: "boundary_link\.geojson" leads outside the model folder through a symbolic link \(to .*secret\.geojson\)$/);
  });

  it('a layer under a linked folder pointing outside: refused', async () => {
    symlinkSync(join(work, 'elsewhere'), join(county, 'data_link'));
    const err = await refusal(change((d) => (d.layers.dem.path = 'data_link/dem.tif')));
    expect(err.message).toMatch(/^layers\.dem\.path: "data_link\/dem\.tif" leads outside the model folder/);
  });

  it('a layer under a linked folder that does not exist yet: still refused (the link is resolved, not the file)', async () => {
    const err = await refusal(change((d) => (d.layers.dem.path = 'data_link/not_yet.tif')));
    expect(err.message).toMatch(/^layers\.dem\.path: .* leads outside the model folder/);
  });

  it('a link that stays inside the model folder is fine', async () => {
    mkdirSync(join(county, 'rasters'));
    symlinkSync(join(county, 'dem.tif'), join(county, 'rasters', 'dem_link.tif'));
    const m = await loadModel(modelFile(change((d) => (d.layers.dem.path = 'rasters/dem_link.tif'))));
    expect(m.doc.layers.dem!.path).toBe('rasters/dem_link.tif');
  });

  it('a model opened through a linked folder resolves against the real folder', async () => {
    symlinkSync(county, join(work, 'county_alias'));
    const path = modelFile(demo());
    const m = await loadModel(join(work, 'county_alias', path.slice(county.length + 1)));
    expect(Object.keys(m.doc.layers)).toContain('dem');
  });
});

describe('objects handed over the API (not JSON text)', () => {
  it('NaN and Infinity are refused by path', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const d = change((x) => (x.components.E.e_pop = bad));
      expect(() => parseModel(d, 'api')).toThrow(expect.objectContaining({ code: 'E_MODEL_INVALID', message: expect.stringMatching(/^components\.E\.e_pop: /) }));
    }
    const cell = change((d) => (d.grid.cellSize = NaN));
    expect(() => parseModel(cell, 'api')).toThrow(expect.objectContaining({ code: 'E_MODEL_INVALID', message: expect.stringMatching(/^grid\.cellSize: .*NaN/) }));
  });

  it('a cyclic object (structured clone carries cycles over IPC) is refused, not walked forever', () => {
    const d = demo();
    d.layers.dem.self = d;
    d.grid.parent = d.grid;
    expect(() => parseModel(d, 'api')).toThrow(expect.objectContaining({ code: 'E_MODEL_INVALID', message: expect.stringMatching(/Unrecognized key/) }));
    const e = demo();
    e.components.H = e.components;
    expect(() => parseModel(e, 'api')).toThrow(expect.objectContaining({ code: 'E_MODEL_INVALID' }));
  });

  it('a __proto__ key does not pollute prototypes', () => {
    const d = JSON.parse(JSON.stringify(demo()).replace('"layers":{', '"layers":{"__proto__":{"path":"x.tif","name":"x","category":"hazard"},'));
    const m = parseModel(d, 'api');
    expect(Object.getPrototypeOf(m.layers)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).path).toBeUndefined();
  });
});
