/** Overviews (export/geotiff/overviews): mean and mode by hand, nodata-aware, and as GDAL counts them. */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { fromArrayBuffer } from 'geotiff';
import { encodeGeoTiff, writeGeoTiff } from '../../../../../src-main/engine/export/geotiff';
import { GT_PROJ, HAS_GDAL, gdalRead } from '../../../../fixtures/geotiffReadBack';
import { useTempDir } from '../../../../fixtures/tempDir';

const dir = useTempDir('ra-gtov-');

describe('GeoTIFF writer: overviews', () => {
  it('overviews: hand-checked mean (floats) and mode (integers), nodata-aware, edge blocks partial', async () => {
    // 5x3 float image, factor 2 → 3x2 overview.
    const N = -9999;
    // prettier-ignore
    const f = Float32Array.from([
      1, 3,   N, N,   10,
      5, 7,   N, 4,   20,
      2, NaN, 8, 8,   N,
    ]);
    const expF = [4, 4, 15, 2, 8, N];
    // prettier-ignore
    const u = Uint8Array.from([
      1, 1,   2, 3,   5,
      2, 0,   3, 2,   0,
      0, 0,   9, 9,   7,
    ]);
    const expU = [1, 2, 5, 0, 9, 7]; // 0 is nodata; ties → smaller value
    const common = { width: 5, height: 3, epsg: 4546, geoTransform: GT_PROJ, tileSize: 16, overviews: [2] };
    const tf = encodeGeoTiff(f, { ...common, dtype: 'float32', nodata: N });
    const tu = encodeGeoTiff(u, { ...common, dtype: 'uint8', nodata: 0 });
    const rf = await fromArrayBuffer(tf.slice().buffer);
    const ru = await fromArrayBuffer(tu.slice().buffer);
    expect(await rf.getImageCount()).toBe(2);
    const of = await rf.getImage(1);
    expect([of.getWidth(), of.getHeight()]).toEqual([3, 2]);
    expect(Array.from((await of.readRasters())[0] as Float32Array)).toEqual(expF);
    expect(Array.from((await (await ru.getImage(1)).readRasters())[0] as Uint8Array)).toEqual(expU);
    if (HAS_GDAL) {
      const pf = join(dir(), 'ovf.tif');
      const pu = join(dir(), 'ovu.tif');
      await writeGeoTiff(pf, f, { ...common, dtype: 'float32', nodata: N });
      await writeGeoTiff(pu, u, { ...common, dtype: 'uint8', nodata: 0 });
      const gf = gdalRead(pf);
      expect(gf.bands[0].ovCount).toBe(1);
      expect(gf.bands[0].ovs[0]).toEqual({ w: 3, h: 2, values: expF });
      expect(gdalRead(pu).bands[0].ovs[0].values).toEqual(expU);
    }
  });

  it.skipIf(!HAS_GDAL)('overviews counted by GDAL across tiles ([2,4,8], tile 16, 100x70)', async () => {
    const W = 100;
    const H = 70;
    const p = join(dir(), 'ov3.tif');
    const data = Float32Array.from({ length: W * H }, (_, i) => (i % W) + 1000 * Math.floor(i / W));
    await writeGeoTiff(p, data, { width: W, height: H, dtype: 'float32', nodata: -1, epsg: 4546, geoTransform: GT_PROJ, tileSize: 16, overviews: [8, 2, 4] });
    const g = gdalRead(p);
    expect(g.bands[0].ovCount).toBe(3);
    expect(g.bands[0].ovs.map((o) => [o.w, o.h])).toEqual([[50, 35], [25, 18], [13, 9]]);
    // Mean of a linear ramp over a full block is its centre value.
    const o4 = g.bands[0].ovs[1];
    for (const [ox, oy] of [[0, 0], [5, 3], [17, 11]]) {
      const cx = ox * 4 + 1.5;
      const cy = oy * 4 + 1.5;
      expect(o4.values[oy * o4.w + ox]).toBeCloseTo(cx + 1000 * cy, 2);
    }
    // Partial edge block (column 96..99, row 68..69 for factor 4): mean of real pixels only.
    expect(o4.values[17 * 25 + 24]).toBeCloseTo(97.5 + 1000 * 68.5, 2);
  });
});
