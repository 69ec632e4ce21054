/**
 * The TIFF LZW codec (engine/codecs/lzw): a hand-worked stream, encode → decode round trips
 * on the edge cases, and the decoder on real-world-sized input: Float32 tiles of noise (what the benchmark
 * rasters hold: 60 % literal codes, strings of 1–3 bytes, a table clear every ~5 KB), checked
 * byte for byte against the bytes that were encoded. Besides `encodeLzw`, the streams come
 * from an independent reference encoder below (a Map of strings and a separate bit packer
 * that follows the decoder's width rule), so that clear points, a missing EOI and a full
 * table that is never cleared can be chosen freely. The decoder splits its work between a
 * hot loop and a rare-code step and keeps module-level state, so the tests also cut streams
 * at every position near the end, at the block size, and run decodes back to back.
 */
import { describe, expect, it } from 'vitest';
import { decodeLzw, encodeLzw } from '../../../../src-main/engine/codecs/lzw';
import { mulberry32 } from '../../../../resources/sample/prng';
import { roundTripInputs, sampleBytes } from '../../../fixtures/codecInputs';

const CLEAR = 256;
const EOI = 257;

/** A 256×256 Float32 tile as the benchmark generator makes them: a smooth field plus noise. */
function floatTile(seed: number, noise = 0.01): Uint8Array {
  const r = mulberry32(seed);
  const f = new Float32Array(256 * 256);
  for (let i = 0; i < f.length; i++) f[i] = 0.5 + 0.4 * Math.sin(i / 3000 + seed) + noise * r();
  return new Uint8Array(f.buffer);
}

/**
 * Reference LZW codes for `data`: Clear first, then a Clear whenever the encoder's next free
 * code reaches `clearAt` (libtiff: 4093; `Infinity`: the table fills up at 4096 entries and
 * stays full), and EOI last unless `eoi` is false.
 */
function referenceCodes(data: Uint8Array, clearAt: number, eoi = true): number[] {
  const codes = [CLEAR];
  if (data.length === 0) return eoi ? [...codes, EOI] : codes;
  let dict = new Map<number, number>();
  let next = 258;
  let w = data[0]!;
  for (let i = 1; i < data.length; i++) {
    const c = data[i]!;
    const hit = dict.get(w * 256 + c);
    if (hit !== undefined) {
      w = hit;
      continue;
    }
    codes.push(w);
    if (next < 4096) dict.set(w * 256 + c, next++);
    if (next >= clearAt) {
      codes.push(CLEAR);
      dict = new Map();
      next = 258;
    }
    w = c;
  }
  codes.push(w);
  if (eoi) codes.push(EOI);
  return codes;
}

/**
 * Pack codes MSB-first at the width a TIFF decoder expects: 9 bits after a Clear; the
 * decoder adds an entry for each code but the first after a Clear (none once it holds 4096)
 * and widens, up to 12 bits, as soon as its next free code reaches 2^width − 1.
 */
function packCodes(codes: number[]): Uint8Array {
  const bytes: number[] = [];
  let acc = 0;
  let nAcc = 0;
  let width = 9;
  let next = 258;
  let first = true;
  for (const code of codes) {
    acc = (acc << width) | code;
    nAcc += width;
    while (nAcc >= 8) {
      nAcc -= 8;
      bytes.push((acc >>> nAcc) & 0xff);
    }
    acc &= (1 << nAcc) - 1;
    if (code === CLEAR) {
      width = 9;
      next = 258;
      first = true;
      continue;
    }
    if (first) first = false;
    else if (next < 4096) next++;
    if (next >= (1 << width) - 1 && width < 12) width++;
  }
  if (nAcc > 0) bytes.push((acc << (8 - nAcc)) & 0xff);
  return Uint8Array.from(bytes);
}

/** Byte-for-byte equality with a useful message (toEqual on 256 KiB arrays is slow and noisy). */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  expect(i, `${what}: first differing byte`).toBe(actual.length);
}

