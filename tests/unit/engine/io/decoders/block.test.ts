import { describe, it, expect } from 'vitest';
import { deflateSync } from 'node:zlib';
import { encodeLzw } from '../../../../../src-main/engine/codecs/lzw';
import { encodePackBits } from '../../../../../src-main/engine/codecs/packbits';
import { decodeBlock, type BlockFormat } from '../../../../../src-main/engine/io/decoders/block';

describe('decoding only the top rows of a block', () => {
  const W = 256;
  const tile = Float32Array.from({ length: W * W }, (_, i) => Math.sin(i / 301) * 100 + ((i * 7919) % 1000) / 1000);
  const raw = new Uint8Array(tile.buffer);
  const fmt = (compression: number): BlockFormat => ({ compression, predictor: 1, width: W, height: W, samples: 1, bytesPerSample: 4, littleEndian: true, tiled: true });
  const encoded: [string, number, Uint8Array][] = [
    ['Deflate', 8, new Uint8Array(deflateSync(raw))],
    ['LZW', 5, encodeLzw(raw)],
    ['PackBits', 32773, encodePackBits(raw)],
    ['none', 1, raw.slice()],
  ];
  for (const [name, code, bytes] of encoded) {
    it(`${name}: the first 1, 3, 100 and 256 rows equal the same rows of the whole block`, () => {
      for (const rows of [1, 3, 100, 256]) {
        const part = decodeBlock(bytes, fmt(code), rows);
        expect(part.length).toBe(rows * W * 4);
        expect(Buffer.compare(Buffer.from(part), Buffer.from(raw.subarray(0, rows * W * 4)))).toBe(0);
      }
    });
  }

  it('Deflate: a block whose stream is cut after the rows needed still gives them; a whole-block read of it fails', () => {
    const bytes = encoded[0]![2];
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
    expect(Buffer.compare(Buffer.from(decodeBlock(cut, fmt(8), 2)), Buffer.from(raw.subarray(0, 2 * W * 4)))).toBe(0);
    expect(() => decodeBlock(cut, fmt(8))).toThrow();
  });
});
