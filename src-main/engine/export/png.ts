/**
 * A small, dependency-free PNG encoder for map images (Electron's nativeImage is not available
 * in the engine's worker processes, and the CLI runs without Electron). 8-bit RGBA (colour
 * type 6) for rendered maps, 8-bit palette (colour type 3 with tRNS) for classified risk maps,
 * which are 3–4× smaller. Optional pHYs chunk so printed maps carry their dpi (e.g. 300).
 * Deterministic: no tIME/tEXt chunks, zlib at fixed settings.
 */
import { constants, deflateSync } from 'node:zlib';
import { RiskAtlasError } from '../../../src-shared/errors';

/** Options shared by both encoders. */
export interface PngOptions {
  /** Resolution written as a pHYs chunk, dots per inch (stored as pixels per metre, rounded). */
  dpi?: number;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO 3309, as PNG uses) of `bytes`. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 0x7fffffff || height > 0x7fffffff) {
    throw new RiskAtlasError('E_ARG_INVALID', `invalid PNG size ${width}x${height}`, { params: { width, height } });
  }
}

function ihdr(width: number, height: number, colourType: number): Uint8Array {
  const d = new Uint8Array(13);
  const dv = new DataView(d.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  d[8] = 8; // bit depth
  d[9] = colourType;
  // d[10..12]: compression 0, filter method 0, interlace none
  return chunk('IHDR', d);
}

function phys(dpi: number | undefined): Uint8Array[] {
  if (dpi === undefined) return [];
  if (!(dpi > 0) || !Number.isFinite(dpi)) throw new RiskAtlasError('E_ARG_INVALID', `invalid dpi ${dpi}`);
  const ppm = Math.round(dpi / 0.0254);
  const d = new Uint8Array(9);
  const dv = new DataView(d.buffer);
  dv.setUint32(0, ppm);
  dv.setUint32(4, ppm);
  d[8] = 1; // unit: metre
  return [chunk('pHYs', d)];
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Filter every row (bpp bytes per pixel). With `adaptive`, each row gets the filter with the
 * smallest sum of absolute (signed) residuals — the libpng heuristic; otherwise filter 0.
 */
function filterRows(raw: Uint8Array, width: number, height: number, bpp: number, adaptive: boolean): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(height * (stride + 1));
  const cand = adaptive ? [0, 1, 2, 3, 4].map(() => new Uint8Array(stride)) : [];
  const zero = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const cur = raw.subarray(y * stride, (y + 1) * stride);
    const o = y * (stride + 1);
    if (!adaptive) {
      out[o] = 0;
      out.set(cur, o + 1);
      continue;
    }
    const prev = y > 0 ? raw.subarray((y - 1) * stride, y * stride) : zero;
    let best = 0;
    let bestScore = Infinity;
    for (let f = 0; f < 5; f++) {
      const c = cand[f];
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= bpp ? cur[i - bpp] : 0;
        const b = prev[i];
        const cc = i >= bpp ? prev[i - bpp] : 0;
        const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : paeth(a, b, cc);
        const v = (cur[i] - pred) & 0xff;
        c[i] = v;
        score += v < 128 ? v : 256 - v;
      }
      if (score < bestScore) {
        bestScore = score;
        best = f;
      }
    }
    out[o] = best;
    out.set(cand[best], o + 1);
  }
  return out;
}

function assemble(parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Encode an 8-bit RGBA image as PNG. `rgba` is row-major, top row first, 4 bytes per pixel
 * (straight, not premultiplied, alpha). Rows are filtered adaptively (best of the five PNG
 * filters per row). `opts.dpi` adds a pHYs chunk (e.g. 300 for print).
 */
export function encodePng(width: number, height: number, rgba: Uint8Array, opts: PngOptions = {}): Uint8Array {
  checkSize(width, height);
  if (rgba.length !== width * height * 4) throw new RiskAtlasError('E_ARG_INVALID', `RGBA buffer holds ${rgba.length} bytes, expected ${width * height * 4}`);
  const idat = deflateSync(filterRows(rgba, width, height, 4, true), { level: 6 });
  return assemble([SIGNATURE, ihdr(width, height, 6), ...phys(opts.dpi), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

/**
 * Encode a palette (indexed) image as PNG — for classified maps (risk grades 1–5, with index 0
 * usually transparent nodata). `indices` is row-major, one palette index per pixel; `palette`
 * holds at most 256 [r, g, b, a] colours (0–255). Alpha goes into a tRNS chunk, trimmed after
 * the last non-opaque entry and omitted when all are opaque. Rows use filter 0 (recommended
 * by the PNG spec for palette images).
 */
export function encodePalettePng(width: number, height: number, indices: Uint8Array, palette: [number, number, number, number][], opts: PngOptions = {}): Uint8Array {
  checkSize(width, height);
  if (indices.length !== width * height) throw new RiskAtlasError('E_ARG_INVALID', `index buffer holds ${indices.length} values, expected ${width * height}`);
  if (palette.length < 1 || palette.length > 256) throw new RiskAtlasError('E_ARG_INVALID', `palette must have 1..256 colours, got ${palette.length}`);
  for (let i = 0; i < indices.length; i++) {
    if (indices[i] >= palette.length) throw new RiskAtlasError('E_ARG_INVALID', `pixel ${i} uses palette index ${indices[i]} but the palette has ${palette.length} colours`);
  }
  const plte = new Uint8Array(palette.length * 3);
  let lastAlpha = -1;
  palette.forEach(([r, g, b, a], i) => {
    plte[i * 3] = r;
    plte[i * 3 + 1] = g;
    plte[i * 3 + 2] = b;
    if (a !== 255) lastAlpha = i;
  });
  const trns = lastAlpha >= 0 ? [chunk('tRNS', Uint8Array.from(palette.slice(0, lastAlpha + 1), (c) => c[3]))] : [];
  // Classified pictures are long runs of one index: run-length deflate finds them in a tenth of
  // the time of the default strategy, and the file comes out smaller (2 M grade cells: 4 ms and
  // 45 KB against 32 ms and 53 KB).
  const idat = deflateSync(filterRows(indices, width, height, 1, false), { level: 6, strategy: constants.Z_RLE });
  return assemble([SIGNATURE, ihdr(width, height, 3), ...phys(opts.dpi), chunk('PLTE', plte), ...trns, chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}
