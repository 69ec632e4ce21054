/**
 * The grid methods through the real streamed run: the demo county with a 2SFCA shelter
 * coverage, building density, road density, exact distance to roads and average-resampled
 * population gives the same risk index on one 512-cell tile as on 64-cell tiles.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runModel } from '../../../../src-main/engine/pipeline/run';
import { demoModelPath } from '../../../../src-main/appPaths';
import { openGeoTiff } from '../../../../src-main/engine/io/geotiff';

const dir = mkdtempSync(join(tmpdir(), 'ra-gridrun-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function indexValues(path: string): Promise<Float64Array> {
  const src = await openGeoTiff(path);
  try {
    return await src.readWindow(0, 0, src.meta.width, src.meta.height, 0);
  } finally {
    await src.close();
  }
}

describe('grid indicators in a model run', () => {
  it('runs coverage, density, lineDensity, distance to lines and average resampling, independent of the tiling', async () => {
    const county = join(dir, 'county');
    cpSync(dirname(demoModelPath()), county, { recursive: true });
    const modelPath = join(county, 'model.json');
    const m = JSON.parse(readFileSync(modelPath, 'utf8'));
    const ind = (id: string): Record<string, unknown> => m.indicators.find((i: { id: string }) => i.id === id);
    Object.assign(ind('e_pop'), { resample: 'average' });
    for (const [id, spec] of Object.entries({
      e_bldg: { id: 'e_bldg', layer: 'buildings', rasterize: 'density', transform: 'log10', direction: 'positive' },
      c_shelter: { id: 'c_shelter', layer: 'shelters', rasterize: 'coverage', radius: 1000, weightField: 'RNRS', population: 'population', transform: 'minmax', direction: 'positive' },
    })) {
      const i = ind(id);
      for (const k of Object.keys(i)) delete i[k];
      Object.assign(i, spec);
    }
    m.indicators.push(
      { id: 'c_road', layer: 'roads', rasterize: 'lineDensity', transform: 'minmax', direction: 'positive' },
      { id: 'c_roaddist', layer: 'roads', rasterize: 'distance', transform: 'minmax', direction: 'negative' },
    );
    m.components.C.indicators.push('c_road', 'c_roaddist');
    writeFileSync(modelPath, JSON.stringify(m));

    const one = await runModel(modelPath, join(dir, 'one'), { workers: 0, tileSize: 512 });
    const many = await runModel(modelPath, join(dir, 'many'), { workers: 0, tileSize: 64 });
    expect(one.grid.width).toBeGreaterThan(64 * 3); // the small tiles really split the grid

    for (const id of ['e_pop', 'e_bldg', 'c_shelter', 'c_road', 'c_roaddist']) {
      const a = one.indicators.find((i) => i.id === id)!;
      const b = many.indicators.find((i) => i.id === id)!;
      expect(a.max).toBeGreaterThan(a.min);
      // Statistics merged over more tiles add in another order: equal to rounding (1e-9 relative).
      for (const k of ['min', 'max', 'mean', 'sd'] as const) expect(Math.abs(b[k] - a[k])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a[k])));
      expect(b.validCells).toBe(a.validCells);
    }
    const ia = await indexValues(one.files.index);
    const ib = await indexValues(many.files.index);
    let maxDiff = 0;
    for (let i = 0; i < ia.length; i++) if (!Number.isNaN(ia[i]!)) maxDiff = Math.max(maxDiff, Math.abs(ia[i]! - ib[i]!));
    expect(maxDiff).toBeLessThan(1e-6);
  }, 300_000);
});
