/**
 * The engine end to end on a small fixture, compared cell by cell with a straightforward
 * reference computation written here in the test (and, for one raster, reprojected data
 * against GDAL when present). Also: determinism and the worker path.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromFile } from 'geotiff';
import { writeGeoTiff } from '../../src-main/engine/export/geotiffWriter';
import { runModel } from '../../src-main/engine/model/run';
import { runModelInWorker } from '../../src-main/engine/workers/runInWorker';
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

/** The reference: the same chain as a plain loop over cells. */
function reference(): Float64Array {
  const inside = (i: number): boolean => i % W >= 2;
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
  const [hn, en, cn] = [mm(h), mm(e), mm(c, true)];
  return Float64Array.from({ length: W * H }, (_, i) => 0.5 * hn[i]! + 0.3 * en[i]! + 0.2 * (1 - cn[i]!));
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