describe('TIFF LZW decoder on real-world-like streams', () => {
  const tiles = [floatTile(1), floatTile(2, 1), floatTile(3, 0.0001)];

  it('decodes Float32 noise tiles with many table clears byte for byte (own encoder and reference)', () => {
    for (const [t, tile] of tiles.entries()) {
      const enc = encodeLzw(tile);
      // Noise barely compresses: the table fills and clears every few kilobytes.
      expect(referenceCodes(tile, 4093).filter((c) => c === CLEAR).length).toBeGreaterThan(20);
      expectSameBytes(decodeLzw(enc, tile.length), tile, `tile ${t}, encodeLzw`);
      for (const clearAt of [4093, 4094, 1000, 600, 260]) {
        expectSameBytes(decodeLzw(packCodes(referenceCodes(tile, clearAt)), tile.length), tile, `tile ${t}, clear at ${clearAt}`);
      }
    }
  });

  it('keeps decoding at 12 bits when the table fills up and is never cleared', () => {
    const tile = tiles[0]!;
    const codes = referenceCodes(tile, Infinity);
    expect(codes.filter((c) => c === CLEAR).length).toBe(1);
    expectSameBytes(decodeLzw(packCodes(codes), tile.length), tile, 'full table');
  });

  it('decodes a stream without EOI to its end, with or without trailing zero bytes', () => {
    for (const tile of [tiles[0]!, tiles[1]!.subarray(0, 5000), Uint8Array.of(7), new Uint8Array(0)]) {
      const noEoi = packCodes(referenceCodes(tile, 4093, false));
      // Asking for more than is there (a strip whose size is overstated): all of it, no more.
      expectSameBytes(decodeLzw(noEoi, tile.length + 1000), tile, `no EOI, ${tile.length} bytes`);
      // Zero bytes after the data read as literal 0s: the block size stops them.
      const padded = new Uint8Array(noEoi.length + 16);
      padded.set(noEoi);
      expectSameBytes(decodeLzw(padded, tile.length), tile, `no EOI, zero padded, ${tile.length} bytes`);
    }
  });

  it('returns an exact prefix of the data for a stream cut anywhere', () => {
    const tile = tiles[0]!;
    const enc = encodeLzw(tile);
    const r = mulberry32(9);
    const cuts = [0, 1, 2, 3, 4, 5, 100, 4095, 4096, 4097];
    for (let i = 0; i < 40; i++) cuts.push(Math.floor(r() * enc.length));
    // The last bytes are read by the byte-wise rare-code step: cut at each of them.
    for (let k = enc.length - 12; k <= enc.length; k++) cuts.push(k);
    let last = -1;
    for (const k of cuts.sort((a, b) => a - b)) {
      const out = decodeLzw(enc.subarray(0, k), tile.length);
      expect(out.length, `cut at ${k}`).toBeLessThanOrEqual(tile.length);
      expect(out.length, `cut at ${k}: no shorter than an earlier cut`).toBeGreaterThanOrEqual(last);
      expectSameBytes(out, tile.subarray(0, out.length), `cut at ${k}`);
      last = out.length;
    }
    // A cut that loses only EOI (and padding) still yields everything.
    expect(last).toBe(tile.length);
  });

  it('stops at the block size wherever it falls inside a string', () => {
    const tile = tiles[2]!;
    const enc = encodeLzw(tile);
    for (const want of [1, 2, 3, 4, 5, 255, 256, 257, 1000, 65_535, 131_073, tile.length - 1]) {
      expectSameBytes(decodeLzw(enc, want), tile.subarray(0, want), `${want} bytes wanted`);
    }
  });

  it('reads input that is a view into a larger buffer at an odd offset', () => {
    const tile = tiles[0]!;
    const enc = encodeLzw(tile);
    const big = new Uint8Array(enc.length + 11);
    big.fill(0xff);
    big.set(enc, 7);
    expectSameBytes(decodeLzw(big.subarray(7, 7 + enc.length), tile.length), tile, 'offset view');
    expectSameBytes(decodeLzw(Buffer.from(big.buffer, 7, enc.length), tile.length), tile, 'Buffer view');
  });

  it('decodes back to back without leftover state: after an error, a large strip and a small tile', () => {
    const tile = tiles[1]!;
    const enc = encodeLzw(tile);
    // An impossible code half-way through a long stream: the first code after a Clear
    // deep into it (a literal) replaced by 300, and a code beyond the next free one.
    const codes = referenceCodes(tile, 4093);
    const clearAt = codes.indexOf(CLEAR, codes.length >> 1);
    const afterClear = codes.slice();
    afterClear[clearAt + 1] = 300;
    expect(() => decodeLzw(packCodes(afterClear), tile.length)).toThrow(/invalid LZW code 300/);
    const beyondNext = codes.slice();
    beyondNext[clearAt + 3] = 270; // next free code is 259 there
    expect(() => decodeLzw(packCodes(beyondNext), tile.length)).toThrow(/invalid LZW code 270/);
    expectSameBytes(decodeLzw(enc, tile.length), tile, 'after an error');
    // A 5 MiB strip (larger than the kept scratch) between two tiles.
    const strip = new Uint8Array(20 * 262_144);
    for (let i = 0; i < 20; i++) strip.set(tiles[i % 3]!, i * 262_144);
    expectSameBytes(decodeLzw(encodeLzw(strip), strip.length), strip, '5 MiB strip');
    expectSameBytes(decodeLzw(enc, tile.length), tile, 'after the strip');
    // Results are fresh buffers, not views of a shared scratch.
    const a = decodeLzw(enc, 1000);
    const b = decodeLzw(encodeLzw(tiles[0]!), 1000);
    expect(a.byteOffset).toBe(0);
    expect(a.buffer.byteLength).toBe(1000);
    expectSameBytes(a, tile.subarray(0, 1000), 'first result kept');
    expectSameBytes(b, tiles[0]!.subarray(0, 1000), 'second result');
  });
});

