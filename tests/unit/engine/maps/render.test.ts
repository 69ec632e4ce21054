import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { defaultLayout, type SheetLayout } from '../../../../src-main/engine/maps/layout';
import { renderSheet } from '../../../../src-main/engine/maps/render';
import { composeSheet, mapFrame, thematicImage } from '../../../../src-main/engine/maps/compose';
import { hexToRgb } from '../../../../src-shared/schemes';
import { thematicFor } from '../../../../src-main/engine/maps/thematic';
import { transformer } from '../../../../src-main/engine/crs/registry';
import type { Prim } from '../../../../src-main/engine/maps/scene';
import { syntheticRun } from './syntheticRun';
import type { SheetRun } from '../../../../src-main/engine/maps/sheetData';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'sheets');
const hasPoppler = existsSync('/usr/bin/pdftoppm') && existsSync('/usr/bin/pdftotext');
const hasGdal = existsSync('/usr/bin/gdaltransform');
const DPI = 40;

function layout(kind: 'riskGrade' | 'zoning' = 'riskGrade'): SheetLayout {
  const l = defaultLayout(kind, { areaName: '示例县', sources: ['县界', '乡镇', '河流'], date: '2026年1月' }, 'A4', 'landscape');
  l.dpi = DPI;
  return l;
}

async function pixels(png: Uint8Array | Buffer): Promise<{ w: number; h: number; data: Uint8ClampedArray }> {
  const img = await loadImage(Buffer.from(png));
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return { w: img.width, h: img.height, data: ctx.getImageData(0, 0, img.width, img.height).data };
}

type Img = { w: number; h: number; data: Uint8ClampedArray };

/** Average `block` × `block` pixel blocks (so that a one-pixel shift between two rasterisers is not a difference). */
function downsample(a: Img, block: number): Img {
  const w = Math.floor(a.w / block);
  const h = Math.floor(a.h / block);
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < 4; k++) {
        let s = 0;
        for (let dy = 0; dy < block; dy++) for (let dx = 0; dx < block; dx++) s += a.data[((y * block + dy) * a.w + x * block + dx) * 4 + k]!;
        data[(y * w + x) * 4 + k] = s / (block * block);
      }
    }
  }
  return { w, h, data };
}

/**
 * Mean absolute difference per channel (0–255) and share of pixels differing by more than 64
 * in some channel, over the common area, after averaging `block` × `block` blocks.
 */
function compare(a0: Img, b0: Img, block = 1): { mean: number; bad: number } {
  const a = block > 1 ? downsample(a0, block) : a0;
  const b = block > 1 ? downsample(b0, block) : b0;
  const w = Math.min(a.w, b.w);
  const h = Math.min(a.h, b.h);
  let sum = 0;
  let bad = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let worst = 0;
      for (let k = 0; k < 3; k++) {
        const d = Math.abs(a.data[(y * a.w + x) * 4 + k]! - b.data[(y * b.w + x) * 4 + k]!);
        sum += d;
        worst = Math.max(worst, d);
      }
      if (worst > 64) bad++;
    }
  }
  return { mean: sum / (w * h * 3), bad: bad / (w * h) };
}

