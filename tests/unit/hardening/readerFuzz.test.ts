/**
 * Mutation fuzzing of the readers: valid files from the demo county, truncated, bit-flipped,
 * with bytes overwritten by extreme values, must each end in a result or a coded error that
 * names the problem — never an uncaught exception, never E_INTERNAL (an unexplained crash),
 * and never a hang. The case count is kept moderate for CI (FUZZ_RUNS raises it).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from '../../../src-main/engine/io/inspect';

const sample = join(import.meta.dirname, '..', '..', '..', 'resources', 'sample', 'county');
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const CASE_MS = 5_000;
const dir = mkdtempSync(join(tmpdir(), 'ra-fuzz-'));

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

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hung for more than ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** `refused`: the least share of cases a target must refuse — a .prj survives most bit flips (the CRS name or its parameters still say which CRS it is). */
const targets: { name: string; file: string; sidecars?: string[]; refused?: number }[] = [
  { name: 'GeoTIFF', file: 'dem.tif' },
  { name: 'zipped shapefile', file: 'townships.zip' },
  { name: 'shapefile .shp', file: 'townships.shp', sidecars: ['shx', 'dbf', 'prj', 'cpg'] },
  { name: 'shapefile .dbf', file: 'townships.dbf', sidecars: ['shp', 'shx', 'prj', 'cpg'] },
  { name: 'shapefile .prj', file: 'townships.prj', sidecars: ['shp', 'shx', 'dbf', 'cpg'], refused: 0.1 },
  { name: 'GeoJSON', file: 'schools.geojson' },
];

describe('reader fuzzing', () => {
  for (const t of targets) {
    it(`${t.name}: ${RUNS} mutated files each end in a result or a coded error`, async () => {
      const original = new Uint8Array(readFileSync(join(sample, t.file)));
      const stem = t.file.replace(/\.[^.]+$/, '');
      const ext = t.file.slice(stem.length);
      let n = 0;
      const codes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (muts) => {
          const base = join(dir, `${stem}_${t.name.replace(/\W/g, '')}_${n++}`);
          for (const s of t.sidecars ?? []) writeFileSync(`${base}.${s}`, readFileSync(join(sample, `${stem}.${s}`)));
          writeFileSync(`${base}${ext}`, mutate(original, muts));
          const target = t.sidecars?.includes('shp') ? `${base}.shp` : `${base}${ext}`;
          const r = await withTimeout(inspect(target), CASE_MS);
          const code = r.ok ? 'ok' : r.error.code;
          codes.set(code, (codes.get(code) ?? 0) + 1);
          if (!r.ok) {
            expect(r.error.code, r.error.message).not.toBe('E_INTERNAL');
            expect(r.error.file).toBe(target);
          }
        }),
        { numRuns: RUNS, seed: 20261124 },
      );
      expect([...codes.values()].reduce((a, b) => a + b, 0)).toBe(RUNS);
      // The mutations must reach the parsers: most cases end in a coded refusal, not a clean read.
      expect(RUNS - (codes.get('ok') ?? 0)).toBeGreaterThan(RUNS * (t.refused ?? 0.25));
      console.log(`fuzz ${t.name}: ${[...codes].map(([c, k]) => `${c} ${k}`).join(', ')}`);
    }, 120_000);
  }
});
