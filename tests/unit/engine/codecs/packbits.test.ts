/** PackBits (engine/codecs/packbits): the TIFF specification's example, and encode → decode round trips. */
import { describe, it, expect } from 'vitest';
import { decodePackBits, encodePackBits } from '../../../../src-main/engine/codecs/packbits';
import { roundTripInputs, sampleBytes } from '../../../fixtures/codecInputs';

describe('PackBits codec', () => {
  it('decodes the example of the TIFF 6.0 specification (§9)', () => {
    const packed = Uint8Array.from([0xfe, 0xaa, 0x02, 0x80, 0x00, 0x2a, 0xfd, 0xaa, 0x03, 0x80, 0x00, 0x2a, 0x22, 0xf7, 0xaa]);
    const unpacked = [0xaa, 0xaa, 0xaa, 0x80, 0x00, 0x2a, 0xaa, 0xaa, 0xaa, 0xaa, 0x80, 0x00, 0x2a, 0x22, ...new Array(10).fill(0xaa)];
    expect([...decodePackBits(packed, unpacked.length)]).toEqual(unpacked);
  });

  it('round-trips runs, literals and 128-byte packet limits; skips the -128 no-op', () => {
    for (const n of [0, 1, 3, 128, 129, 1000, 65_536]) {
      const input = sampleBytes(n, 3);
      expect(decodePackBits(encodePackBits(input), n)).toEqual(input);
    }
    expect([...decodePackBits(Uint8Array.from([0x80, 0x00, 0x07]), 1)]).toEqual([7]);
  });
});

describe('PackBits round trip: encode → decode gives the input back', () => {
  for (const [name, input] of roundTripInputs()) {
    it(name, () => {
      const enc = encodePackBits(input);
      // At most one header byte per 128 literal bytes more than the input (the PackBits worst case).
      expect(enc.length).toBeLessThanOrEqual(input.length + Math.ceil(input.length / 128));
      expect(Buffer.compare(Buffer.from(decodePackBits(enc, input.length)), Buffer.from(input))).toBe(0);
    });
  }

  it('no packet is longer than 128 bytes (TIFF 6.0 §9)', () => {
    const enc = encodePackBits(roundTripInputs().find(([n]) => n.startsWith('runs of'))![1]);
    let i = 0;
    while (i < enc.length) {
      const h = (enc[i]! << 24) >> 24;
      expect(h).not.toBe(-128);
      i += h >= 0 ? h + 2 : 2;
    }
    expect(i).toBe(enc.length);
  });
});
