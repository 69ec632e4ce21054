import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';
import { crc32, encodePalettePng, encodePng } from '../../../../src-main/engine/export/png';
import { RiskAtlasError } from '../../../../src-shared/errors';
import { useTempDir } from '../../../fixtures/tempDir';

const HAS_GDAL = existsSync('/usr/bin/python3') && existsSync('/usr/bin/gdalinfo');
const dir = useTempDir('ra-png-');

/** An independent CRC-32 (bitwise, no table) so the encoder's table is not checked against itself. */
function crcRef(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

interface Decoded {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  chunks: string[];
  plte?: Uint8Array;
  trns?: Uint8Array;
  phys?: { x: number; y: number; unit: number };
  filters: number[];
  /** Unfiltered pixel bytes, row-major. */
  pixels: Uint8Array;
}

/** A tiny PNG decoder for 8-bit non-interlaced images: checks signature, chunk CRCs, unfilters. */
function decodePng(png: Uint8Array): Decoded {
  expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let p = 8;
  const chunks: string[] = [];
  const idat: Uint8Array[] = [];
  const d: Partial<Decoded> = {};
  while (p < png.length) {
    const len = dv.getUint32(p);
    const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    const data = png.subarray(p + 8, p + 8 + len);
    expect(dv.getUint32(p + 8 + len), `CRC of ${type}`).toBe(crcRef(png.subarray(p + 4, p + 8 + len)));
    chunks.push(type);
    if (type === 'IHDR') {
      const h = new DataView(data.buffer, data.byteOffset, 13);
      d.width = h.getUint32(0);
      d.height = h.getUint32(4);
      d.bitDepth = data[8];
      d.colourType = data[9];
      expect([data[10], data[11], data[12]]).toEqual([0, 0, 0]);
    } else if (type === 'PLTE') d.plte = data.slice();
    else if (type === 'tRNS') d.trns = data.slice();
    else if (type === 'pHYs') {
      const h = new DataView(data.buffer, data.byteOffset, 9);
      d.phys = { x: h.getUint32(0), y: h.getUint32(4), unit: data[8] };
    } else if (type === 'IDAT') idat.push(data);
    p += 12 + len;
  }
  expect(p).toBe(png.length);
  expect(chunks[0]).toBe('IHDR');
  expect(chunks[chunks.length - 1]).toBe('IEND');
  const raw = inflateSync(Buffer.concat(idat));
  const bpp = d.colourType === 6 ? 4 : d.colourType === 3 ? 1 : NaN;
  const stride = d.width! * bpp;
  expect(raw.length).toBe(d.height! * (stride + 1));
  const out = new Uint8Array(d.height! * stride);
  const filters: number[] = [];
  for (let y = 0; y < d.height!; y++) {
    const f = raw[y * (stride + 1)];
    filters.push(f);
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const a = i >= bpp ? out[y * stride + i - bpp] : 0;
      const b = y > 0 ? out[(y - 1) * stride + i] : 0;
      const c = i >= bpp && y > 0 ? out[(y - 1) * stride + i - bpp] : 0;
      let pred = 0;
      if (f === 1) pred = a;
      else if (f === 2) pred = b;
      else if (f === 3) pred = (a + b) >> 1;
      else if (f === 4) {
        const pp = a + b - c;
        const pa = Math.abs(pp - a);
        const pb = Math.abs(pp - b);
        const pc = Math.abs(pp - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else expect(f).toBe(0);
      out[y * stride + i] = (x + pred) & 0xff;
    }
  }
  return { ...(d as Decoded), chunks, filters, pixels: out };
}

/** A map-like RGBA test image: gradients, flat areas, noise and transparency, so every filter wins somewhere. */
function testImage(w: number, h: number): Uint8Array {
  const a = new Uint8Array(w * h * 4);
  let s = 99;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      s = (s * 1103515245 + 12345) >>> 0;
      if (y < h / 3) a.set([x * 3, y * 5, (x + y) & 255, 255], i);
      else if (y < (2 * h) / 3) a.set([200, 30, 30, x < w / 2 ? 0 : 255], i);
      else a.set([s & 255, (s >>> 8) & 255, (s >>> 16) & 255, (s >>> 24) & 255], i);
    }
  }
  return a;
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('encodePng (RGBA)', () => {
  it('signature, IHDR, CRCs and pixels survive inflate + unfilter', () => {
    const W = 61;
    const H = 45;
    const rgba = testImage(W, H);
    const d = decodePng(encodePng(W, H, rgba));
    expect([d.width, d.height, d.bitDepth, d.colourType]).toEqual([W, H, 8, 6]);
    expect(d.chunks).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(Buffer.compare(Buffer.from(d.pixels), Buffer.from(rgba))).toBe(0);
    expect(new Set(d.filters).size).toBeGreaterThan(1); // adaptive filtering really adapts
  });

  it('writes pHYs for dpi (300 dpi = 11811 px/m) before IDAT', () => {
    const d = decodePng(encodePng(2, 2, new Uint8Array(16).fill(255), { dpi: 300 }));
    expect(d.phys).toEqual({ x: 11811, y: 11811, unit: 1 });
    expect(d.chunks).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
  });

  it('1x1 and deterministic', () => {
    const px = Uint8Array.from([1, 2, 3, 4]);
    expect(Array.from(decodePng(encodePng(1, 1, px)).pixels)).toEqual([1, 2, 3, 4]);
    expect(Buffer.compare(Buffer.from(encodePng(30, 20, testImage(30, 20))), Buffer.from(encodePng(30, 20, testImage(30, 20))))).toBe(0);
  });

  it('rejects wrong buffer sizes and bad dpi with E_ARG_INVALID', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(RiskAtlasError);
    expect(() => encodePng(0, 2, new Uint8Array(0))).toThrow(/size/);
    expect(() => encodePng(1, 1, new Uint8Array(4), { dpi: -1 })).toThrow(/dpi/);
  });

  it.skipIf(!HAS_GDAL)('GDAL (libpng) decodes the same RGBA pixels', async () => {
    const W = 40;
    const H = 33;
    const rgba = testImage(W, H);
    const p = join(dir(), 'rgba.png');
    await writeFile(p, encodePng(W, H, rgba, { dpi: 300 }));
    const out = execFileSync('/usr/bin/python3', ['-c', `
import sys, json
from osgeo import gdal
gdal.UseExceptions()
d = gdal.Open(sys.argv[1])
a = d.ReadAsArray()  # bands, rows, cols
print(json.dumps({'n': d.RasterCount, 'px': a.transpose(1, 2, 0).ravel().tolist()}))
`, p]).toString();
    const g = JSON.parse(out);
    expect(g.n).toBe(4);
    expect(g.px).toEqual(Array.from(rgba));
    // (GDAL 3.6's PNG driver does not report pHYs as metadata; the chunk is checked by decodePng above.)
  });
});

