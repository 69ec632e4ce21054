import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { indicatorLabel, methodOf, normaliseWeights, rescaleWeights, switchMethod, withComponent, withIndicator, zoningMatrix } from '../../../src-renderer/src/lib/modelEdit';
import { DEFAULT_ZONE_MATRIX } from '../../../src-shared/zoneMatrix';
import { parseModel } from '../../../src-main/engine/model/document';

const demo = parseModel(JSON.parse(readFileSync(join(import.meta.dirname, '../../../resources/sample/county/model.json'), 'utf8')));

describe('model edits of the panels', () => {
  it('the generalised zoning matrix is exactly the default for 5 × 3', () => {
    expect(zoningMatrix(5, 3)).toEqual(DEFAULT_ZONE_MATRIX);
  });
  it('other zoning matrices put key zones at high risk with weak capacity and general zones at low risk', () => {
    for (const [k, m] of [[4, 3], [5, 2], [5, 5], [3, 4]] as const) {
      const z = zoningMatrix(k, m);
      expect(z).toHaveLength(k);
      expect(z[0]![0]).toBe(1);
      expect(z[k - 1]![m - 1]).toBe(3);
      // Never less severe for higher risk or weaker capacity.
      for (let i = 0; i < k; i++) for (let j = 0; j < m; j++) {
        if (i > 0) expect(z[i]![j]).toBeGreaterThanOrEqual(z[i - 1]![j]!);
        if (j > 0) expect(z[i]![j]).toBeGreaterThanOrEqual(z[i]![j - 1]!);
      }
    }
  });

  it('normalises expert weights to sum exactly to 1 at 4 decimals', () => {
    const w = normaliseWeights({ a: 1, b: 1, c: 1 });
    expect(w.a! + w.b! + w.c!).toBeCloseTo(1, 12);
    expect(w).toEqual({ a: 0.3334, b: 0.3333, c: 0.3333 });
    expect(normaliseWeights({ a: 0.6, b: 0.6 })).toEqual({ a: 0.5, b: 0.5 });
    expect(normaliseWeights({ a: -1, b: 3 })).toEqual({ a: 0, b: 1 });
    const zero = normaliseWeights({ a: 0, b: 0 });
    expect(zero.a).toBe(0.5);
  });

  it('switches weighting methods and keeps the indicators; the results pass the model validator', () => {
    const h = demo.components.H!;
    expect(methodOf(h)).toBe('ahp');
    for (const m of ['expert', 'entropy', 'combined', 'ahp'] as const) {
      const spec = switchMethod(h, m);
      expect(methodOf(spec)).toBe(m);
      const doc = withComponent(demo, 'H', spec);
      expect(() => parseModel(doc)).not.toThrow();
    }
    const expert = switchMethod(h, 'expert') as Record<string, number>;
    expect(Object.keys(expert)).toEqual(['h_landslide', 'h_flood', 'h_pga', 'h_danger']);
    expect(Object.values(expert).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // Expert → AHP starts from equal importance.
    const ahp = switchMethod(switchMethod(h, 'expert'), 'ahp') as { matrix: number[][] };
    expect(ahp.matrix.flat().every((v) => v === 1)).toBe(true);
  });

  it('changes one indicator and labels indicators by their layer', () => {
    const doc = withIndicator(demo, 'c_fire', { direction: 'positive' });
    expect(doc.indicators.find((i) => i.id === 'c_fire')!.direction).toBe('positive');
    expect(demo.indicators.find((i) => i.id === 'c_fire')!.direction).toBe('negative');
    expect(indicatorLabel(demo, 'h_flood')).toMatch(/（h_flood）$/);
    expect(indicatorLabel(demo, 'nope')).toBe('nope');
  });

  it('a moved risk weight keeps the sum at 1: the others rescale in proportion (issue 15: "weights sum to 1.42, not 1")', () => {
    const w = rescaleWeights({ H: 0.4, E: 0.3, V: 0.15, C: 0.15 }, 'H', 0.7);
    expect(w).toEqual({ H: 0.7, E: 0.15, V: 0.075, C: 0.075 });
    // Any move of any weight, from any start: the model's check (|Σ − 1| ≤ 1e-6) always passes.
    let cur: Record<string, number> = { H: 0.4, E: 0.3, V: 0.15, C: 0.15 };
    for (let i = 0; i < 500; i++) {
      const key = ['H', 'E', 'V', 'C'][i % 4]!;
      cur = rescaleWeights(cur, key, ((i * 37) % 101) / 100);
      expect(Math.abs(Object.values(cur).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
      expect(Math.min(...Object.values(cur))).toBeGreaterThanOrEqual(0);
      expect(cur[key]).toBe(((i * 37) % 101) / 100);
    }
  });

  it('others at 0 share the rest equally; a lone weight stays 1; a move past the ends stops at 0 or 1', () => {
    expect(rescaleWeights({ H: 1, E: 0, V: 0 }, 'H', 0.5)).toEqual({ H: 0.5, E: 0.25, V: 0.25 });
    expect(rescaleWeights({ H: 1 }, 'H', 0.3)).toEqual({ H: 1 });
    expect(rescaleWeights({ H: 0.5, E: 0.5 }, 'E', 1.7)).toEqual({ H: 0, E: 1 });
  });
});
