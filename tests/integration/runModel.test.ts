/**
 * The engine end to end on a small fixture, compared cell by cell with a straightforward
 * reference computation written here in the test (and, for one raster, reprojected data
 * against GDAL when present). Also: determinism and the worker path.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromFile } from 'geotiff';
import { writeGeoTiff } from '../../src-main/engine/export/geotiff';
import { runModel } from '../../src-main/engine/pipeline/run';
import { runModelInWorker } from '../../src-main/engine/pipeline/workers/runInWorker';
import { jenksBreaks, classOf } from '../../src-main/engine/classify/breaks';

const W = 40;
const H = 30;
const CELL = 100;
const X0 = 480_000;
const Y0 = 4_020_000;
const dir = mkdtempSync(join(tmpdir(), 'ra-run-'));

/** Deterministic smooth fields with a few nodata cells. */
const hazard = Float32Array.from({ length: W * H }, (_, i) => ((i % W) * 0.7 + Math.sin(i / 17) * 3 + 5) / 40);
const expo = Float32Array.from({ length: W * H }, (_, i) => (i === 77 || i === 500 ? -9999 : ((Math.floor(i / W) * 13) % 29) + (i % 7)));
const shelters = [
  [X0 + 550, Y0 - 450],
  [X0 + 3250, Y0 - 2150],
];
// Study area: all but the first two columns (cell-centre rule on exact cell edges).
const area = { type: 'Polygon', coordinates: [[[X0 + 2 * CELL, Y0], [X0 + W * CELL, Y0], [X0 + W * CELL, Y0 - H * CELL], [X0 + 2 * CELL, Y0 - H * CELL], [X0 + 2 * CELL, Y0]]] };

beforeAll(async () => {
  const gt = [X0, CELL, 0, Y0, 0, -CELL] as [number, number, number, number, number, number];
  await writeGeoTiff(join(dir, 'hazard.tif'), hazard, { width: W, height: H, dtype: 'float32', nodata: -9999, epsg: 4546, geoTransform: gt });
  await writeGeoTiff(join(dir, 'expo.tif'), expo, { width: W, height: H, dtype: 'float32', nodata: -9999, epsg: 4546, geoTransform: gt });
  const crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4546' } };
  writeFileSync(join(dir, 'area.geojson'), JSON.stringify({ type: 'FeatureCollection', crs, features: [{ type: 'Feature', properties: { name: 'a' }, geometry: area }] }));
  writeFileSync(
    join(dir, 'shelters.geojson'),
    JSON.stringify({ type: 'FeatureCollection', crs, features: shelters.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: c } })) }),
  );
  writeFileSync(
    join(dir, 'model.json'),
    JSON.stringify({
      riskatlas: 'model',
      version: 1,
      name: 'fixture',
      grid: { epsg: 4546, cellSize: CELL, studyArea: 'area' },
      layers: {
        area: { path: 'area.geojson', name: 'area', category: 'admin' },
        hazard: { path: 'hazard.tif', name: 'h', category: 'hazard' },
        expo: { path: 'expo.tif', name: 'e', category: 'exposure' },
        shelters: { path: 'shelters.geojson', name: 's', category: 'capacity' },
      },
      indicators: [
        { id: 'h', layer: 'hazard', resample: 'nearest' },
        { id: 'e', layer: 'expo', resample: 'bilinear' },
        { id: 'c', layer: 'shelters', rasterize: 'distance', direction: 'negative' },
      ],
      components: { H: { h: 1 }, E: { e: 1 }, C: { c: 1 } },
      risk: { operator: 'weightedSum', weights: { H: 0.5, E: 0.3, C: 0.2 } },
      classification: { method: 'jenks', classes: 5, scheme: 'high5' },
      outputs: {},
    }),
  );
});

