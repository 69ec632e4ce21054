import { describe, expect, it } from 'vitest';
import { catchmentGrid, floatingCatchment } from '../../../../src-main/engine/grid/coverage';
import { lcg } from './reference';

describe('2SFCA coverage within a radius', () => {
  // One row of four 100 m cells, centres x = 50, 150, 250, 350.
  const grid = { epsg: 4546, originX: 0, originY: 100, cellSize: 100, width: 4, height: 1 };
  const population = { grid, values: [100, 200, 300, 400] };
  const supplies = [
    { x: 50, y: 50, w: 60 },
    { x: 350, y: 50, w: 180 },
  ];

  it('computes capacity per resident by the two steps (hand-worked, radius inclusive)', () => {
    // R_A = 60 / (100 + 200 + 300) = 0.1; R_B = 180 / (200 + 300 + 400) = 0.2.
    const a = floatingCatchment(grid, supplies, population, 200);
    expect(Array.from(a).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0.1, 0.3, 0.3, 0.2]);
    // Σ P_i · A_i = Σ S_j when every catchment lies in the grid.
    expect(a.reduce((s, v, i) => s + v * population.values[i]!, 0)).toBeCloseTo(240, 9);
  });

  it('counts nodata people as 0 and ignores supplies with nobody in reach', () => {
    const a = floatingCatchment(grid, [...supplies, { x: 5_000, y: 50, w: 999 }], { grid, values: [100, NaN, 300, 400] }, 200);
    expect(a[0]).toBeCloseTo(60 / 400, 12);
    expect(a[3]).toBeCloseTo(180 / 700, 12);
  });

  it('conserves capacity on a random county and gives a tile the whole grid’s values', () => {
    const rnd = lcg(17);
    const R = 1_000;
    const whole = { epsg: 4546, originX: 0, originY: 10_000, cellSize: 100, width: 100, height: 100 };
    const people = Float64Array.from({ length: 100 * 100 }, () => Math.floor(rnd() * 50));
    // Supplies at least R inside the grid, so every catchment is complete.
    const sup = Array.from({ length: 30 }, () => ({ x: R + rnd() * 8_000, y: R + rnd() * 8_000, w: 100 + Math.floor(rnd() * 900) }));
    const a = floatingCatchment(whole, sup, { grid: whole, values: people }, R);
    expect(a.reduce((s, v, i) => s + v * people[i]!, 0)).toBeCloseTo(sup.reduce((s, p) => s + p.w, 0), 6);

    const tile = { ...whole, originX: 3_000, originY: 6_000, width: 25, height: 17 };
    const halo = catchmentGrid(tile, R);
    expect(halo.width).toBe(25 + 40);
    const haloPeople = new Float64Array(halo.width * halo.height).fill(NaN);
    for (let r = 0; r < halo.height; r++) {
      for (let c = 0; c < halo.width; c++) {
        const wc = c + (halo.originX - whole.originX) / 100;
        const wr = r + (whole.originY - halo.originY) / 100;
        if (wc >= 0 && wr >= 0 && wc < 100 && wr < 100) haloPeople[r * halo.width + c] = people[wr * 100 + wc]!;
      }
    }
    const t = floatingCatchment(tile, sup, { grid: halo, values: haloPeople }, R);
    for (let r = 0; r < tile.height; r++) {
      for (let c = 0; c < tile.width; c++) expect(t[r * tile.width + c]).toBeCloseTo(a[(r + 40) * 100 + c + 30]!, 12);
    }
  });

  it('refuses a radius that is not a positive number and a population of the wrong size', () => {
    expect(() => floatingCatchment(grid, supplies, population, 0)).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
    expect(() => floatingCatchment(grid, supplies, population, NaN)).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
    expect(() => floatingCatchment(grid, supplies, { grid, values: [1] }, 100)).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
  });
});