describe('TIFF LZW codec', () => {
  it('decodes the hand-worked stream of "ABABABA" (Clear, literals, a KwKwK code, EOI)', () => {
    // Codes (9 bits, MSB first): 256 Clear, 65 A, 66 B, 258 "AB", 260 "ABA" (= the code being
    // defined: KwKwK), 257 EOI →
    // 100000000 001000001 001000010 100000010 100000100 100000001 + 2 pad bits
    // = 10000000 00010000 01001000 01010000 00101000 00100100 00000100
    const stream = Uint8Array.from([0x80, 0x10, 0x48, 0x50, 0x28, 0x24, 0x04]);
    expect(new TextDecoder().decode(decodeLzw(stream, 7))).toBe('ABABABA');
    expect([...encodeLzw(new TextEncoder().encode('ABABABA'))]).toEqual([...stream]);
  });

  it('round-trips long inputs through code-width changes and table clears', () => {
    for (const n of [0, 1, 2, 255, 511, 4096, 70_000, 262_144]) {
      const input = sampleBytes(n, n + 1);
      const enc = encodeLzw(input);
      expect(decodeLzw(enc, n)).toEqual(input);
    }
    // One long run: strings grow one byte per code (worst case for the copy path).
    const run = new Uint8Array(300_000).fill(42);
    expect(decodeLzw(encodeLzw(run), run.length)).toEqual(run);
  });

  it('stops at the block size, and returns what there is when data ends early', () => {
    const input = sampleBytes(10_000);
    const enc = encodeLzw(input);
    expect(decodeLzw(enc, 4000)).toEqual(input.subarray(0, 4000));
    expect(decodeLzw(enc.subarray(0, 100), 10_000).length).toBeLessThan(10_000);
  });

  it('refuses an impossible code', () => {
    // Clear, then code 300 before any entry exists: 100000000 100101100 + pad.
    expect(() => decodeLzw(Uint8Array.from([0x80, 0x4b, 0x00]), 10)).toThrow(/invalid LZW code/);
  });
});

describe('TIFF LZW round trip: encode → decode gives the input back', () => {
  for (const [name, input] of roundTripInputs()) {
    it(name, () => {
      const enc = encodeLzw(input);
      // Clear first and EOI last even for no data; never more than 12 bits per input byte (+ Clear, EOI, Clears).
      expect(enc.length).toBeGreaterThanOrEqual(3);
      expect(enc.length).toBeLessThanOrEqual(Math.ceil(input.length * 1.5) + 8 + 2 * Math.ceil(input.length / 3000));
      expectSameBytes(decodeLzw(enc, input.length), input, name);
    });
  }
});
