/**
 * The TIFF predictors (engine/codecs/predictor): undoing them in the file's byte order, and
 * apply → undo round trips for every sample width the GeoTIFF writer predicts (horizontal:
 * 1, 2 and 4 bytes; floating point: 4 and 8).
 */
import { describe, it, expect } from 'vitest';
import { predictFloat, predictHorizontal, undoPredictor } from '../../../../src-main/engine/codecs/predictor';
import type { PixelArray } from '../../../../src-shared/layer';
import { randomBytes } from '../../../fixtures/codecInputs';

describe('predictors in the file byte order', () => {
  it('horizontal differencing of 16-bit samples, little- and big-endian, two channels', () => {
    // Pixels (ch0, ch1): (1000, 5), (1003, 65535), (999, 2) → differences (1000, 5), (3, 65530), (65532, 3).
    const diffs = [1000, 5, 3, 65530, 65532, 3];
    for (const le of [true, false]) {
      const b = new Uint8Array(12);
      const dv = new DataView(b.buffer);
      diffs.forEach((d, i) => dv.setUint16(i * 2, d, le));
      undoPredictor(b, { predictor: 2, width: 3, bytesPerSample: 2, samples: 2, littleEndian: le });
      expect([0, 1, 2, 3, 4, 5].map((i) => dv.getUint16(i * 2, le))).toEqual([1000, 5, 1003, 65535, 999, 2]);
    }
  });

  it('floating-point predictor: byte planes MSB first, written back in the file byte order', () => {
    const values = [1.5, -2.25, 1e-30, 65504];
    for (const le of [true, false]) {
      const src = new Uint8Array(16);
      values.forEach((v, i) => new DataView(src.buffer).setFloat32(i * 4, v, false)); // big-endian bytes = planes in order
      // Planes: plane p holds byte p (MSB first) of every sample; then bytes are differenced.
      const enc = new Uint8Array(16);
      for (let i = 0; i < 4; i++) for (let p = 0; p < 4; p++) enc[p * 4 + i] = src[i * 4 + p]!;
      for (let j = 15; j > 0; j--) enc[j] = (enc[j]! - enc[j - 1]! + 256) & 0xff;
      undoPredictor(enc, { predictor: 3, width: 4, bytesPerSample: 4, samples: 1, littleEndian: le });
      const dv = new DataView(enc.buffer);
      expect([0, 1, 2, 3].map((i) => dv.getFloat32(i * 4, le))).toEqual(values.map(Math.fround));
    }
  });
});

type Ctor = new (buf: ArrayBuffer) => PixelArray;

/** Samples of `ctor` made of `bytes` (random bit patterns: wrap-around, NaN, ±Infinity, denormals). */
function samplesOf(ctor: Ctor, bytes: Uint8Array): PixelArray {
  return new ctor(bytes.slice().buffer as ArrayBuffer);
}

/** [name, width, samples] edge cases for a sample type of `bps` bytes. */
function cases(ctor: Ctor, bps: number): [string, number, PixelArray][] {
  const run = samplesOf(ctor, new Uint8Array(64 * 40 * bps).fill(0x7f));
  return [
    ['no rows', 16, samplesOf(ctor, new Uint8Array(0))],
    ['one sample', 1, samplesOf(ctor, randomBytes(bps, 1))],
    ['one column, 5 rows', 1, samplesOf(ctor, randomBytes(5 * bps, 2))],
    ['a long run of one value, 64 × 40', 64, run],
    ['random, 3 × 7', 3, samplesOf(ctor, randomBytes(21 * bps, 3))],
    ['random, 256 × 256 (a tile)', 256, samplesOf(ctor, randomBytes(256 * 256 * bps, 4))],
  ];
}

const HORIZONTAL: [string, Ctor][] = [['Int8Array', Int8Array], ['Uint8Array', Uint8Array], ['Int16Array', Int16Array], ['Uint16Array', Uint16Array], ['Int32Array', Int32Array], ['Uint32Array', Uint32Array]];
const FLOAT: [string, Ctor][] = [['Float32Array', Float32Array], ['Float64Array', Float64Array]];

describe('predictor round trip: apply → undo gives the samples back', () => {
  for (const [predictor, types, apply] of [[2, HORIZONTAL, predictHorizontal], [3, FLOAT, predictFloat]] as const) {
    for (const [typeName, ctor] of types) {
      const bps = (ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      for (const [name, width, samples] of cases(ctor, bps)) {
        it(`predictor ${predictor}, ${typeName}: ${name}`, () => {
          const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
          const before = Buffer.from(bytes);
          const predicted = apply(samples, width, bps);
          expect(predicted.length).toBe(bytes.length);
          expect(Buffer.compare(Buffer.from(bytes), before)).toBe(0); // the samples are not modified
          undoPredictor(predicted, { predictor, width, bytesPerSample: bps, samples: 1, littleEndian: true });
          expect(Buffer.compare(Buffer.from(predicted), before)).toBe(0);
        });
      }
    }
  }

  it('a long run predicts to zeros after the first sample of each row (what makes it compress)', () => {
    const row = new Int16Array(32).fill(-300);
    const p = new Int16Array(predictHorizontal(row, 32, 2).buffer);
    expect(p[0]).toBe(-300);
    expect(p.subarray(1).every((v) => v === 0)).toBe(true);
  });

  it('reads samples that are a view into a larger buffer', () => {
    const big = samplesOf(Float64Array, randomBytes(8 * 33, 5)) as Float64Array;
    const view = big.subarray(1);
    const predicted = predictFloat(view, 8, 8);
    undoPredictor(predicted, { predictor: 3, width: 8, bytesPerSample: 8, samples: 1, littleEndian: true });
    expect(Buffer.compare(Buffer.from(predicted), Buffer.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)))).toBe(0);
  });

  it('refuses a partial last row and sample sizes the predictor does not define', () => {
    expect(() => predictHorizontal(new Int16Array(10), 4, 2)).toThrow(/whole rows/);
    expect(() => predictFloat(new Float32Array(8), 0, 4)).toThrow(/whole rows/);
    expect(() => predictHorizontal(new Float64Array(4), 2, 8)).toThrow(/8-byte/);
    expect(() => predictFloat(new Uint8Array(4), 2, 1)).toThrow(/1-byte/);
  });
});