/** The reference's normalised indicators h, e and c (NaN outside the study area and at nodata). */
function referenceIndicators(inside: (i: number) => boolean = (i) => i % W >= 2): { hn: number[]; en: number[]; cn: number[] } {
  const h: number[] = [];
  const e: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < W * H; i++) {
    const col = i % W;
    const row = Math.floor(i / W);
    const x = X0 + (col + 0.5) * CELL;
    const y = Y0 - (row + 0.5) * CELL;
    h.push(inside(i) ? hazard[i]! : NaN);
    e.push(inside(i) && expo[i] !== -9999 ? expo[i]! : NaN);
    c.push(inside(i) ? Math.min(...shelters.map(([sx, sy]) => Math.hypot(sx! - x, sy! - y))) : NaN);
  }
  const mm = (a: number[], neg = false): number[] => {
    const v = a.filter((x) => !Number.isNaN(x));
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    return a.map((x) => (neg ? (hi - x) / (hi - lo) : (x - lo) / (hi - lo)));
  };
  return { hn: mm(h), en: mm(e), cn: mm(c, true) };
}

/** The reference: the same chain as a plain loop over cells. */
function reference(): Float64Array {
  const { hn, en, cn } = referenceIndicators();
  return Float64Array.from({ length: W * H }, (_, i) => 0.5 * hn[i]! + 0.3 * en[i]! + 0.2 * (1 - cn[i]!));
}

/** The written index inside the grid (W − 2 columns) against a reference on the fixture (W columns), to 1e-6. */
function expectMatches(got: Float32Array, ref: ArrayLike<number>, nodata = -9999): void {
  let compared = 0;
  for (let row = 0; row < H; row++)
    for (let col = 2; col < W; col++) {
      const r = ref[row * W + col]!;
      const g = got[row * (W - 2) + col - 2]!;
      if (Number.isNaN(r)) expect(g).toBe(nodata);
      else {
        expect(Math.abs(g - r)).toBeLessThan(1e-6);
        compared++;
      }
    }
  expect(compared).toBeGreaterThan(1000);
}

/** Band 1 of a GeoTIFF as read by geotiff.js (Float32Array for the index, Uint8Array for grades). */
async function readBand<T extends Float32Array | Uint8Array = Float32Array>(file: string): Promise<T> {
  const img = await (await fromFile(file)).getImage();
  return (await img.readRasters())[0] as T;
}

/** Write a variant of the fixture model. */
function variant(name: string, change: (m: Record<string, any>) => void): string {
  const m = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  change(m);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(m));
  return path;
}

