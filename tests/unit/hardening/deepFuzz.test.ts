/**
 * Deep fuzzing: mutated files that still DECODE — headers intact, the damage in the pixels,
 * the records, the coordinates and the attribute values — read whole as a run uses them:
 * every pixel of every band, every feature rasterised onto a grid over the layer's extent and
 * every attribute read. (The reader fuzzing aims at headers; most of its cases are refused
 * before a pixel or a feature is touched.) Values put in: NaN, ±Infinity, ±1e308, −0,
 * denormals, the extremes of 32-bit integers, and, in text formats, numbers replaced by tokens
 * such as `1e999`, `NaN`, `null`, `[]`. Each case must end in a result or a coded error
 * naming the file — never E_INTERNAL, never a hang (the same worker-with-timeout harness),
 * never more than the memory cap — and a good share must decode whole (or the mutations did
 * not reach the decoders). `npm run fuzz` runs many more cases (FUZZ_RUNS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGeoJson } from '../../../src-main/engine/io/geojson';
import { writeGeoPackage } from '../../../src-main/engine/export/geopackageWriter';
import { loadSqlJs } from '../../../src-main/engine/io/sqlite';
import { encodeTiff } from '../../fixtures/io/makeFixtures';
import { CaseRunner } from './helpers/caseRunner';

const sample = join(import.meta.dirname, '..', '..', '..', 'resources', 'sample', 'county');
/** Cases per target: 60 in `npm test`; a quarter of FUZZ_RUNS under `npm run fuzz` (each deep case reads a whole file). */
const RUNS = process.env.FUZZ_RUNS ? Math.max(20, Math.round(Number(process.env.FUZZ_RUNS) / 4)) : 60;
const CASE_MS = 5_000;
const MEMORY_CAP = 1024 * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'ra-deepfuzz-'));
const sources = mkdtempSync(join(tmpdir(), 'ra-deepfuzz-src-'));
/** Where a stripped Float32 GeoTIFF's pixels lie: after the 8-byte header, before the IFD (encodeTiff writes the data first). */
const TIFF = { width: 120, height: 90, bands: 2 };

beforeAll(async () => {
  for (const e of ['shp', 'shx', 'dbf', 'prj', 'cpg']) copyFileSync(join(sample, `townships.${e}`), join(sources, `townships.${e}`));
  copyFileSync(join(sample, 'schools.geojson'), join(sources, 'schools.geojson'));
  const schools = await readGeoJson(join(sample, 'schools.geojson'));
  await writeGeoPackage(join(sources, 'schools.gpkg'), 'schools', schools.features, schools.meta.crs!.epsg!);
  const rows = schools.features.features.map((f, i) => {
    const [x, y] = (f.geometry as { coordinates: number[] }).coordinates;
    return `学校${i},${x!.toFixed(6)},${y!.toFixed(6)},${100 + i}`;
  });
  writeFileSync(join(sources, 'schools.csv'), `\uFEFF名称,经度,纬度,学生数\r\n${rows.join('\r\n')}\r\n`);
  const placemarks = schools.features.features.map((f, i) => {
    const [x, y] = (f.geometry as { coordinates: number[] }).coordinates;
    return `<Placemark><name>学校${i}</name><Point><coordinates>${x!.toFixed(6)},${y!.toFixed(6)},0</coordinates></Point></Placemark>`;
  });
  writeFileSync(join(sources, 'schools.kml'), `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${placemarks.join('')}</Document></kml>`);
  const geo = { geoTransform: [500_000, 30, 0, 4_000_000, 0, -30] as [number, number, number, number, number, number], geoKeys: { model: 1, projected: 4546 }, nodata: '-9999' };
  writeFileSync(join(sources, 'stripped.tif'), encodeTiff([{ ...TIFF, dtype: 'float32', data: Float32Array.from({ length: TIFF.width * TIFF.height * TIFF.bands }, (_, i) => Math.sin(i)), ...geo }]));
});

const runner = new CaseRunner(new URL('./helpers/fuzzCase.worker.ts', import.meta.url));
afterAll(async () => {
  await runner.close();
  for (const d of [dir, sources]) rmSync(d, { recursive: true, force: true });
});

