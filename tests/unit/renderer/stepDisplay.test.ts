import { describe, expect, it } from 'vitest';
import { otherResultLayers, resultDisplay } from '../../../src-renderer/src/lib/stepDisplay';
import type { RunResult } from '../../../src-main/api/contract';

const entry = (id: string, classes: { value: number; color: string }[]) => ({ id, name: id, category: 'result', meta: { kind: 'raster' }, style: { type: 'classes', classes }, visible: false });

/** A run with grades and a zoning, as the API gives it. */
const run = {
  runId: 'r1',
  classification: { method: 'jenks', breaks: [0, 0.5, 1], classes: [
    { grade: 1, name: '高', color: '#E60000', min: 0.5, max: 1, cells: 10, areaKm2: 12, sharePct: 40 },
    { grade: 2, name: '低', color: '#38A800', min: 0, max: 0.5, cells: 15, areaKm2: 18, sharePct: 60 },
  ] },
  layers: [entry('r1-index', []), entry('r1-grade', [{ value: 1, color: '#E60000' }, { value: 2, color: '#38A800' }]), entry('r1-zoning', [{ value: 1, color: '#C00000' }, { value: 2, color: '#FF9900' }, { value: 3, color: '#FFE699' }])],
  zoning: { capacityBreaks: [], zones: [
    { FQDM: 3, FQMC: '一般防治区', MJ_KM2: 10, ZB: 33.3 },
    { FQDM: 1, FQMC: '重点防治区', MJ_KM2: 5, ZB: 16.7 },
    { FQDM: 1, FQMC: '重点防治区', MJ_KM2: 15, ZB: 50 },
  ] },
} as unknown as RunResult;

describe('the result a step shows', () => {
  it('shows the zoning and its zones in the 区划 step, hiding the grades', () => {
    const d = resultDisplay('zoning', run);
    expect(d.layerId).toBe('r1-zoning');
    expect(d.title).toBe('legend.zoning');
    expect(d.rows.map((r) => [r.value, r.name, r.color, r.areaKm2, r.sharePct])).toEqual([[1, '重点防治区', '#C00000', 20, 66.7], [3, '一般防治区', '#FFE699', 10, 33.3]]);
    expect(otherResultLayers(run, d.layerId)).toEqual(['r1-grade']);
  });

  it('shows the grades in the other steps, and before a run has zoned', () => {
    for (const step of ['risk', 'classes', 'maps', 'review'] as const) expect(resultDisplay(step, run).layerId).toBe('r1-grade');
    const noZoning = { ...run, layers: run.layers.filter((l) => !l.id.endsWith('zoning')) } as RunResult;
    const d = resultDisplay('zoning', noZoning);
    expect(d.layerId).toBe('r1-grade');
    expect(d.rows.map((r) => r.name)).toEqual(['高', '低']);
    expect(otherResultLayers(noZoning, 'r1-grade')).toEqual([]);
  });
});
