import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, chunkRanges, groupForImport, toBase64 } from '../../../src-renderer/src/lib/upload';
import { UPLOAD_CHUNK_BYTES, UPLOAD_CHUNK_MAX_BASE64 } from '../../../src-main/api/contract';
import { moveBox } from '../../../src-renderer/src/lib/layoutEdit';
import { defaultLayout } from '../../../src-main/engine/maps/layout';

describe('chunked upload', () => {
  it('sends chunks the API accepts', () => {
    expect(CHUNK_BYTES).toBe(UPLOAD_CHUNK_BYTES);
    const bytes = new Uint8Array(CHUNK_BYTES).map((_, i) => (i * 7919) & 255);
    const b64 = toBase64(bytes);
    expect(b64.length).toBeLessThanOrEqual(UPLOAD_CHUNK_MAX_BASE64);
    expect(b64).toBe(Buffer.from(bytes).toString('base64'));
  });
  it('splits a file into ranges that cover it once', () => {
    expect(chunkRanges(10, 4)).toEqual([[0, 4], [4, 8], [8, 10]]);
    expect(chunkRanges(8, 4)).toEqual([[0, 4], [4, 8]]);
    expect(chunkRanges(0, 4)).toEqual([]);
  });
  it('groups a shapefile with its sidecars and imports other files alone', () => {
    const f = (name: string) => ({ name });
    const { groups, orphans } = groupForImport([f('roads.shp'), f('dem.tif'), f('roads.DBF'), f('roads.shx'), f('roads.prj'), f('pts.geojson'), f('lost.dbf')]);
    expect(groups.map((g) => g.map((x) => x.name).sort())).toEqual([['dem.tif'], ['pts.geojson'], ['roads.DBF', 'roads.prj', 'roads.shp', 'roads.shx']]);
    expect(orphans.map((x) => x.name)).toEqual(['lost.dbf']);
  });
});

describe('layout element moves', () => {
  it('keeps boxes on the paper', () => {
    const l = defaultLayout('riskGrade', {}, 'A4', 'portrait');
    const legend = l.elements.legend;
    const moved = moveBox(l, 'legend', 5000, -20, 210, 297);
    expect(moved.elements.legend.x).toBeCloseTo(210 - legend.w, 1);
    expect(moved.elements.legend.y).toBe(0);
    expect(moved.elements.title).toEqual(l.elements.title);
    expect(l.elements.legend).toEqual(legend);
    expect(moveBox(l, 'legend', 12.345, 20.06, 210, 297).elements.legend).toMatchObject({ x: 12.3, y: 20.1 });
  });
});
