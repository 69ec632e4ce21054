/**
 * The live recompute on the demo county (three hazards as shares of an AHP-weighted H,
 * entropy-weighted C, townships, population, zoning), cut in 128-cell tiles so every merge
 * across tiles is exercised: each edit's result is compared with a run of the edited model —
 * the grade picture byte for byte with the run's quick-look PNG, the breaks and the class
 * table exactly, the zones cell for cell with the zoning GeoTIFF — and a run from the kept
 * indicators writes the same bytes as a run that reads every input.
 */
import { cp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { histogramOf } from '../../../../../src-main/engine/classify/valueHistogram';
import { openGeoTiff } from '../../../../../src-main/engine/io/geotiff';
import { loadModel } from '../../../../../src-main/engine/model/loadModel';
import type { ModelDocument } from '../../../../../src-main/engine/model/document';
import { LiveEngine, type LiveRequest, type LiveResult } from '../../../../../src-main/engine/pipeline/live/liveEngine';
import { runModel } from '../../../../../src-main/engine/pipeline/run';
import type { RunSummary } from '../../../../../src-main/engine/pipeline/summary';
import { paletteIndices } from '../../../../fixtures/paletteImage';
import { useTempDir } from '../../../../fixtures/tempDir';

const TILE = 128;
const SAMPLE = join(import.meta.dirname, '../../../../../resources/sample/county');
const tmp = useTempDir('ra-live-');
let county = '';
let demo: ModelDocument;
let engine: LiveEngine;

beforeAll(async () => {
  county = join(tmp(), 'county');
  await cp(SAMPLE, county, { recursive: true });
  demo = (await loadModel(join(county, 'model.json'))).doc;
  engine = new LiveEngine(county, undefined, TILE);
});
afterAll(() => engine.close());

let runs = 0;
/** A run of `doc` (written beside the demo's inputs), in 128-cell tiles like the engine under test. */
async function runOf(doc: ModelDocument): Promise<RunSummary> {
  const name = `edit-${++runs}`;
  await writeFile(join(county, `${name}.json`), JSON.stringify(doc));
  return runModel(join(county, `${name}.json`), join(tmp(), name), { tileSize: TILE, workers: 0 });
}

const request = (doc: ModelDocument, view: LiveRequest['view'] = 'grades'): LiveRequest => ({ doc, view, image: true, bins: 64 });

/** The live result is the run's: the same picture bytes, breaks and classes, and the histogram of the index it wrote. */
async function expectSameAsRun(live: LiveResult, run: RunSummary): Promise<void> {
  expect(Buffer.from(live.png!).equals(await readFile(run.files.png))).toBe(true);
  const tif = await openGeoTiff(run.files.index);
  const index = await tif.readWindow(0, 0, tif.meta.width, tif.meta.height, 0);
  await tif.close();
  expect(live.histogram).toEqual(histogramOf(Float64Array.from(index, (v) => (v === tif.meta.nodata ? NaN : v)), 64));
  expect(live.breaks).toEqual(run.classification.breaks);
  expect(live.classes).toEqual(run.classification.classes);
  expect(live.weights).toEqual(run.weights);
}

const withRiskWeights = (doc: ModelDocument, weights: Record<string, number>): ModelDocument => ({ ...doc, risk: { ...doc.risk!, weights } });

describe('live recompute of model edits', () => {
  it('the model as it is: the same picture, breaks, classes and weights as a run', async () => {
    const live = await engine.update(request(demo));
    expect(Object.keys(live.stages)).toEqual(expect.arrayContaining(['indicators', 'entropy', 'components', 'index', 'breaks', 'grades', 'image']));
    await expectSameAsRun(live, await runOf(demo));
  });

  it('a risk weight moved: only the risk formulas, breaks and grades run again, and the result is the run of the new weights', async () => {
    const edited = withRiskWeights(demo, { H: 0.5, E: 0.25, V: 0.125, C: 0.125 });
    const live = await engine.update(request(edited));
    expect(Object.keys(live.stages).sort()).toEqual(['breaks', 'distribution', 'grades', 'image', 'index']);
    await expectSameAsRun(live, await runOf(edited));
  });

  it('an AHP judgement changed (the hazards\' shares of H with it) and another operator: the run of the edited model', async () => {
    const H = demo.components.H as { method: 'ahp'; indicators: string[]; matrix: number[][] };
    const matrix = H.matrix.map((r) => [...r]);
    [matrix[0]![2], matrix[2]![0]] = [5, 1 / 5];
    const edited: ModelDocument = { ...demo, components: { ...demo.components, H: { ...H, matrix } }, risk: { operator: 'hevc' } };
    const live = await engine.update(request(edited));
    expect(live.stages.components).toBeDefined();
    expect(live.stages.indicators).toBeUndefined();
    await expectSameAsRun(live, await runOf(edited));
  });

  it('fixed breaks dragged, quantiles, percentile scores: each the run of that classification', async () => {
    const base = (await engine.update(request(demo))).breaks;
    const fixed: ModelDocument = { ...demo, classification: { ...demo.classification, method: 'fixed', thresholds: [base[1]!, base[2]!, base[3]!, (base[4]! + base[5]!) / 2] } };
    const dragged = await engine.update(request(fixed));
    // Grading again alone: the index is kept.
    expect(Object.keys(dragged.stages).sort()).toEqual(['breaks', 'grades', 'image']);
    await expectSameAsRun(dragged, await runOf(fixed));
    const scored: ModelDocument = { ...demo, indexScore: 'percentile', classification: { ...demo.classification, method: 'quantile' } };
    await expectSameAsRun(await engine.update(request(scored)), await runOf(scored));
  });

  it('the zoning matrix edited: the zones cell for cell as the run writes them, before polygons', async () => {
    const matrix = [[1, 1, 1], [1, 1, 2], [2, 2, 3], [2, 3, 3], [3, 3, 3]];
    const edited: ModelDocument = { ...demo, zoning: { ...demo.zoning!, matrix } };
    const live = await engine.update(request(edited, 'zones'));
    const run = await runOf(edited);
    const tif = await openGeoTiff(run.files.zoning!);
    const zones = await tif.readWindow(0, 0, tif.meta.width, tif.meta.height, 0);
    await tif.close();
    const picture = paletteIndices(live.png!);
    expect([picture.width, picture.height]).toEqual([tif.meta.width, tif.meta.height]);
    expect(picture.indices.findIndex((z, i) => z !== zones[i])).toBe(-1);
    const counts = [0, 0, 0, 0];
    for (const z of zones) counts[z]!++;
    expect(live.zones!.cells).toEqual(counts);
    expect(counts.slice(1).every((n) => n > 0)).toBe(true);
    expect(live.zones!.capacityBreaks).toEqual(run.zoning!.capacityBreaks);
  });

  it('a run from the kept indicators writes every output file with the same bytes as a run that reads them', async () => {
    const out = join(tmp(), 'from-cache');
    await engine.run(join(county, 'model.json'), out, { tileSize: TILE, workers: 0 });
    const fresh = await runModel(join(county, 'model.json'), join(tmp(), 'fresh'), { tileSize: TILE, workers: 0 });
    const names = (await readdir(fresh.outDir)).sort();
    expect((await readdir(out)).sort()).toEqual(names);
    for (const n of names) expect((await readFile(join(out, n))).equals(await readFile(join(fresh.outDir, n))), n).toBe(true);
  });

  it('an input file touched is read again; an edit made stale stops with E_CANCELLED', async () => {
    const later = new Date(Date.now() + 60_000);
    await utimes(join(county, 'pga.tif'), later, later);
    const live = await engine.update(request(demo));
    expect(live.stages.indicators).toBeDefined();
    await expect(engine.update(request(withRiskWeights(demo, { H: 0.7, E: 0.1, V: 0.1, C: 0.1 })), { aborted: true })).rejects.toMatchObject({ code: 'E_CANCELLED' });
  });

  it('with no memory for raw tiles they go to a temporary file, and the result is the same', async () => {
    const spilling = new LiveEngine(county, 0, TILE);
    try {
      const live = await spilling.update(request(demo));
      expect(live.memory.raw).toBe(0);
      expect(live.memory.disk).toBeGreaterThan(0);
      expect(Buffer.from(live.png!).equals(Buffer.from((await engine.update(request(demo))).png!))).toBe(true);
    } finally {
      await spilling.close();
    }
  });

  it('with a second thread (the helper forced on the demo\'s small grid): each edit the run of the edited model, graded half in each thread', async () => {
    const two = new LiveEngine(county, undefined, TILE, 0);
    try {
      const first = await two.update(request(demo));
      expect(first.threads).toBe(2);
      await expectSameAsRun(first, await runOf(demo));
      const edited = withRiskWeights(demo, { H: 0.4, E: 0.3, V: 0.2, C: 0.1 });
      await expectSameAsRun(await two.update(request(edited)), await runOf(edited));
      const base = first.breaks;
      const fixed: ModelDocument = { ...demo, classification: { ...demo.classification, method: 'fixed', thresholds: [base[1]!, (base[2]! + base[3]!) / 2, base[3]!, base[4]!] } };
      await expectSameAsRun(await two.update(request(fixed)), await runOf(fixed));
      // Zones from grades graded in two threads: those of one thread.
      const one = await engine.update(request(demo, 'zones'));
      const zones = await two.update(request(demo, 'zones'));
      expect(zones.zones).toEqual(one.zones);
      expect(Buffer.from(zones.png!).equals(Buffer.from(one.png!))).toBe(true);
    } finally {
      await two.close();
    }
  });
});