/** Values written over binary data: each as float64, float32 or int32, at an aligned position. */
const EXTREMES = [Number.NaN, Infinity, -Infinity, 1e308, -1e308, -0, 5e-324, 3.4e38, 2 ** 31 - 1, -(2 ** 31), 0xffffffff, 1e15];
/** Tokens put in place of a number in a text format. */
const TOKENS = ['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '1e308', '-0', '0x10', '""', 'null', 'true', '[]', '{}', '1e-400', '9'.repeat(400), '１２３', '1,5'];
/** The same in JSON's grammar (the file still parses; the values are what is hostile). */
const JSON_TOKENS = ['1e999', '-1e999', '1e308', '-1e308', '-0', '1e-400', '9'.repeat(400), '0.000000000000000000001', '""', 'null', 'true', '[]', '{}'];

const edit = fc.record({ pos: fc.noBias(fc.integer({ min: 0, max: 2 ** 30 })), value: fc.integer({ min: 0, max: 1000 }), width: fc.constantFrom(8, 4, 4) });
type Edit = { pos: number; value: number; width: number };

/** Write extreme values over `bytes[start, end)` (aligned to their width; the headers before `start` stay intact). */
function overwrite(bytes: Uint8Array, start: number, end: number, edits: Edit[]): Uint8Array {
  const b = Uint8Array.from(bytes);
  const view = new DataView(b.buffer);
  for (const e of edits) {
    const span = Math.floor((end - start - e.width) / e.width);
    if (span <= 0) break;
    const at = start + (e.pos % span) * e.width;
    const v = EXTREMES[e.value % EXTREMES.length]!;
    if (e.width === 8) view.setFloat64(at, v, true);
    else if (e.value % 2) view.setFloat32(at, v, true);
    else view.setInt32(at, Number.isFinite(v) ? Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.trunc(v))) : -1, true);
  }
  return b;
}

/** Replace numbers of a text file by hostile tokens. */
function retoken(text: string, edits: Edit[], tokens = TOKENS): string {
  const numbers = [...text.matchAll(/-?\d+(\.\d+)?([eE][-+]?\d+)?/g)];
  const out = text.split('');
  // Right to left, so earlier positions stay valid.
  const picks = [...new Set(edits.map((e) => e.pos % numbers.length))].sort((a, b) => b - a);
  for (const [k, i] of picks.entries()) {
    const m = numbers[i]!;
    out.splice(m.index, m[0].length, tokens[edits[k]!.value % tokens.length]!);
  }
  return out.join('');
}

/** A mutation writing extreme values over a binary file's bytes from `start(bytes)` to its end, less `tail` bytes. */
const binary = (start: (b: Buffer) => number, tail = 0) => (src: string, out: string, edits: Edit[]) => {
  const b = readFileSync(src);
  writeFileSync(out, overwrite(b, start(b), b.length - tail, edits));
};

/** One deep target: how its file is mutated (written to `base` + extension); `decoded`: the least share that must decode whole. */
const targets: { name: string; file: string; sidecars?: string[]; decoded: number; mutate: (src: string, out: string, edits: Edit[]) => Promise<void> | void }[] = [
  {
    name: 'GeoTIFF pixels (2 bands, Float32)',
    file: 'stripped.tif',
    decoded: 0.9,
    mutate: (src, out, edits) => writeFileSync(out, overwrite(readFileSync(src), 8, 8 + TIFF.width * TIFF.height * TIFF.bands * 4, edits)),
  },
  {
    name: 'shapefile records and coordinates',
    file: 'townships.shp',
    sidecars: ['shx', 'dbf', 'prj', 'cpg'],
    decoded: 0.25,
    // Past the 100-byte file header: record headers, shape types, boxes, counts and coordinates.
    mutate: binary(() => 100),
  },
  {
    name: 'dBASE attribute values',
    file: 'townships.dbf',
    sidecars: ['shp', 'shx', 'prj', 'cpg'],
    decoded: 0.5,
    // Past the header (its length at byte 8), before the end-of-file marker: the records' values.
    mutate: binary((b) => b.readUInt16LE(8), 1),
  },
  // Most hostile JSON numbers are refused by the geometry check, after the whole file is parsed.
  { name: 'GeoJSON numbers', file: 'schools.geojson', decoded: 0.05, mutate: (src, out, edits) => writeFileSync(out, retoken(readFileSync(src, 'utf8'), edits, JSON_TOKENS)) },
  { name: 'CSV numbers', file: 'schools.csv', decoded: 0.5, mutate: (src, out, edits) => writeFileSync(out, retoken(readFileSync(src, 'utf8'), edits)) },
  { name: 'KML coordinates', file: 'schools.kml', decoded: 0.25, mutate: (src, out, edits) => writeFileSync(out, retoken(readFileSync(src, 'utf8'), edits)) },
  {
    name: 'GeoPackage geometry blobs',
    file: 'schools.gpkg',
    decoded: 0.25,
    mutate: async (src, out, edits) => {
      const SQL = await loadSqlJs();
      const db = new SQL.Database(readFileSync(src));
      const rows = db.exec('SELECT fid, geom FROM schools')[0]!.values;
      for (const e of edits) {
        const [fid, geom] = rows[e.pos % rows.length]! as [number, Uint8Array];
        // Past the GeoPackage blob header (8 bytes + envelope) and the WKB's byte order and type: the coordinates.
        const b = overwrite(geom, 8 + [0, 32, 48, 48, 64][(geom[3]! >> 1) & 7]! + 5, geom.length, [e]);
        db.run('UPDATE schools SET geom = ? WHERE fid = ?', [b, fid]);
      }
      writeFileSync(out, db.export());
      db.close();
    },
  },
];

