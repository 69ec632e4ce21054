/**
 * The demo county: regenerating it from the seed gives the committed files byte for byte,
 * and its data look like the county docs/architecture.md "The demo county" describes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCounty } from '../../../resources/sample/generate';
import { readShapefile } from '../../../src-main/engine/io/shapefile';
import { readGeoJson } from '../../../src-main/engine/io/geojson';
import { openGeoTiff } from '../../../src-main/engine/io/geotiff';

const committed = join(import.meta.dirname, '..', '..', '..', 'resources', 'sample', 'county');
const fresh = mkdtempSync(join(tmpdir(), 'ra-county-'));
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

async function band(name: string): Promise<{ values: number[]; cellKm2: number }> {
  const src = await openGeoTiff(join(committed, name));
  const data = await src.readWindow(0, 0, src.meta.width, src.meta.height);
  const values = Array.from(data).filter((v) => v !== src.meta.nodata);
  const cellKm2 = (src.meta.geoTransform[1] * -src.meta.geoTransform[5]) / 1e6;
  await src.close();
  return { values, cellKm2 };
}

beforeAll(async () => {
  await generateCounty(fresh);
}, 60_000);

describe('demo county', () => {
  it('regenerates byte-identically from its seed (npm run sample)', () => {
    const files = readdirSync(committed).sort();
    expect(readdirSync(fresh).sort()).toEqual(files);
    for (const f of files) expect(sha(join(fresh, f)), f).toBe(sha(join(committed, f)));
  });

  it('has 6 townships (4 乡 + 2 镇) with 9-digit codes under the county code and GBK Chinese names', async () => {
    const t = await readShapefile(join(committed, 'townships.shp'));
    expect(t.meta.encoding).toBe('gbk');
    const props = t.features.features.map((f) => f.properties!);
    expect(props).toHaveLength(6);
    for (const p of props) expect(String(p.XZQDM)).toMatch(/^141030\d{3}$/);
    const names = props.map((p) => String(p.XZQMC));
    expect(names.filter((n) => n.endsWith('镇'))).toHaveLength(2);
    expect(names.filter((n) => n.endsWith('乡'))).toHaveLength(4);
    expect(names).toContain('城关镇');
  });

  it('townships cover the county without gaps (areas sum to the county area within 1 %)', async () => {
    const t = await readShapefile(join(committed, 'townships.shp'));
    const sum = t.features.features.reduce((s, f) => s + Number(f.properties!.MJ), 0);
    const { values, cellKm2 } = await band('dem.tif');
    expect(Math.abs(sum - values.length * cellKm2) / (values.length * cellKm2)).toBeLessThan(0.01);
  });

  it('has about 50,000 people and a plausible loess DEM', async () => {
    const pop = await band('population.tif');
    const total = pop.values.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(45_000);
    expect(total).toBeLessThan(55_000);
    const dem = await band('dem.tif');
    expect(Math.min(...dem.values)).toBeGreaterThan(500);
    expect(Math.max(...dem.values)).toBeLessThan(2_000);
    expect(Math.max(...dem.values) - Math.min(...dem.values)).toBeGreaterThan(600);
  });

  it('has 180 hidden-danger points: 6 large, 10 medium, 164 small', async () => {
    const h = await readShapefile(join(committed, 'hidden_dangers.shp'));
    const sizes = h.features.features.map((f) => f.properties!.GM);
    expect(sizes).toHaveLength(180);
    expect(sizes.filter((s) => s === '大型')).toHaveLength(6);
    expect(sizes.filter((s) => s === '中型')).toHaveLength(10);
    expect(sizes.filter((s) => s === '小型')).toHaveLength(164);
  });

  it('ships schools as RFC 7946 lon/lat around 110.6–111.0°E, 36.2–36.6°N', async () => {
    const s = await readGeoJson(join(committed, 'schools.geojson'));
    const [minX, minY, maxX, maxY] = s.meta.extent!;
    expect(minX).toBeGreaterThan(110.5);
    expect(maxX).toBeLessThan(111.1);
    expect(minY).toBeGreaterThan(36.1);
    expect(maxY).toBeLessThan(36.7);
  });
});
