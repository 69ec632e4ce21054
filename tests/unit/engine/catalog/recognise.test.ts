import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { recogniseLayer } from '../../../../src-main/engine/catalog/recognise';
import { inspect } from '../../../../src-main/engine/io/inspect';
import type { LayerMeta } from '../../../../src-shared/layer';

const sample = join(import.meta.dirname, '..', '..', '..', '..', 'resources', 'sample', 'county');
const vector = (fields: string[]): LayerMeta => ({ kind: 'vector', format: 'CSV', path: 'x', crs: null, featureCount: 1, geometryType: 'Point', fields: fields.map((name) => ({ name, type: 'string' })), extent: null, warnings: [] });

describe('catalogue suggestions', () => {
  it('recognises census layers by Chinese or English file names', () => {
    expect(recogniseLayer('2022年避难场所.csv', vector([]))).toMatchObject({ category: 'capacity', name: '避难场所', by: 'fileName', match: '2022年避难场所.csv' });
    expect(recogniseLayer('/data/地质灾害隐患点.shp', vector([]))).toMatchObject({ category: 'hiddenDanger' });
    expect(recogniseLayer('pga_gb18306.tif', vector([]))).toMatchObject({ category: 'hazard', hazard: 'earthquake', units: 'g' });
  });

  it('recognises them by census fields when the name says nothing', () => {
    expect(recogniseLayer('layer1.csv', vector(['名称', '容纳人数']))).toMatchObject({ category: 'capacity', because: 'field 容纳人数', by: 'field', match: '容纳人数' });
    expect(recogniseLayer('points.shp', vector(['YHDBH', 'WXRS']))).toMatchObject({ category: 'hiddenDanger', because: 'field YHDBH' });
    expect(recogniseLayer('data.shp', vector(['foo']))).toBeNull();
  });

  it('puts every demo county layer in the category its model gives it', async () => {
    const model = (await import(join(sample, 'model.json'), { with: { type: 'json' } })).default as { layers: Record<string, { path: string; category: string }> };
    for (const ref of Object.values(model.layers)) {
      const r = await inspect(join(sample, ref.path));
      expect(r.ok).toBe(true);
      if (r.ok) expect(recogniseLayer(ref.path, r.value)?.category, ref.path).toBe(ref.category);
    }
  });
});