describe('deep fuzzing: files damaged past their headers, decoded whole', () => {
  for (const t of targets) {
    it(`${t.name}: ${RUNS} cases each end in a whole decode or a coded error`, async () => {
      const stem = t.file.replace(/\.[^.]+$/, '');
      const ext = t.file.slice(stem.length);
      // The unmutated file first, with time to spare: it decodes whole, and the thread has loaded its decoders.
      const warm = t.sidecars?.includes('shp') ? join(sources, `${stem}.shp`) : join(sources, t.file);
      expect(await runner.run(warm, 120_000, true)).toMatchObject({ code: 'ok' });
      const codes = new Map<string, number>();
      let n = 0;
      let peak = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
          const base = join(dir, `${stem}_${n++}`);
          for (const s of t.sidecars ?? []) copyFileSync(join(sources, `${stem}.${s}`), `${base}.${s}`);
          await t.mutate(join(sources, t.file), `${base}${ext}`, edits);
          const target = t.sidecars?.includes('shp') ? `${base}.shp` : `${base}${ext}`;
          const r = await runner.run(target, CASE_MS, true);
          peak = Math.max(peak, r.memory);
          expect(r.memory).toBeLessThan(MEMORY_CAP);
          codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
          if (r.code !== 'ok') {
            expect(r.code, r.message).not.toBe('E_INTERNAL');
            expect(r.file).toBe(target);
          }
        }),
        { numRuns: RUNS, seed: 20261207 },
      );
      console.log(`deep fuzz ${t.name}: ${[...codes].map(([c, k]) => `${c} ${k}`).join(', ')}; peak heap + buffers ${(peak / 2 ** 20).toFixed(0)} MiB`);
      // The damage must leave the files decodable, or the whole decode was never exercised.
      expect(codes.get('ok') ?? 0).toBeGreaterThanOrEqual(Math.ceil(RUNS * t.decoded));
    }, Math.max(180_000, RUNS * 2_000));
  }
});

describe('findings of the deep fuzzing, kept as regressions', () => {
  it('a GeoPackage or shapefile coordinate that is NaN or infinite is refused naming the feature (it was read, and the extent came out NaN, null or 1e308)', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database(readFileSync(join(sources, 'schools.gpkg')));
    const [fid, geom] = db.exec('SELECT fid, geom FROM schools ORDER BY fid LIMIT 1 OFFSET 2')[0]!.values[0]! as [number, Uint8Array];
    const b = Uint8Array.from(geom);
    const wkb = 8 + [0, 32, 48, 48, 64][(b[3]! >> 1) & 7]!;
    new DataView(b.buffer).setFloat64(wkb + 5, Number.NaN, b[wkb] === 1);
    db.run('UPDATE schools SET geom = ? WHERE fid = ?', [b, fid]);
    const gpkg = join(dir, 'nan.gpkg');
    writeFileSync(gpkg, db.export());
    db.close();
    const r = await runner.run(gpkg, 60_000, true);
    expect(r).toMatchObject({ code: 'E_GPKG_INVALID', file: gpkg, message: 'feature 3: a coordinate is not a finite number (NaN or infinite)' });
    // A shapefile's first point of its first polygon (record header 8 bytes, shape type, box 32, counts 8, one part index 4 × parts).
    const shp = Uint8Array.from(readFileSync(join(sources, 'townships.shp')));
    const parts = new DataView(shp.buffer).getInt32(100 + 8 + 36, true);
    new DataView(shp.buffer).setFloat64(100 + 8 + 44 + 4 * parts, Infinity, true);
    const base = join(dir, 'inf');
    for (const e of ['shx', 'dbf', 'prj', 'cpg']) copyFileSync(join(sources, `townships.${e}`), `${base}.${e}`);
    writeFileSync(`${base}.shp`, shp);
    expect(await runner.run(`${base}.shp`, 60_000, true)).toMatchObject({ code: 'E_SHP_CORRUPT', message: 'feature 1: a coordinate is not a finite number (NaN or infinite)' });
  });
});