describe('runModel on a fixture', () => {
  it('matches the reference loop cell by cell (1e-6) and classifies by exact Jenks', async () => {
    const out = join(dir, 'out1');
    const s = await runModel(join(dir, 'model.json'), out);
    expect(s.grid).toEqual({ epsg: 4546, originX: X0 + 200, originY: Y0, cellSize: CELL, width: W - 2, height: H });
    const img = await (await fromFile(join(out, 'risk_index.tif'))).getImage();
    const got = (await img.readRasters())[0] as Float32Array;
    const ref = reference();
    const valid: number[] = [];
    for (let row = 0; row < H; row++)
      for (let col = 2; col < W; col++) {
        const r = ref[row * W + col]!;
        const g = got[row * (W - 2) + col - 2]!;
        if (Number.isNaN(r)) expect(g).toBe(-9999);
        else {
          expect(Math.abs(g - r)).toBeLessThan(1e-6);
          valid.push(g);
        }
      }
    // Breaks: exact Jenks of the index as written (Float32), within Float32 rounding of the
    // reference's Jenks; grades: the written index classified by those breaks, cell by cell.
    const gimg = await (await fromFile(join(out, 'risk_grade.tif'))).getImage();
    const grades = (await gimg.readRasters())[0] as Uint8Array;
    const breaks = s.classification.breaks;
    expect(breaks).toEqual(jenksBreaks(valid, 5));
    const refBreaks = jenksBreaks(Array.from(ref).filter((v) => !Number.isNaN(v)), 5);
    breaks.forEach((b, i) => expect(Math.abs(b - refBreaks[i]!)).toBeLessThan(1e-6));
    for (let row = 0; row < H; row++)
      for (let col = 2; col < W; col++) {
        const i = row * (W - 2) + col - 2;
        expect(grades[i]).toBe(got[i] === -9999 ? 0 : 5 - classOf(got[i]!, breaks));
      }
    expect(s.classification.classes.reduce((a, c) => a + c.cells, 0)).toBe(valid.length);
  });

  it('writes byte-identical outputs when run twice', async () => {
    await runModel(join(dir, 'model.json'), join(dir, 'a'));
    await runModel(join(dir, 'model.json'), join(dir, 'b'));
    for (const f of ['risk_index.tif', 'risk_grade.tif', 'risk_grade.png', 'risk_stats.csv', 'provenance.json']) {
      expect(readFileSync(join(dir, 'a', f)).equals(readFileSync(join(dir, 'b', f)))).toBe(true);
    }
  });

  it('runs in a worker thread with progress events ending at 1', async () => {
    const steps: string[] = [];
    let last = 0;
    const handle = runModelInWorker({ modelPath: join(dir, 'model.json'), outDir: join(dir, 'w') }, (p) => {
      expect(p.progress).toBeGreaterThanOrEqual(last);
      last = p.progress;
      steps.push(p.step);
    });
    const s = await handle.done;
    expect(s.classification.classes).toHaveLength(5);
    expect(last).toBe(1);
    expect(steps).toEqual(expect.arrayContaining(['read', 'align', 'normalise', 'combine', 'classify', 'write']));
  });

  it('cancels a run: the promise rejects with E_CANCELLED', async () => {
    const handle = runModelInWorker({ modelPath: join(dir, 'model.json'), outDir: join(dir, 'c') });
    handle.cancel();
    await expect(handle.done).rejects.toMatchObject({ code: 'E_CANCELLED' });
  });

  it('refuses an all-nodata indicator with E_ALL_NODATA naming the layer', async () => {
    await writeGeoTiff(join(dir, 'empty.tif'), new Float32Array(W * H).fill(-9999), {
      width: W, height: H, dtype: 'float32', nodata: -9999, epsg: 4546, geoTransform: [X0, CELL, 0, Y0, 0, -CELL],
    });
    const m = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    m.layers.hazard.path = 'empty.tif';
    writeFileSync(join(dir, 'model-empty.json'), JSON.stringify(m));
    await expect(runModel(join(dir, 'model-empty.json'), join(dir, 'e'))).rejects.toMatchObject({ code: 'E_ALL_NODATA', file: 'empty.tif' });
  });
});

