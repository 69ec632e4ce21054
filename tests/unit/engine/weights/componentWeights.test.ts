import { describe, expect, it } from 'vitest';
import { resolveComponentWeights } from '../../../../src-main/engine/weights/componentWeights';

const grids: Record<string, Float64Array> = {
  a: Float64Array.from([1, 2, 3, NaN]),
  b: Float64Array.from([3, 0, 1, 5]),
};
const grid = (id: string): Float64Array => grids[id]!;

describe('component weights', () => {
  it('keeps expert weights as given', () => {
    expect(resolveComponentWeights({ a: 0.3, b: 0.7 }, grid)).toEqual({ method: 'expert', weights: { a: 0.3, b: 0.7 } });
  });
  it('takes AHP weights from the matrix, in indicator order, with CR', () => {
    const d = resolveComponentWeights({ method: 'ahp', indicators: ['a', 'b'], matrix: [[1, 3], [1 / 3, 1]] }, grid);
    expect(d.weights.a).toBeCloseTo(0.75, 12);
    expect(d.weights.b).toBeCloseTo(0.25, 12);
    expect(d.ahp?.cr).toBe(0);
  });
  it('takes entropy weights from the cells where every indicator is valid (hand-worked: 0.1399, 0.8601)', () => {
    const d = resolveComponentWeights({ method: 'entropy', indicators: ['a', 'b'] }, grid);
    expect(+d.weights.a!.toFixed(4)).toBe(0.1399);
    expect(+d.weights.b!.toFixed(4)).toBe(0.8601);
  });
  it('combines AHP and entropy linearly with α', () => {
    const d = resolveComponentWeights({ method: 'combined', indicators: ['a', 'b'], matrix: [[1, 3], [1 / 3, 1]], mode: 'linear', alpha: 0.5 }, grid);
    expect(d.weights.a).toBeCloseTo(0.5 * 0.75 + 0.5 * d.entropy!.weights[0]!, 12);
    expect(d.weights.a! + d.weights.b!).toBeCloseTo(1, 12);
  });
});
