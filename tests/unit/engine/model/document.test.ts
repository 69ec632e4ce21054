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

describe('version 2: hazards, comprehensive risk, excluded land, weight sets', () => {
  const v2 = () => {
    const m = base() as any;
    m.version = 2;
    m.layers.haz2 = { path: 'haz2.tif', name: '洪水', category: 'hazard' };
    m.indicators.push({ id: 'f', layer: 'haz2' });
    m.components = { H: { h: 0.7, f: 0.3 } };
    m.hazards = [
      { id: 'landslide', indicators: ['h'] },
      { id: 'flood', indicators: ['f'] },
    ];
    return m;
  };
  const msg = (m: unknown): string => {
    try {
      parseModel(m);
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  };

  it('accepts hazards as shares of H and hazards with their own H and weights', () => {
    expect(parseModel(v2()).hazards).toHaveLength(2);
    const m = v2();
    m.hazards = [
      { id: 'landslide', components: { H: { h: 1 } }, weight: 0.4 },
      { id: 'flood', components: { H: { f: 1 } }, risk: { operator: 'max' }, weight: 0.6 },
    ];
    expect(parseModel(m).hazards![1]!.risk!.operator).toBe('max');
  });

  it('refuses v2 features in a version 1 document', () => {
    const m = v2();
    m.version = 1;
    expect(msg(m)).toMatch(/hazards: needs "version": 2/);
  });

  it('names the problem: unclaimed H indicator, indicator claimed twice, weights not summing to 1, both indicators and H', () => {
    const a = v2();
    a.hazards = [{ id: 'landslide', indicators: ['h'] }];
    expect(msg(a)).toMatch(/"f" belongs to none/);
    const b = v2();
    b.hazards[1].indicators = ['h'];
    expect(msg(b)).toMatch(/already belongs to hazard "landslide"/);
    const c = v2();
    c.hazards = [
      { id: 'landslide', components: { H: { h: 1 } }, weight: 0.5 },
      { id: 'flood', components: { H: { f: 1 } }, weight: 0.6 },
    ];
    expect(msg(c)).toMatch(/hazard weights sum to 1.1/);
    const d = v2();
    d.hazards[0].components = { H: { h: 1 } };
    expect(msg(d)).toMatch(/either indicators .* or components.H/);
    const e = v2();
    e.hazards = [{ id: 'x', components: { H: { h: 1 } }, weight: 1 }, { id: 'x', components: { H: { f: 1 } }, weight: 0 }];
    expect(msg(e)).toMatch(/duplicate id "x"/);
  });

  it('a hazard operator that needs a component the hazard lacks is refused by its path', () => {
    const m = v2();
    m.hazards[1].risk = { operator: 'hevOverC' };
    expect(msg(m)).toMatch(/hazards\.1\.risk\.operator: hevOverC needs component C/);
  });

  it('checks the excluded-land layer and named weight sets', () => {
    const m = v2();
    m.grid.exclude = { layer: 'water', as: 'restricted' };
    expect(msg(m)).toMatch(/grid.exclude.layer: no layer "water"/);
    const w = v2();
    w.weightSets = { expertA: { H: { h: 0.5, f: 0.4 } } };
    expect(msg(w)).toMatch(/weightSets.expertA.H: weights sum to 0.9/);
    w.weightSets.expertA.H.f = 0.5;
    expect(parseModel(w).weightSets!.expertA!.H).toEqual({ h: 0.5, f: 0.5 });
  });
});

describe('risk matrix in the document', () => {
  const withMatrix = (matrix: unknown) => {
    const m = base() as any;
    m.layers.v = { path: 'v.tif', name: '脆弱性', category: 'exposure' };
    m.indicators.push({ id: 'v', layer: 'v' });
    m.components.V = { v: 1 };
    m.risk = { operator: 'riskMatrix', matrix };
    return m;
  };
  it('accepts a consistent matrix and refuses a table of the wrong shape or a missing component', () => {
    const ok = { rows: 'H', columns: 'V', rowThresholds: [0.5], columnThresholds: [0.3, 0.6], table: [[1, 2, 3], [2, 3, 4]] };
    expect(parseModel(withMatrix(ok)).risk!.matrix!.table).toHaveLength(2);
    expect(() => parseModel(withMatrix({ ...ok, table: [[1, 2], [2, 3]] }))).toThrow(/risk.matrix.table: must be 2 row classes × 3 column classes/);
    expect(() => parseModel(withMatrix({ ...ok, columns: 'C' }))).toThrow(/risk.matrix: component C is not defined/);
    expect(() => parseModel(withMatrix({ ...ok, rowThresholds: [0.5, 0.4], table: [[1, 2, 3], [1, 2, 3], [1, 2, 3]] }))).toThrow(/rowThresholds: must be strictly ascending/);
    const m = withMatrix(ok);
    delete m.risk.matrix;
    expect(() => parseModel(m)).toThrow(/riskMatrix needs a matrix/);
  });
});

describe('exposure types and percentile scores in the document', () => {
  const v2 = () => ({ ...(base() as any), version: 2 });
  it('validates exposure components like any other and refuses duplicates', () => {
    const m = v2();
    m.exposures = [{ id: 'pop', name: '人口', components: { E: { h: 1 } } }];
    expect(parseModel(m).exposures![0]!.components.E).toEqual({ h: 1 });
    m.exposures.push({ id: 'pop', name: '房屋', components: { E: { h: 1 } } });
    expect(() => parseModel(m)).toThrow(/exposures.1.id: duplicate id "pop"/);
    m.exposures = [{ id: 'pop', name: '人口', components: { E: { nope: 1 } } }];
    expect(() => parseModel(m)).toThrow(/exposures.0.components.E.nope: no indicator "nope"/);
  });
  it('indexScore needs version 2', () => {
    const m = base() as any;
    m.indexScore = 'percentile';
    expect(() => parseModel(m)).toThrow(/indexScore: needs "version": 2/);
    expect(parseModel({ ...m, version: 2 }).indexScore).toBe('percentile');
  });
});
