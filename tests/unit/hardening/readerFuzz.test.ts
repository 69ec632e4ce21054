/**
 * Mutation fuzzing of the readers: valid files (from the demo county; the GeoPackage, CSV,
 * KML and KMZ made from its schools; two uncompressed GeoTIFFs made here), truncated, bit-flipped, with bytes overwritten by extreme values,
 * must each end in a result or a coded error that names the problem — never an uncaught
 * exception, never E_INTERNAL (an unexplained crash), never a hang, and never a memory
 * spike beyond a cap. Each case is read in a worker thread that is terminated when it takes
 * more than CASE_MS, so even a synchronous endless loop fails the test instead of stalling it. A GeoTIFF that opens also has its pixels decoded (corrupt tiles are
 * found there, not at open). The case count is kept moderate for CI (FUZZ_RUNS raises it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from '../../../src-main/engine/io/inspect';
import { readGeoJson } from '../../../src-main/engine/io/geojson';
import { writeGeoPackage } from '../../../src-main/engine/export/geopackageWriter';
import { CaseRunner } from './helpers/caseRunner';
import { loadSqlJs } from '../../../src-main/engine/io/sqlite';
import { zipSync } from 'fflate';
import { encodeTiff } from '../../fixtures/io/makeFixtures';

const sample = join(import.meta.dirname, '..', '..', '..', 'resources', 'sample', 'county');
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const CASE_MS = 5_000;
/** No case may leave the process holding more than this (JS heap + array buffers), in bytes. */
const MEMORY_CAP = 1024 * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'ra-fuzz-'));
/** Valid inputs: the demo county's files, plus a GeoPackage and a CSV made from its schools. */
const sources = mkdtempSync(join(tmpdir(), 'ra-fuzz-src-'));

beforeAll(async () => {
  for (const f of ['dem.tif', 'townships.zip', 'schools.geojson', ...['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => `townships.${e}`)]) copyFileSync(join(sample, f), join(sources, f));
  const schools = await readGeoJson(join(sample, 'schools.geojson'));
  await writeGeoPackage(join(sources, 'schools.gpkg'), 'schools', schools.features, schools.meta.crs!.epsg!);
  // Survey points as Excel saves them: a header with 经度/纬度 and a name, UTF-8 with BOM.
  const lines = ['名称,经度,纬度,学生数'];
  for (const [i, f] of schools.features.features.entries()) {
    const [x, y] = (f.geometry as { coordinates: number[] }).coordinates;
    lines.push(`学校${i},${x!.toFixed(6)},${y!.toFixed(6)},${100 + i}`);
  }
  writeFileSync(join(sources, 'schools.csv'), `\uFEFF${lines.join('\r\n')}\r\n`);
  // The same points as KML (Placemarks with a name and ExtendedData), and zipped as KMZ.
  const placemarks = schools.features.features.map((f, i) => {
    const [x, y] = (f.geometry as { coordinates: number[] }).coordinates;
    return `<Placemark><name>学校${i}</name><ExtendedData><Data name="学生数"><value>${100 + i}</value></Data></ExtendedData><Point><coordinates>${x!.toFixed(6)},${y!.toFixed(6)},0</coordinates></Point></Placemark>`;
  });
  const kml = `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>学校</name><Folder>${placemarks.join('')}</Folder></Document></kml>`;
  writeFileSync(join(sources, 'schools.kml'), kml);
  writeFileSync(join(sources, 'schools.kmz'), zipSync({ 'doc.kml': new TextEncoder().encode(kml) }));
  // Uncompressed GeoTIFFs (tiled Int16, stripped Float32 with 2 bands): a flipped pixel byte
  // still decodes, so mutated offsets, counts and sizes reach the decoder instead of zlib's checksum.
  const geo = { geoTransform: [500_000, 30, 0, 4_000_000, 0, -30] as [number, number, number, number, number, number], geoKeys: { model: 1, projected: 4546 }, nodata: '-9999' };
  writeFileSync(join(sources, 'tiled.tif'), encodeTiff([{ width: 200, height: 150, dtype: 'int16', tile: 64, data: Int16Array.from({ length: 200 * 150 }, (_, i) => (i * 37) % 3000), ...geo }]));
  writeFileSync(join(sources, 'stripped.tif'), encodeTiff([{ width: 120, height: 90, bands: 2, dtype: 'float32', data: Float32Array.from({ length: 120 * 90 * 2 }, (_, i) => Math.sin(i)), ...geo }]));
});

const runner = new CaseRunner(new URL('./helpers/fuzzCase.worker.ts', import.meta.url));
afterAll(() => runner.close());

/** A mutation of a file's bytes: where (anywhere, or within the headers), and what. */
const place = { pos: fc.noBias(fc.integer({ min: 0, max: 2 ** 30 })), header: fc.boolean() };
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), ...place }),
  fc.record({ kind: fc.constant('flip' as const), ...place, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('extreme' as const), ...place, value: fc.constantFrom(0xffffffff, 0x7fffffff, 0x80000000, 0, 1) }),
);
type Mutation = { kind: 'truncate' | 'flip' | 'extreme'; pos: number; header: boolean; bit?: number; value?: number };