describe('tiled execution', () => {
  // 38 × 30 cells in 16 × 16 tiles: 3 × 2 tiles, edge tiles 6 wide and 14 high, seams both ways.
  it('tiles smaller than the grid give the reference to 1e-6 (seams included)', async () => {
    const s = await runModel(join(dir, 'model.json'), join(dir, 't16'), { tileSize: 16, workers: 0 });
    expect(s.execution).toEqual({ tileSize: 16, tiles: 6, workers: 0, spilledBytes: 0 });
    const got = await readBand(join(dir, 't16', 'risk_index.tif'));
    expectMatches(got, reference());
    const whole = await readBand(join(dir, 'out1', 'risk_index.tif'));
    let maxDiff = 0;
    for (let i = 0; i < got.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i]! - whole[i]!));
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it('writes byte-identical outputs with 0, 1 and 2 workers', async () => {
    for (const w of [0, 1, 2]) await runModel(join(dir, 'model.json'), join(dir, `wk${w}`), { tileSize: 16, workers: w });
    for (const f of ['risk_index.tif', 'risk_grade.tif', 'risk_grade.png', 'risk_stats.csv', 'provenance.json']) {
      const a = readFileSync(join(dir, 'wk0', f));
      expect(readFileSync(join(dir, 'wk1', f)).equals(a)).toBe(true);
      expect(readFileSync(join(dir, 'wk2', f)).equals(a)).toBe(true);
    }
  });

  it('spills raw and index tiles to a temporary file past the memory budget, with the same bytes', async () => {
    await runModel(join(dir, 'model.json'), join(dir, 'spill'), { tileSize: 16, workers: 2, tileMemory: 1024 });
    for (const f of ['risk_index.tif', 'risk_grade.tif', 'risk_stats.csv']) expect(readFileSync(join(dir, 'spill', f)).equals(readFileSync(join(dir, 'wk0', f)))).toBe(true);
  });

  it('cancelled mid-run (while the index is written): E_CANCELLED and no output file, not even a temporary one', async () => {
    const abort = new AbortController();
    const out = join(dir, 'cancelled');
    const run = runModel(join(dir, 'model.json'), out, {
      tileSize: 16,
      workers: 1,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.step === 'combine' && p.progress > 0.5) abort.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('a reader error inside a tile worker comes back with its code and leaves no output file', async () => {
    const whole = readFileSync(join(dir, 'expo.tif'));
    writeFileSync(join(dir, 'expo-cut.tif'), whole.subarray(0, Math.floor(whole.length * 0.6)));
    const model = variant('cut', (m) => {
      m.layers.expo.path = 'expo-cut.tif';
    });
    const out = join(dir, 'cut');
    const err = await runModel(model, out, { tileSize: 16, workers: 2 }).catch((e: unknown) => e as { code: string; file?: string });
    expect(err).toMatchObject({ code: 'E_TIFF_CORRUPT', file: expect.stringContaining('expo-cut.tif') });
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('refuses a tile size that is not a multiple of 16 with E_ARG_INVALID', async () => {
    await expect(runModel(join(dir, 'model.json'), join(dir, 'bad'), { tileSize: 100 })).rejects.toMatchObject({ code: 'E_ARG_INVALID' });
  });
});

describe('zoning on a grid of more than a million cells', () => {
  it('grades capacity by quantiles when it has more than a million distinct values (it failed with E_INTERNAL: no histogram pass)', async () => {
    // 3 m cells: 1333 × 1000 cells; capacity mixes the bilinear exposure field and the distance to the shelters: their sums are nearly all distinct.
    const m = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    m.grid.cellSize = 3;
    m.components.C = { e: 0.5, c: 0.5 };
    m.zoning = { capacity: 'C' };
    writeFileSync(join(dir, 'model-fine-zoning.json'), JSON.stringify(m));
    const s = await runModel(join(dir, 'model-fine-zoning.json'), join(dir, 'fine-zoning'), { workers: 0 });
    expect(s.grid.width * s.grid.height).toBeGreaterThan(1_000_000);
    const breaks = s.zoning!.capacityBreaks;
    // Minimum, the two quantile breaks, maximum.
    expect(breaks).toHaveLength(4);
    for (let i = 1; i < breaks.length; i++) expect(breaks[i]!).toBeGreaterThan(breaks[i - 1]!);
    expect(new Set(s.zoning!.zones.map((z) => z.FQDM))).toEqual(new Set([1, 2, 3]));
  }, 120_000);
});

describe('multi-hazard (version 2) models', () => {
  const hazardModel = (method: 'weightedSum' | 'max'): string =>
    variant(`hazards-${method}`, (m) => {
      m.version = 2;
      m.components = { C: { c: 1 } };
      m.risk = { operator: 'weightedSum', weights: { H: 0.7, C: 0.3 } };
      m.hazards = [
        { id: 'landslide', components: { H: { h: 1 } }, weight: 0.6 },
        { id: 'flood', components: { H: { e: 1 } }, risk: { operator: 'hevOverC', floor: 0.25 }, weight: 0.4 },
      ];
      m.comprehensive = { method };
    });

  it('writes each single-hazard risk and the hazard-weighted comprehensive risk (hand-worked per cell)', async () => {
    const out = join(dir, 'hz');
    const s = await runModel(hazardModel('weightedSum'), out, { tileSize: 16, workers: 0 });
    const { hn, en, cn } = referenceIndicators();
    // landslide: 0.7·H + 0.3·(1 − C); flood: H ÷ max(C, 0.25); comprehensive: 0.6·landslide + 0.4·flood.
    const r1 = hn.map((h, i) => 0.7 * h + 0.3 * (1 - cn[i]!));
    const r2 = en.map((e, i) => e / Math.max(cn[i]!, 0.25));
    expectMatches(await readBand(join(out, 'hazard_landslide_risk.tif')), r1);
    expectMatches(await readBand(join(out, 'hazard_flood_risk.tif')), r2);
    expectMatches(await readBand(join(out, 'risk_index.tif')), r1.map((v, i) => 0.6 * v + 0.4 * r2[i]!));
    expect(s.hazards!.map((h) => [h.id, h.name, h.operator])).toEqual([
      ['landslide', '滑坡', 'weightedSum'],
      ['flood', '洪水', 'hevOverC'],
    ]);
    expect(s.weights.hazards).toEqual({ landslide: 0.6, flood: 0.4 });
    expect(Object.keys(s.weightDetails).sort()).toEqual(['C', 'flood.H', 'landslide.H']);
    const prov = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    expect(prov.files).toMatchObject({ hazard_landslide: 'hazard_landslide_risk.tif', hazard_flood: 'hazard_flood_risk.tif' });
  });

  it('percentile scores (NRI style): the index is the percentile rank of the risk, ties sharing their mean rank; classes on the scores', async () => {
    const model = variant('percentile', (m) => {
      m.version = 2;
      m.indexScore = 'percentile';
    });
    const out = join(dir, 'pct');
    const s = await runModel(model, out, { tileSize: 16, workers: 0 });
    const ref = Array.from(reference());
    const valid = ref.filter((v) => !Number.isNaN(v));
    // Hand definition: (number below + (number equal − 1) / 2) / (n − 1); float32 risk values, as the engine ranks them.
    const f32 = valid.map(Math.fround);
    const rank = (v: number): number => {
      const x = Math.fround(v);
      const below = f32.filter((y) => y < x).length;
      const equal = f32.filter((y) => y === x).length;
      return (below + (equal - 1) / 2) / (f32.length - 1);
    };
    const got = await readBand(join(out, 'risk_index.tif'));
    expectMatches(got, ref.map((v) => (Number.isNaN(v) ? NaN : rank(v))));
    expect(s.index).toMatchObject({ score: 'percentile', min: 0, max: 1 });
    const written = Array.from(got).filter((v) => v !== -9999);
    expect(s.classification.breaks).toEqual(jenksBreaks(written, 5));
    const grades = await readBand<Uint8Array>(join(out, 'risk_grade.tif'));
    got.forEach((v, i) => expect(grades[i]).toBe(v === -9999 ? 0 : 5 - classOf(v, s.classification.breaks)));
  });

  it('per exposure type: each risk again with the type\'s E, combined over the hazards the same way', async () => {
    const base = JSON.parse(readFileSync(hazardModel('weightedSum'), 'utf8'));
    const model = variant('exposures', (m) => {
      Object.assign(m, base);
      m.exposures = [{ id: 'alt', name: '备选承灾体', components: { E: { h: 1 } } }];
    });
    const out = join(dir, 'exposures');
    const s = await runModel(model, out, { tileSize: 16, workers: 0 });
    const { hn, en, cn } = referenceIndicators();
    // landslide does not use E (weights H, C); flood = H × E ÷ max(C, 0.25), its H being e and E = h for this type.
    const r1 = hn.map((h, i) => 0.7 * h + 0.3 * (1 - cn[i]!));
    expectMatches(await readBand(join(out, 'exposure_alt_risk.tif')), r1.map((v, i) => 0.6 * v + 0.4 * ((en[i]! * hn[i]!) / Math.max(cn[i]!, 0.25))));
    expect(s.exposures).toMatchObject([{ id: 'alt', name: '备选承灾体', file: join(out, 'exposure_alt_risk.tif') }]);
    expect(s.weights['exposure.alt.E']).toEqual({ h: 1 });
  });

  it('max combination takes the larger single-hazard risk per cell', async () => {
    const out = join(dir, 'hzmax');
    await runModel(hazardModel('max'), out, { workers: 0 });
    const { hn, en, cn } = referenceIndicators();
    expectMatches(await readBand(join(out, 'risk_index.tif')), hn.map((h, i) => Math.max(0.7 * h + 0.3 * (1 - cn[i]!), en[i]! / Math.max(cn[i]!, 0.25))));
  });

  it('excluded land as a restricted grade: out of the statistics, grade k + 1, index nodata', async () => {
    // Water body over columns 2–9 (fixture columns), rows 0–9.
    const crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4546' } };
    const water = { type: 'Polygon', coordinates: [[[X0 + 200, Y0], [X0 + 1000, Y0], [X0 + 1000, Y0 - 1000], [X0 + 200, Y0 - 1000], [X0 + 200, Y0]]] };
    writeFileSync(join(dir, 'water.geojson'), JSON.stringify({ type: 'FeatureCollection', crs, features: [{ type: 'Feature', properties: {}, geometry: water }] }));
    const model = variant('restricted', (m) => {
      m.version = 2;
      m.layers.water = { path: 'water.geojson', name: '水域', category: 'admin' };
      m.grid.exclude = { layer: 'water', as: 'restricted', name: '水域' };
    });
    const out = join(dir, 'restricted');
    const s = await runModel(model, out, { tileSize: 16, workers: 0 });
    const excluded = (i: number): boolean => i % W >= 2 && i % W < 10 && Math.floor(i / W) < 10;
    const { hn, en, cn } = referenceIndicators((i) => i % W >= 2 && !excluded(i));
    expectMatches(await readBand(join(out, 'risk_index.tif')), hn.map((h, i) => 0.5 * h + 0.3 * en[i]! + 0.2 * (1 - cn[i]!)));
    const grades = await readBand<Uint8Array>(join(out, 'risk_grade.tif'));
    for (let row = 0; row < H; row++)
      for (let col = 2; col < W; col++) if (excluded(row * W + col)) expect(grades[row * (W - 2) + col - 2]).toBe(6);
    expect(s.classification.restricted).toMatchObject({ grade: 6, name: '水域', cells: 80, areaKm2: 0.8 });
    expect(s.classification.classes.reduce((a, c) => a + c.cells, 0)).toBe(38 * 30 - 80 - 2);
    expect(readFileSync(join(out, 'risk_stats.csv'), 'utf8')).toContain('6,水域,80,0.8');
  });

  it('excluded land as nodata: nodata in index and grades, the same values elsewhere as the restricted run', async () => {
    const model = variant('excludedNodata', (m) => {
      m.version = 2;
      m.layers.water = { path: 'water.geojson', name: '水域', category: 'admin' };
      m.grid.exclude = { layer: 'water', as: 'nodata' };
    });
    const out = join(dir, 'excludedNodata');
    const s = await runModel(model, out, { workers: 0 });
    expect(s.classification.restricted).toBeUndefined();
    const grades = await readBand<Uint8Array>(join(out, 'risk_grade.tif'));
    const restrictedGrades = await readBand<Uint8Array>(join(dir, 'restricted', 'risk_grade.tif'));
    expect(Array.from(grades)).toEqual(Array.from(restrictedGrades, (g) => (g === 6 ? 0 : g)));
    expect(Array.from(await readBand(join(out, 'risk_index.tif')))).toEqual(Array.from(await readBand(join(dir, 'restricted', 'risk_index.tif'))));
  });
});
