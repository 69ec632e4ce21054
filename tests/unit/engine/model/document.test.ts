import { describe, expect, it } from 'vitest';
import { parseModel } from '../../../../src-main/engine/model/document';

const base = () => ({
  riskatlas: 'model',
  version: 1,
  name: 't',
  grid: { epsg: 4546, cellSize: 100, studyArea: 'area' },
  layers: {
    area: { path: 'area.geojson', name: '县界', category: 'admin' },
    haz: { path: 'haz.tif', name: '危险性', category: 'hazard' },
  },
  indicators: [{ id: 'h', layer: 'haz' }],
  components: { H: { h: 1 } },
  risk: { operator: 'weightedSum', weights: { H: 1 } },
  classification: { method: 'jenks', classes: 5, scheme: 'high5' },
  outputs: {},
});

describe('model document validation', () => {
  it('accepts a minimal model and fills defaults', () => {
    const m = parseModel(base());
    expect(m.indicators[0]).toMatchObject({ transform: 'minmax', direction: 'positive' });
    expect(m.outputs.grade).toBe('risk_grade.tif');
  });
  it('accepts AHP, entropy and combined weighting with defaults', () => {
    const m = base();
    (m.components as any).H = { method: 'combined', indicators: ['h'], matrix: [[1]] };
    expect(parseModel(m).components.H).toMatchObject({ method: 'combined', mode: 'linear', alpha: 0.5 });
    (m.components as any).H = { method: 'entropy', indicators: ['h'] };
    expect(parseModel(m).components.H).toMatchObject({ method: 'entropy' });
  });

  it.each([
    ['an unknown operator', (m: any) => (m.risk.operator = 'magic'), /risk.operator/],
    ['weights that do not sum to 1', (m: any) => (m.components.H = { h: 0.7 }), /sum to 0.7, not 1/],
    ['a path escaping the model folder', (m: any) => (m.layers.haz.path = '../../etc/passwd'), /may not leave its folder/],
    ['an absolute path', (m: any) => (m.layers.haz.path = '/etc/passwd'), /may not leave its folder/],
    ['an indicator naming a missing layer', (m: any) => (m.indicators[0].layer = 'nope'), /no layer "nope"/],
    ['a component naming a missing indicator', (m: any) => (m.components.H = { zz: 1 }), /no indicator "zz"/],
    ['NaN weight', (m: any) => (m.components.H = { h: NaN }), /components.H.h/],
    ['an unknown key', (m: any) => (m.extra = 1), /Unrecognized key/],
    ['kernel density without radius', (m: any) => (m.indicators[0].rasterize = 'kernelDensity'), /radius/],
    ['an AHP matrix of the wrong size', (m: any) => (m.components.H = { method: 'ahp', indicators: ['h'], matrix: [[1, 2], [0.5, 1]] }), /must be 1 × 1/],
    ['an unknown weighting method', (m: any) => (m.components.H = { method: 'magic', indicators: ['h'] }), /components.H/],
    ['an operator missing a component it needs', (m: any) => (m.risk = { operator: 'inform' }), /inform needs component E/],
    ['an indicator listed twice', (m: any) => (m.components.H = { method: 'entropy', indicators: ['h', 'h'] }), /listed twice/],
  ])('rejects %s with the JSON path', (_name, mutate, message) => {
    const m = base();
    mutate(m);
    expect(() => parseModel(m, 'model.json')).toThrow(message);
    try {
      parseModel(m, 'model.json');
    } catch (e) {
      expect((e as { code: string }).code).toBe('E_MODEL_INVALID');
    }
  });
});