function mutate(bytes: Uint8Array, muts: Mutation[]): Uint8Array {
  let b = Uint8Array.from(bytes);
  for (const m of muts) {
    if (b.length < 2) break;
    // Half of the mutations aim at the first kilobyte: that is where the headers are.
    const span = m.header ? Math.min(b.length, 1024) : b.length;
    const pos = m.pos % span;
    if (m.kind === 'truncate') b = b.subarray(0, Math.max(1, pos));
    else if (m.kind === 'flip') b[pos]! ^= 1 << m.bit!;
    else if (pos + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(pos, m.value!, pos % 2 === 0);
  }
  return b;
}

/** `refused`: the least share of cases a target must refuse — a .prj survives most bit flips (the CRS name or its parameters still say which CRS it is). */
/** `warned`: the least share of cases that must read with a warning (a damaged index is worked around, and said so). */
const targets: { name: string; file: string; sidecars?: string[]; refused?: number; warned?: number }[] = [
  { name: 'GeoTIFF', file: 'dem.tif' },
  { name: 'GeoTIFF uncompressed tiled', file: 'tiled.tif', refused: 0.1 },
  { name: 'GeoTIFF uncompressed stripped', file: 'stripped.tif', refused: 0.1 },
  { name: 'zipped shapefile', file: 'townships.zip' },
  { name: 'shapefile .shp', file: 'townships.shp', sidecars: ['shx', 'dbf', 'prj', 'cpg'] },
  // The .shx is only an index: the reader walks the .shp sequentially and warns when the .shx does not match it.
  { name: 'shapefile .shx', file: 'townships.shx', sidecars: ['shp', 'dbf', 'prj', 'cpg'], refused: 0, warned: 0.25 },
  { name: 'shapefile .dbf', file: 'townships.dbf', sidecars: ['shp', 'shx', 'prj', 'cpg'] },
  { name: 'shapefile .prj', file: 'townships.prj', sidecars: ['shp', 'shx', 'dbf', 'cpg'], refused: 0.1 },
  // A damaged .cpg names no known code page: the reader falls back to detecting the encoding, so most cases read.
  { name: 'shapefile .cpg', file: 'townships.cpg', sidecars: ['shp', 'shx', 'dbf', 'prj'], refused: 0 },
  { name: 'GeoJSON', file: 'schools.geojson' },
  { name: 'GeoPackage', file: 'schools.gpkg', refused: 0.1 },
  // CSV has no structure to break beyond its header row: most mutations give another valid table.
  { name: 'CSV', file: 'schools.csv', refused: 0 },
  { name: 'KML', file: 'schools.kml' },
  { name: 'KMZ', file: 'schools.kmz' },
];

describe('reader fuzzing', () => {
  for (const t of targets) {
    it(`${t.name}: ${RUNS} mutated files each end in a result or a coded error`, async () => {
      const original = new Uint8Array(readFileSync(join(sources, t.file)));
      let peak = 0;
      let warned = 0;
      const stem = t.file.replace(/\.[^.]+$/, '');
      const ext = t.file.slice(stem.length);
      let n = 0;
      const codes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (muts) => {
          const base = join(dir, `${stem}_${t.name.replace(/\W/g, '')}_${n++}`);
          for (const s of t.sidecars ?? []) writeFileSync(`${base}.${s}`, readFileSync(join(sources, `${stem}.${s}`)));
          writeFileSync(`${base}${ext}`, mutate(original, muts));
          const target = t.sidecars?.includes('shp') ? `${base}.shp` : `${base}${ext}`;
          const r = await runner.run(target, CASE_MS);
          peak = Math.max(peak, r.memory);
          expect(r.memory).toBeLessThan(MEMORY_CAP);
          codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
          if (r.code === 'ok' && r.warnings > 0) warned++;
          if (r.code !== 'ok') {
            expect(r.code, r.message).not.toBe('E_INTERNAL');
            expect(r.file).toBe(target);
          }
        }),
        { numRuns: RUNS, seed: 20261124 },
      );
      expect([...codes.values()].reduce((a, b) => a + b, 0)).toBe(RUNS);
      // The mutations must reach the parsers: most cases end in a coded refusal, not a clean read.
      expect(RUNS - (codes.get('ok') ?? 0)).toBeGreaterThanOrEqual(Math.ceil(RUNS * (t.refused ?? 0.25)));
      expect(warned).toBeGreaterThanOrEqual(Math.ceil(RUNS * (t.warned ?? 0)));
      console.log(`fuzz ${t.name}: ${[...codes].map(([c, k]) => `${c} ${k}`).join(', ')}, ${warned} with warnings; peak heap + buffers ${(peak / 2 ** 20).toFixed(0)} MiB`);
    }, Math.max(120_000, RUNS * 250));
  }
});

describe('the per-case limit', () => {
  it('stops a case stuck in a synchronous loop and reports it as a hang', async () => {
    const spinner = new CaseRunner(new URL('./helpers/spinForever.worker.ts', import.meta.url));
    const t0 = performance.now();
    await expect(spinner.run('/any', 1000)).rejects.toThrow(/no answer in 1000 ms \(hang\)/);
    expect(performance.now() - t0).toBeLessThan(20_000);
    await spinner.close();
  });
});

describe('findings of the fuzzing, kept as regressions', () => {
  it('a GeoPackage whose gpkg_spatial_ref_sys lost a column is E_GPKG_INVALID, not an internal error (found at case 204 of 2,000)', async () => {
    const path = join(dir, 'mangled_srs.gpkg');
    copyFileSync(join(sources, 'schools.gpkg'), path);
    const SQL = await loadSqlJs();
    const db = new SQL.Database(readFileSync(path));
    db.run('ALTER TABLE gpkg_spatial_ref_sys RENAME COLUMN organization_coordsys_id TO x');
    writeFileSync(path, db.export());
    db.close();
    const r = await inspect(path);
    expect(r.ok ? r : r.error).toMatchObject({ code: 'E_GPKG_INVALID', file: path, message: expect.stringMatching(/organization_coordsys_id/) });
  });
});
