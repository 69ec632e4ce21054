/**
 * The distinct values of a whole Float32 grid, held as tiles, with their counts — the table a
 * {@link DistributionBuilder} merges from per-tile sorts, found without comparison sorts.
 *
 * A Float32 value's bits, read as an unsigned integer with the sign handled, order the same
 * way as the values. Over a range of at most {@link MARK_LIMIT} possible values, one bit per
 * value marks the ones present: counting the marks says at once whether the distinct values
 * exceed the exact limit (then no table is needed: a histogram follows); otherwise the marks
 * in order are the ascending values, and each value's rank among them places its count — a
 * 2-million-cell index whose values span a factor of four takes 2 MiB of marks. Values
 * spanning more (down to 10⁻³⁰, say: Float32 is dense near zero), or few values over a wide
 * span, are radix-sorted by their keys instead, two passes of 16 bits.
 */
import type { ValueCounts } from './distribution';

/** The most marks kept (bits, 16 MiB); wider ranges are radix-sorted. */
export const MARK_LIMIT = 2 ** 27;

/** The Float32 value of an unsigned key (see {@link distinctOfTiles}). */
function valueOfKey(key: number, scratch: { u: Uint32Array; f: Float32Array }): number {
  scratch.u[0] = key & 0x80000000 ? key & 0x7fffffff : ~key >>> 0;
  return scratch.f[0]!;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The distinct non-NaN values of `tiles` (ascending, with their counts) as merging each
 * tile's sorted table in order gives them — a zero is −0 when the last tile holding a zero
 * holds a −0 — or null when there are more than `limit` of them. `range` is what the caller
 * already knows of the valid values (their count, min and max: {@link rangeMoments} of each
 * tile), so no pass over the values is spent finding it.
 */
export function distinctOfTiles(tiles: Float32Array[], limit: number, range: { n: number; min: number; max: number }): ValueCounts | null {
  const { n } = range;
  if (n === 0) return { values: new Float64Array(0), counts: new Float64Array(0) };
  // The keys of the valid values: ascending order of the bits as unsigned numbers (−0 as +0),
  // so the smallest and largest keys are those of the smallest and largest values.
  const scratch = scratchOf();
  const keyOf = (v: number): number => {
    scratch.f[0] = v;
    return keyOfBits(v, scratch.u[0]!);
  };
  const lo = keyOf(range.min);
  const hi = keyOf(range.max);
  const bits = tiles.map((t) => new Uint32Array(t.buffer, t.byteOffset, t.length));
  // Marks cost a pass over span / 32 words, the sort two over the values and its buckets.
  const marks = hi - lo < MARK_LIMIT && (hi - lo) / 32 < 2 * n;
  const table = marks ? byMarks(tiles, bits, lo, hi, limit) : bySorting(keysOf(tiles, bits, n), limit);
  const zero = range.min <= 0 && range.max >= 0 ? zeroOf(tiles, bits) : null;
  if (table && zero !== null) table.values[table.values.indexOf(0)] = zero;
  return table;
}

/** The zero a merge of the tiles' tables keeps: −0 when the last tile holding a zero holds a −0, null without zeros. */
function zeroOf(tiles: Float32Array[], bits: Uint32Array[]): number | null {
  for (let j = tiles.length - 1; j >= 0; j--) {
    const t = tiles[j]!;
    const b32 = bits[j]!;
    let zeros = false;
    for (let i = 0; i < t.length; i++) {
      if (t[i] !== 0) continue;
      if (b32[i] !== 0) return -0;
      zeros = true;
    }
    if (zeros) return 0;
  }
  return null;
}

/** The key of a valid Float32 value from its bits (−0 as +0): unsigned order = value order. */
const keyOfBits = (v: number, b: number): number => {
  if (v === 0) return 0x80000000;
  return b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
};

/** The `n` keys of the valid values of `tiles`, in tile and cell order. */
function keysOf(tiles: Float32Array[], bits: Uint32Array[], n: number): Uint32Array {
  const keys = new Uint32Array(n);
  let m = 0;
  for (const [j, t] of tiles.entries()) {
    const b32 = bits[j]!;
    for (let i = 0; i < t.length; i++) {
      const v = t[i]!;
      if (v === v) keys[m++] = keyOfBits(v, b32[i]!);
    }
  }
  return keys;
}

const scratchOf = (): { u: Uint32Array; f: Float32Array } => {
  const u = new Uint32Array(1);
  return { u, f: new Float32Array(u.buffer) };
};

/** The table from one mark per possible key in [lo, hi], read from the tiles' values. */
function byMarks(tiles: Float32Array[], bits: Uint32Array[], lo: number, hi: number, limit: number): ValueCounts | null {
  const marks = new Uint32Array(Math.ceil((hi - lo + 1) / 32));
  // Counted as they are marked: past the limit the table is not needed, and a risk index of
  // millions of distinct values stops about halfway through.
  let seen = 0;
  for (const [j, t] of tiles.entries()) {
    const b32 = bits[j]!;
    for (let i = 0; i < t.length; i++) {
      const v = t[i]!;
      if (v !== v) continue;
      const k = keyOfBits(v, b32[i]!) - lo;
      const w = k >>> 5;
      const was = marks[w]!;
      const now = (was | (1 << (k & 31))) >>> 0; // unsigned, as the word reads back
      if (now === was) continue;
      marks[w] = now;
      if (++seen > limit) return null;
    }
  }
  // Marks before each word: a value's rank is that plus the marks below it in its word.
  const before = new Int32Array(marks.length);
  let distinct = 0;
  for (let w = 0; w < marks.length; w++) {
    before[w] = distinct;
    distinct += popcount(marks[w]!);
  }
  const values = new Float64Array(distinct);
  const counts = new Float64Array(distinct);
  const scratch = scratchOf();
  for (let w = 0, r = 0; w < marks.length; w++) {
    for (let m = marks[w]!; m; m &= m - 1) values[r++] = valueOfKey(lo + w * 32 + (31 - Math.clz32(m & -m)), scratch);
  }
  for (const [j, t] of tiles.entries()) {
    const b32 = bits[j]!;
    for (let i = 0; i < t.length; i++) {
      const v = t[i]!;
      if (v !== v) continue;
      const k = keyOfBits(v, b32[i]!) - lo;
      const w = k >>> 5;
      counts[before[w]! + popcount(marks[w]! & ((1 << (k & 31)) - 1))]!++;
    }
  }
  return { values, counts };
}

/** The table from the keys radix-sorted (least significant 16 bits first, then the rest). */
function bySorting(keys: Uint32Array, limit: number): ValueCounts | null {
  let from: Uint32Array = keys;
  let to: Uint32Array = new Uint32Array(keys.length);
  const bucket = new Uint32Array(65536);
  for (const shift of [0, 16]) {
    bucket.fill(0);
    for (let i = 0; i < from.length; i++) bucket[(from[i]! >>> shift) & 0xffff]!++;
    for (let b = 0, s = 0; b < 65536; b++) {
      const c = bucket[b]!;
      bucket[b] = s;
      s += c;
    }
    for (let i = 0; i < from.length; i++) {
      const k = from[i]!;
      to[bucket[(k >>> shift) & 0xffff]!++] = k;
    }
    [from, to] = [to, from];
  }
  let distinct = 0;
  for (let i = 0; i < from.length; i++) if (i === 0 || from[i] !== from[i - 1]) distinct++;
  if (distinct > limit) return null;
  const values = new Float64Array(distinct);
  const counts = new Float64Array(distinct);
  const scratch = scratchOf();
  for (let i = 0, r = -1; i < from.length; i++) {
    if (i === 0 || from[i] !== from[i - 1]) values[++r] = valueOfKey(from[i]!, scratch);
    counts[r]!++;
  }
  return { values, counts };
}
