import { describe, expect, it } from 'vitest';
import type { Feature } from 'geojson';
import { checkVector, RULES } from '../../../../src-main/engine/qc/rules';
import type { VectorLayer } from '../../../../src-shared/layer';
import { inferFields } from '../../../../src-main/engine/io/vectorMeta';

function layer(features: Feature[], geometryType: 'Point' | 'Polygon'): VectorLayer {
  const fc = { type: 'FeatureCollection' as const, features };
  return { meta: { kind: 'vector', format: 'GeoJSON', path: 'x', crs: { epsg: 4546, name: '', proj4: '' }, featureCount: features.length, geometryType, fields: inferFields(fc), extent: null, warnings: [] }, features: fc };
}
const pt = (x: number, y: number, props: Record<string, unknown>): Feature => ({ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: [x, y] } });
const opts = { surveyYear: 2022, duplicateMetres: 5, adminPrefix: '141030' };
const rules = (fs: ReturnType<typeof checkVector>): string[] => fs.map((f) => `${f.rule}#${f.feature ?? ''}`);

describe('QC rules', () => {
  it('every rule has an id, a severity and a bilingual title', () => {
    for (const r of RULES) {
      expect(r.id).toMatch(/^[A-Z]+-\d\d$/);
      expect(r.title).toMatch(/[\u4e00-\u9fff].* \/ [a-zA-Z]/);
    }
  });

  it('finds shelters with missing or negative capacity and duplicate points', () => {
    const l = layer([pt(0, 0, { MC: 'a', RNRS: 100 }), pt(3, 4, { MC: 'b', RNRS: -5 }), pt(100, 0, { MC: 'c', RNRS: null })], 'Point');
    expect(rules(checkVector('shelters', '避难场所', l, opts)).sort()).toEqual(['DUP-01#2', 'FLD-01#3', 'RNG-04#2'].sort());
  });

  it('finds storeys below 1 and buildings younger than the survey', () => {
    const l = layer([pt(0, 0, { CS: 0, JZND: 1990 }), pt(50, 0, { CS: 2, JZND: 2025 })], 'Point');
    expect(rules(checkVector('buildings', '房屋建筑', l, opts))).toEqual(['RNG-02#1', 'RNG-03#2']);
  });

  it('finds malformed admin codes, a missing required field and invalid polygons', () => {
    const bowtie: Feature = { type: 'Feature', properties: { XZQDM: '141030100', XZQMC: '城关镇' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]] } };
    const open: Feature = { type: 'Feature', properties: { XZQDM: '14103', XZQMC: '东川乡' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10]]] } };
    const other: Feature = { type: 'Feature', properties: { XZQDM: '110101001', XZQMC: '' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 0]]] } };
    expect(rules(checkVector('townships', '乡镇', layer([bowtie, open, other], 'Polygon'), opts)).sort()).toEqual(['ADM-01#2', 'ADM-01#3', 'FLD-01#3', 'GEO-01#1', 'GEO-01#2'].sort());
  });

  it('says every finding in English and Chinese', () => {
    const l = layer([pt(0, 0, { MC: 'a', RNRS: 100 }), pt(3, 4, { MC: 'b', RNRS: -5 })], 'Point');
    const fs = checkVector('shelters', '避难场所', l, opts);
    expect(fs.find((f) => f.rule === 'DUP-01')).toMatchObject({ message: 'within 5.0 m of feature 1', messageZh: '与要素 1 相距 5.0 米' });
    expect(fs.find((f) => f.rule === 'RNG-04')).toMatchObject({ message: 'negative value -5', messageZh: '数值为负（-5）' });
  });

  it('leaves out the duplicate-point rule, which measures metres, for a layer without a usable CRS', () => {
    const l = layer([pt(0, 0, { MC: 'a', RNRS: 100 }), pt(3, 4, { MC: 'b', RNRS: -5 })], 'Point');
    expect(rules(checkVector('shelters', '避难场所', l, { ...opts, metric: false }))).toEqual(['RNG-04#2']);
  });

});
