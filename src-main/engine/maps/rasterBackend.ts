/**
 * Raster backend (@napi-rs/canvas, Skia): the same scene as the PDF, drawn at `dpi`
 * (300 for print) to PNG or JPG. The bundled font is registered once under its own family
 * name, so no system font is ever used. PNGs carry their dpi in a pHYs chunk, JPGs in JFIF.
 */
import { createCanvas, GlobalFonts, Image, type SKRSContext2D } from '@napi-rs/canvas';
import { crc32 } from '../export/png';
import { RiskAtlasError } from '../../../src-shared/errors';
import { fontPath, MAX_SHEET_PIXELS, MM_PER_PT, type Scene } from './scene';

const FAMILY = 'RiskAtlas Noto Sans SC';
const FAMILY_BOLD = 'RiskAtlas Noto Sans SC Bold';
let registered = false;

function registerFonts(): void {
  if (registered) return;
  GlobalFonts.registerFromPath(fontPath(false), FAMILY);
  GlobalFonts.registerFromPath(fontPath(true), FAMILY_BOLD);
  registered = true;
}

/** Insert a pHYs chunk (pixels per metre) after IHDR so viewers and printers know the dpi. */
export function withPngDpi(png: Uint8Array, dpi: number): Uint8Array {
  const ppm = Math.round(dpi / 0.0254);
  const body = new Uint8Array(13);
  const dv = new DataView(body.buffer);
  body.set([0x70, 0x48, 0x59, 0x73]); // "pHYs"
  dv.setUint32(4, ppm);
  dv.setUint32(8, ppm);
  body[12] = 1; // unit: metre
  const chunk = new Uint8Array(4 + 13 + 4);
  const cv = new DataView(chunk.buffer);
  cv.setUint32(0, 9);
  chunk.set(body, 4);
  cv.setUint32(17, crc32(body));
  const ihdrEnd = 8 + 4 + 4 + 13 + 4;
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, ihdrEnd));
  out.set(chunk, ihdrEnd);
  out.set(png.subarray(ihdrEnd), ihdrEnd + chunk.length);
  return out;
}

/**
 * Record the dpi in a JPEG's JFIF header (APP0 right after SOI: units 1 = dots per inch, then
 * X and Y density). A JPEG without that header is returned unchanged.
 */
export function withJpegDpi(jpg: Uint8Array, dpi: number): Uint8Array {
  const jfif = jpg[0] === 0xff && jpg[1] === 0xd8 && jpg[2] === 0xff && jpg[3] === 0xe0 && String.fromCharCode(...jpg.subarray(6, 11)) === 'JFIF\0';
  if (!jfif || dpi > 0xffff) return jpg;
  const out = Uint8Array.from(jpg);
  const dv = new DataView(out.buffer);
  out[13] = 1;
  dv.setUint16(14, dpi);
  dv.setUint16(16, dpi);
  return out;
}

/** Draw a scene on a canvas context already scaled to mm. */
function draw(ctx: SKRSContext2D, scene: Scene): void {
  for (const prim of scene.prims) {
    switch (prim.t) {
      case 'clip':
        ctx.save();
        ctx.beginPath();
        ctx.rect(prim.x, prim.y, prim.w, prim.h);
        ctx.clip();
        break;
      case 'unclip':
        ctx.restore();
        break;
      case 'image': {
        const img = new Image();
        img.src = Buffer.from(prim.png);
        // Class cells must stay crisp: no smoothing between classes.
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(img, prim.x, prim.y, prim.w, prim.h);
        ctx.imageSmoothingEnabled = true;
        break;
      }
      case 'path': {
        if (!prim.rings.length || (!prim.fill && !prim.stroke)) break;
        ctx.beginPath();
        for (const ring of prim.rings) {
          if (ring.length < 2) continue;
          ctx.moveTo(ring[0]![0], ring[0]![1]);
          for (let i = 1; i < ring.length; i++) ctx.lineTo(ring[i]![0], ring[i]![1]);
          if (prim.closed) ctx.closePath();
        }
        if (prim.fill) {
          ctx.fillStyle = prim.fill;
          ctx.globalAlpha = prim.fillOpacity ?? 1;
          ctx.fill(prim.evenOdd ? 'evenodd' : 'nonzero');
          ctx.globalAlpha = 1;
        }
        if (prim.stroke) {
          ctx.strokeStyle = prim.stroke;
          ctx.lineWidth = prim.width ?? 0.25;
          ctx.lineJoin = 'round';
          ctx.lineCap = 'butt';
          ctx.setLineDash(prim.dash ? [...prim.dash] : []);
          ctx.stroke();
          ctx.setLineDash([]);
        }
        break;
      }
      case 'text': {
        ctx.font = `${prim.size * MM_PER_PT}px "${prim.bold ? FAMILY_BOLD : FAMILY}"`;
        ctx.textAlign = prim.align;
        ctx.textBaseline = 'alphabetic';
        if (prim.halo) {
          ctx.strokeStyle = '#FFFFFF';
          ctx.lineWidth = prim.size * 0.18 * MM_PER_PT;
          ctx.lineJoin = 'round';
          ctx.strokeText(prim.text, prim.x, prim.y);
        }
        ctx.fillStyle = prim.color;
        ctx.fillText(prim.text, prim.x, prim.y);
        break;
      }
    }
  }
}

/** Render a scene at `dpi` to PNG or JPG (quality 92), the dpi recorded in either. */
export async function sceneToImage(scene: Scene, format: 'png' | 'jpg', dpi: number): Promise<Uint8Array> {
  registerFonts();
  const pxPerMm = dpi / 25.4;
  const w = Math.round(scene.widthMm * pxPerMm);
  const h = Math.round(scene.heightMm * pxPerMm);
  if (w * h > MAX_SHEET_PIXELS) {
    throw new RiskAtlasError('E_ARG_INVALID', `a ${w} × ${h}-pixel sheet is too large to draw (at most ${MAX_SHEET_PIXELS / 2 ** 20} M pixels): lower the dpi or the paper size`, { params: { width: w, height: h } });
  }
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#FFFFFF';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(pxPerMm, pxPerMm);
  draw(ctx, scene);
  if (format === 'jpg') return withJpegDpi(new Uint8Array(await canvas.encode('jpeg', 92)), dpi);
  return withPngDpi(new Uint8Array(await canvas.encode('png')), dpi);
}