describe('encodePalettePng (classified maps)', () => {
  const palette: [number, number, number, number][] = [
    [0, 0, 0, 0], // nodata, transparent
    [26, 150, 65, 255],
    [166, 217, 106, 255],
    [255, 255, 191, 255],
    [253, 174, 97, 128],
    [215, 25, 28, 255],
  ];
  const W = 23;
  const H = 11;
  const idx = Uint8Array.from({ length: W * H }, (_, i) => (i * 7) % 6);

  it('colour type 3, PLTE, trimmed tRNS, indices intact', () => {
    const d = decodePng(encodePalettePng(W, H, idx, palette, { dpi: 300 }));
    expect([d.width, d.height, d.bitDepth, d.colourType]).toEqual([W, H, 8, 3]);
    expect(d.chunks).toEqual(['IHDR', 'pHYs', 'PLTE', 'tRNS', 'IDAT', 'IEND']);
    expect(Array.from(d.plte!)).toEqual(palette.flatMap(([r, g, b]) => [r, g, b]));
    expect(Array.from(d.trns!)).toEqual([0, 255, 255, 255, 128]); // trailing opaque entry dropped
    expect(Array.from(d.pixels)).toEqual(Array.from(idx));
  });

  it('no tRNS when every colour is opaque', () => {
    const d = decodePng(encodePalettePng(2, 1, Uint8Array.from([0, 1]), [[1, 2, 3, 255], [4, 5, 6, 255]]));
    expect(d.chunks).toEqual(['IHDR', 'PLTE', 'IDAT', 'IEND']);
  });

  it('rejects indices beyond the palette and oversize palettes', () => {
    expect(() => encodePalettePng(2, 1, Uint8Array.from([0, 6]), palette)).toThrow(/palette index 6/);
    expect(() => encodePalettePng(1, 1, new Uint8Array(1), new Array(257).fill([0, 0, 0, 255]))).toThrow(/palette/);
    expect(() => encodePalettePng(2, 2, new Uint8Array(3), palette)).toThrow(RiskAtlasError);
  });

  it.skipIf(!HAS_GDAL)('GDAL reads indices and the colour table with alpha', async () => {
    const p = join(dir(), 'pal.png');
    await writeFile(p, encodePalettePng(W, H, idx, palette));
    const out = execFileSync('/usr/bin/python3', ['-c', `
import sys, json
from osgeo import gdal
gdal.UseExceptions()
d = gdal.Open(sys.argv[1])
b = d.GetRasterBand(1)
ct = b.GetColorTable()
print(json.dumps({'n': d.RasterCount, 'px': b.ReadAsArray().ravel().tolist(), 'ct': [list(ct.GetColorEntry(i)) for i in range(ct.GetCount())]}))
`, p]).toString();
    const g = JSON.parse(out);
    expect(g.n).toBe(1);
    expect(g.px).toEqual(Array.from(idx));
    expect(g.ct).toEqual(palette);
  });
});
