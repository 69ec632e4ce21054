/**
 * zlib-format Deflate (engine/codecs/deflate): libdeflate compression → Node inflate round
 * trips, inflating only a prefix of a block, and loading libdeflate without leaving its
 * process-wide error listeners behind.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { inflatePrefix, zlibCompress } from '../../../../src-main/engine/codecs/deflate';
import { randomBytes, roundTripInputs, sampleBytes } from '../../../fixtures/codecInputs';

const ROOT = join(import.meta.dirname, '../../../..');

describe('Deflate round trip: zlibCompress → inflatePrefix gives the input back', () => {
  for (const [name, input] of roundTripInputs()) {
    it(name, () => {
      for (const level of [1, 6, 12]) {
        const enc = zlibCompress(input, level);
        expect(enc[0]).toBe(0x78); // a zlib stream (RFC 1950), as TIFF compression 8 stores it
        const out = inflatePrefix(enc, input.length, input.length);
        expect(Buffer.compare(Buffer.from(out), Buffer.from(input)), `level ${level}`).toBe(0);
      }
    });
  }

  it('does not modify its input and gives the same bytes every time', () => {
    const input = sampleBytes(50_000);
    const copy = input.slice();
    const a = zlibCompress(input, 6);
    expect(Buffer.compare(Buffer.from(input), Buffer.from(copy))).toBe(0);
    expect(Buffer.compare(Buffer.from(zlibCompress(input, 6)), Buffer.from(a))).toBe(0);
  });
});

describe('inflatePrefix', () => {
  const block = Uint8Array.from(sampleBytes(262_144), (v, i) => (i % 7 === 0 ? v : i & 0xff));
  const enc = zlibCompress(block, 6);

  it('the first n bytes equal the start of the whole block, from a short prefix of the stream or all of it', () => {
    for (const n of [1, 100, 4096, 100_000, 131_071, 131_072, 262_143, 262_144]) {
      expect(Buffer.compare(Buffer.from(inflatePrefix(enc, n, block.length)), Buffer.from(block.subarray(0, n))), `${n} bytes`).toBe(0);
    }
  });

  it('a stream cut after the bytes needed still gives them; asking for the whole block then fails', () => {
    const cut = enc.subarray(0, Math.floor(enc.length * 0.6));
    expect(Buffer.compare(Buffer.from(inflatePrefix(cut, 1000, block.length)), Buffer.from(block.subarray(0, 1000)))).toBe(0);
    expect(() => inflatePrefix(cut, block.length, block.length)).toThrow();
  });

  it('a damaged stream is an error, not short data', () => {
    const bad = enc.slice();
    bad.fill(0xff, 2, 200);
    expect(() => inflatePrefix(bad, block.length, block.length)).toThrow();
    expect(() => inflatePrefix(randomBytes(1000, 9), 10, 100_000)).toThrow();
  });

  it('Node\'s inflate reads libdeflate\'s streams (the writer compresses, GDAL and the readers inflate)', () => {
    expect(Buffer.compare(inflateSync(enc), Buffer.from(block))).toBe(0);
  });
});

describe('libdeflate loading', () => {
  it('loads under tsx in a fresh process and leaves no process-wide error listeners behind', () => {
    // Its Emscripten runtime adds rethrowing 'uncaughtException'/'unhandledRejection' listeners; deflate.ts removes them.
    const script = `
      const before = [process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')];
      const { zlibCompress } = await import('./src-main/engine/codecs/deflate.ts');
      const { inflateSync } = await import('node:zlib');
      const z = zlibCompress(new TextEncoder().encode('RiskAtlas RiskAtlas RiskAtlas'), 6);
      const after = [process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')];
      console.log(JSON.stringify({ before, after, text: inflateSync(z).toString() }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT }).toString());
    expect(out.text).toBe('RiskAtlas RiskAtlas RiskAtlas');
    expect(out.after).toEqual(out.before);
  });
});