describe('map sheet rendering', () => {
  it('draws a 1:100 000 bar scale whose 1 km segments are 10 mm long on paper', async () => {
    const run = syntheticRun();
    const l = layout();
    l.scale = { mode: 'fixed', denominator: 100_000 };
    const scene = composeSheet(l, run, await thematicFor(l, run));
    const b = l.elements.scaleBar;
    const segs = scene.prims.filter((p): p is Extract<Prim, { t: 'path' }> => p.t === 'path' && p.closed && p.rings.length === 1 && p.rings[0]!.every(([x, y]) => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h) && (p.fill === '#1A1A1A' || p.fill === '#FFFFFF'));
    expect(segs.length).toBeGreaterThanOrEqual(2);
    for (const s of segs) expect(s.rings[0]![1]![0] - s.rings[0]![0]![0]).toBeCloseTo(10, 6);
    const texts = scene.prims.filter((p): p is Extract<Prim, { t: 'text' }> => p.t === 'text').map((p) => p.text);
    expect(texts).toContain('比例尺  1:100 000');
    expect(texts).toContain('千米');
  });

  it('samples the class raster into the map frame cell for cell: a pixel shows the class of the cell under its centre', async () => {
    const run = syntheticRun();
    const l = layout();
    l.dpi = 150;
    const frame = mapFrame(l, run);
    const g = run.grid;
    // A pattern with no symmetry, so a flipped, transposed or shifted sampling cannot pass.
    const base = await thematicFor(l, run);
    const cells = Uint8Array.from({ length: g.width * g.height }, (_, i) => ((i % g.width) * 3 + Math.floor(i / g.width) * 7 + ((i * i) % 11)) % 6);
    const th = { ...base, cells };
    const img = thematicImage(frame, run, th, l.dpi);
    const px = await pixels(img.png);
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      // Cell centres (well away from cell edges) on a deterministic spread over the grid.
      const col = (i * 7) % g.width;
      const row = (i * 13) % g.height;
      const x = g.originX + (col + 0.5) * g.cellSize;
      const y = g.originY - (row + 0.5) * g.cellSize;
      const [mx, my] = frame.toPaper(x, y);
      const c = Math.floor(((mx - frame.box.x) / frame.box.w) * img.pxW);
      const r = Math.floor(((my - frame.box.y) / frame.box.h) * img.pxH);
      if (c < 0 || r < 0 || c >= img.pxW || r >= img.pxH) continue;
      const v = cells[row * g.width + col]!;
      const want = v === 0 ? [255, 255, 255] : hexToRgb(th.classes[v - 1]!.color);
      const at = (r * px.w + c) * 4;
      expect([px.data[at], px.data[at + 1], px.data[at + 2]], `cell ${col},${row}`).toEqual(want);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('fits the county into the frame at a round scale, and keeps ground distances exact on paper', () => {
    const run = syntheticRun();
    const l = layout();
    const f = mapFrame(l, run);
    // The county is 9.6 km across; the A4 frame is about 180 × 150 mm → about 1:60 000 rounded up.
    expect([50_000, 60_000, 75_000, 80_000, 100_000]).toContain(f.denominator);
    const [x0] = f.toPaper(470_000, 4_025_000);
    const [x1] = f.toPaper(471_000, 4_025_000);
    expect(x1 - x0).toBeCloseTo(1_000_000 / f.denominator, 9);
  });

  it.skipIf(!hasGdal)('places graticule labels where GDAL projects those meridians onto the frame edge', async () => {
    const run = syntheticRun();
    const l = layout();
    const frame = mapFrame(l, run);
    const scene = composeSheet(l, run, await thematicFor(l, run));
    const bottom = l.elements.map.y + l.elements.map.h;
    const label = scene.prims.find((p): p is Extract<Prim, { t: 'text' }> => p.t === 'text' && /°\d*′?E$/.test(p.text) && p.y > bottom);
    expect(label).toBeDefined();
    const m = /^(\d+)°(?:(\d+)′)?E$/.exec(label!.text)!;
    const lon = Number(m[1]) + Number(m[2] ?? 0) / 60;
    // Latitude on the frame's bottom edge below the label, then GDAL's projection of (lon, lat).
    const [, yGround] = frame.toGround(label!.x, bottom);
    const lat = transformer(4546, 4490)(frame.toGround(label!.x, bottom)[0], yGround)[1];
    // gdaltransform reads and writes x y (longitude first), whatever the CRS's axis order.
    const r = spawnSync('gdaltransform', ['-s_srs', 'EPSG:4490', '-t_srs', 'EPSG:4546'], { input: `${lon} ${lat}\n`, encoding: 'utf8' });
    const [gx] = r.stdout.trim().split(/\s+/).map(Number);
    expect(Number.isFinite(gx)).toBe(true);
    const [px] = frame.toPaper(gx!, yGround);
    expect(Math.abs(px - label!.x)).toBeLessThan(0.05); // mm on paper
  });

  // Rendering cases, as OpenLayers tests its renderer: each case drawn at 40 dpi and compared
  // with its committed expected image (UPDATE_SHEET_FIXTURES=1 rewrites them after a deliberate change).
  const cases: Record<string, () => SheetLayout | { layout: SheetLayout; run: SheetRun }> = {
    synthetic_riskGrade_A4_40dpi: () => layout(),
    synthetic_zoning_A4_40dpi: () => layout('zoning'),
    synthetic_riskGrade_A4_portrait_subtitle_40dpi: () => {
      const l = defaultLayout('riskGrade', { areaName: '示例县', sources: Array.from({ length: 12 }, (_, i) => `专题图层${i + 1}`), date: '2026年1月' }, 'A4', 'portrait');
      l.dpi = DPI;
      l.texts.subtitle = '第一次全国自然灾害综合风险普查 县级成果（审定稿）';
      return l;
    },
    // The legend dragged onto the map over the classes (opaque, framed, readable), and a
    // block of cells without data inside the county (grey, with its 无数据 legend row).
    synthetic_riskGrade_A4_legendOnMap_nodata_40dpi: () => {
      const l = layout();
      const run = syntheticRun();
      const f = mapFrame(l, run).box;
      l.elements.legend = { ...l.elements.legend, x: f.x + 4, y: f.y + f.h - l.elements.legend.h - 4 };
      const g = run.grid;
      for (let r = Math.floor(g.height * 0.3); r < g.height * 0.45; r++) for (let c = Math.floor(g.width * 0.55); c < g.width * 0.7; c++) run.grade[r * g.width + c] = 0;
      return { layout: l, run };
    },
  };
  for (const [name, make] of Object.entries(cases)) {
    it(`renders the ${name} case like its expected image (tests/fixtures/sheets)`, async () => {
      const made = make();
      const [l, run] = 'layout' in made ? [made.layout, made.run] : [made, syntheticRun()];
      const png = await renderSheet(l, run, 'png');
      const expectedPath = join(FIXTURES, `${name}.png`);
      if (process.env.UPDATE_SHEET_FIXTURES) writeFileSync(expectedPath, png);
      const diff = compare(await pixels(png), await pixels(readFileSync(expectedPath)));
      expect(diff.mean).toBeLessThan(1.5);
      expect(diff.bad).toBeLessThan(0.005);
    });
  }

  it.skipIf(!hasPoppler)('gives the same sheet as vector PDF (rendered back by pdftoppm) and as PNG', async () => {
    const run = syntheticRun();
    for (const kind of ['riskGrade', 'zoning'] as const) {
      const l = layout(kind);
      l.dpi = 90;
      const dir = mkdtempSync(join(tmpdir(), 'sheet-'));
      writeFileSync(join(dir, 's.pdf'), await renderSheet(l, run, 'pdf'));
      const r = spawnSync('pdftoppm', ['-r', '90', '-png', '-singlefile', join(dir, 's.pdf'), join(dir, 'p')]);
      expect(r.status).toBe(0);
      const fromPdf = await pixels(readFileSync(join(dir, 'p.png')));
      const fromCanvas = await pixels(await renderSheet(l, run, 'png'));
      expect(Math.abs(fromPdf.w - fromCanvas.w)).toBeLessThanOrEqual(1);
      expect(Math.abs(fromPdf.h - fromCanvas.h)).toBeLessThanOrEqual(1);
      // Two rasterisers (poppler/cairo vs Skia) differ in anti-aliasing and pixel snapping along
      // edges and glyphs: compared on 3 × 3 blocks (measured: mean 2.8/255, 0.45 % of blocks off).
      const diff = compare(fromPdf, fromCanvas, 3);
      expect(diff.mean).toBeLessThan(5);
      expect(diff.bad).toBeLessThan(0.01);
      const text = spawnSync('pdftotext', [join(dir, 's.pdf'), '-'], { encoding: 'utf8' }).stdout;
      expect(text).toContain(kind === 'riskGrade' ? '示例县自然灾害综合风险图' : '示例县自然灾害综合防治区划图');
      expect(text).toContain('CGCS2000');
    }
  });

  it('records the dpi in PNG (pHYs) and JPG (JFIF) files', async () => {
    const png = Buffer.from(await renderSheet(layout(), syntheticRun(), 'png'));
    const phys = png.indexOf('pHYs');
    expect(png.readUInt32BE(phys + 4)).toBe(Math.round(DPI / 0.0254));
    const jpg = Buffer.from(await renderSheet(layout(), syntheticRun(), 'jpg'));
    expect(jpg.subarray(6, 11).toString('latin1')).toBe('JFIF\0');
    expect([jpg[13], jpg.readUInt16BE(14), jpg.readUInt16BE(16)]).toEqual([1, DPI, DPI]);
    const img = await loadImage(jpg);
    expect([img.width, img.height]).toEqual([Math.round((297 / 25.4) * DPI), Math.round((210 / 25.4) * DPI)]);
  });

  it('a different sheet is detected: the zoning sheet is far from the risk-grade expected image', async () => {
    const png = await renderSheet(layout('zoning'), syntheticRun(), 'png');
    const diff = compare(await pixels(png), await pixels(readFileSync(join(FIXTURES, 'synthetic_riskGrade_A4_40dpi.png'))));
    expect(diff.bad).toBeGreaterThan(0.01);
  });

  it('refuses a sheet too large to draw, and an atlas page for an unknown township, with E_ARG_INVALID (not a crash)', async () => {
    const big = defaultLayout('riskGrade', {}, 'A0', 'landscape');
    await expect(renderSheet({ ...big, dpi: 1200 }, syntheticRun(), 'png')).rejects.toMatchObject({ code: 'E_ARG_INVALID', message: expect.stringContaining('dpi') });
    await expect(renderSheet({ ...layout(), focusUnit: '999999999' }, syntheticRun(), 'pdf')).rejects.toMatchObject({ code: 'E_ARG_INVALID', message: expect.stringContaining('999999999') });
  });

  it('refuses a 南海诸岛 inset without a layer, and a zoning sheet for a run without zoning, with E_ARG_INVALID', async () => {
    const l = layout();
    l.elements.southChinaSea.visible = true;
    await expect(renderSheet(l, syntheticRun(), 'pdf')).rejects.toMatchObject({ code: 'E_ARG_INVALID', message: expect.stringContaining('南海诸岛') });
    const { zoning: _z, ...noZoning } = syntheticRun();
    await expect(renderSheet(layout('zoning'), noZoning, 'pdf')).rejects.toMatchObject({ code: 'E_ARG_INVALID' });
  });
});
