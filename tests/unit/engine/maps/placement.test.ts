import { describe, expect, it } from 'vitest';
import type { Feature } from 'geojson';
import { defaultLayout, PAPER_MM, SHEET_KINDS, type Paper, type SheetLayout } from '../../../../src-main/engine/maps/layout';
import { composeSheet, mapFrame } from '../../../../src-main/engine/maps/compose';
import { thematicFor, classesByDirection, withNodataClass } from '../../../../src-main/engine/maps/thematic';
import { elementOverlaps, Placement } from '../../../../src-main/engine/maps/placement';
import { textBox, type Prim, type TextPrim } from '../../../../src-main/engine/maps/scene';
import { collisions, offPaper } from '../../../fixtures/sheets/sceneCheck';
import { syntheticRun, ORIGIN_X, ORIGIN_Y, CELL, WIDTH, HEIGHT } from './syntheticRun';

const texts = (prims: Prim[]): TextPrim[] => prims.filter((p): p is TextPrim => p.t === 'text');

function sheet(kind: 'riskGrade' | 'zoning', paper: Paper = 'A4', orientation: 'portrait' | 'landscape' = 'landscape'): SheetLayout {
  const l = defaultLayout(kind, { areaName: '示例县', sources: ['县界', '乡镇', '河流'], date: '2026年1月' }, paper, orientation);
  l.dpi = 30;
  return l;
}

/** Seats crowded around the county centre, more than there is room for: some names must give way. */
function crowdedSeats(n: number): Feature[] {
  const cx = ORIGIN_X + (WIDTH * CELL) / 2;
  const cy = ORIGIN_Y - (HEIGHT * CELL) / 2;
  return Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    properties: { XZQDM: `14103010${i}`, MC: `第${i + 1}号乡人民政府驻地` },
    geometry: { type: 'Point', coordinates: [cx + 600 * Math.cos(i), cy + 600 * Math.sin(i * 1.7)] },
  }));
}

describe('sheet placement', () => {
  it('places texts that never overlap each other, a seat or the north arrow, on every paper and orientation of the series', async () => {
    const run = syntheticRun();
    for (const kind of ['riskGrade', 'zoning'] as const) {
      for (const paper of Object.keys(PAPER_MM) as Paper[]) {
        for (const orientation of ['portrait', 'landscape'] as const) {
          const l = sheet(kind, paper, orientation);
          const scene = composeSheet(l, run, await thematicFor(l, run));
          expect(collisions(scene), `${kind} ${paper} ${orientation}`).toEqual([]);
          expect(offPaper(scene), `${kind} ${paper} ${orientation}`).toEqual([]);
          expect(scene.placement.overflow, `${kind} ${paper} ${orientation}`).toEqual([]);
          expect(elementOverlaps(l.elements), `${kind} ${paper} ${orientation}`).toEqual([]);
        }
      }
    }
  });

  it('drops and counts the seat names that find no free place among crowded seats, and draws none over another', async () => {
    const run = { ...syntheticRun(), seats: { type: 'FeatureCollection' as const, features: crowdedSeats(14) } };
    const l = sheet('riskGrade');
    const scene = composeSheet(l, run, await thematicFor(l, run));
    expect(collisions(scene)).toEqual([]);
    expect(scene.placement.dropped.seat).toBeGreaterThan(0);
    expect((scene.placement.placed.seat ?? 0) + scene.placement.dropped.seat!).toBe(14);
    const drawn = texts(scene.prims).filter((t) => t.text.endsWith('号乡人民政府驻地'));
    expect(drawn).toHaveLength(scene.placement.placed.seat!);
  });

  it('keeps the names of the map body and the graticule labels off a legend dragged onto the map', async () => {
    const run = syntheticRun();
    const l = sheet('riskGrade');
    const frame = mapFrame(l, run);
    // The legend over the middle of the county, where both township names would go.
    l.elements.legend = { ...l.elements.legend, x: frame.box.x + frame.box.w * 0.25, y: frame.box.y + frame.box.h * 0.25, w: frame.box.w * 0.5, h: frame.box.h * 0.5 };
    const scene = composeSheet(l, run, await thematicFor(l, run));
    expect(collisions(scene)).toEqual([]);
    const lg = l.elements.legend;
    for (const t of texts(scene.prims).filter((x) => x.text === '东镇' || x.text === '西乡')) {
      const b = textBox(t);
      expect(b.x + b.w <= lg.x || b.x >= lg.x + lg.w || b.y + b.h <= lg.y || b.y >= lg.y + lg.h, t.text).toBe(true);
    }
    // The legend is opaque: its first primitive is a white filled, framed box.
    const box = scene.prims.find((p) => p.t === 'path' && p.fill === '#FFFFFF' && p.stroke && Math.abs(p.rings[0]![0]![0] - lg.x) < 1e-9 && Math.abs(p.rings[0]![0]![1] - lg.y) < 1e-9);
    expect(box).toBeDefined();
  });

  it('wraps long credits over as many lines as they need, every word of the sources printed and none cut with …', async () => {
    const run = syntheticRun();
    const l = sheet('riskGrade');
    const sources = Array.from({ length: 40 }, (_, i) => `第${i + 1}号专题调查图层`);
    l.texts.sources = sources.join('、');
    const scene = composeSheet(l, run, await thematicFor(l, run));
    const c = l.elements.credits;
    const lines = texts(scene.prims).filter((t) => t.x >= c.x && t.x <= c.x + c.w && t.y >= c.y && t.y <= c.y + c.h);
    const all = lines.map((t) => t.text).join('');
    for (const s of sources) expect(all).toContain(s);
    expect(all).not.toContain('…');
    for (const t of lines) expect(textBox(t).y + textBox(t).h).toBeLessThanOrEqual(c.y + c.h + 1e-6);
    expect(collisions(scene)).toEqual([]);
  });

  it('reports a text that cannot fit its box even at the smallest size as an overflow', async () => {
    const run = syntheticRun();
    const l = sheet('riskGrade');
    l.elements.credits = { ...l.elements.credits, h: 4 };
    l.texts.sources = '很长的数据来源'.repeat(40);
    const scene = composeSheet(l, run, await thematicFor(l, run));
    expect(scene.placement.overflow).toContain('credits');
  });

  it('fits title and subtitle inside the title box, clear of the graticule labels above the frame', async () => {
    const run = syntheticRun();
    const l = sheet('riskGrade');
    l.texts.subtitle = '（第一次全国自然灾害综合风险普查成果，县级审定稿，含乡镇统计）';
    const scene = composeSheet(l, run, await thematicFor(l, run));
    const t = l.elements.title;
    for (const p of texts(scene.prims).filter((x) => x.text === l.texts.title || x.text === l.texts.subtitle)) {
      const b = textBox(p);
      expect(b.y).toBeGreaterThanOrEqual(t.y - 1e-6);
      expect(b.y + b.h).toBeLessThanOrEqual(t.y + t.h + 1e-6);
      expect(b.w).toBeLessThanOrEqual(t.w + 1e-6);
    }
    expect(collisions(scene)).toEqual([]);
  });

  it('takes the first free candidate and counts a label with none as dropped', () => {
    const p = new Placement();
    p.occupy({ x: 0, y: 0, w: 10, h: 10 }, 'legend');
    const at = (x: number): TextPrim => ({ t: 'text', x, y: 5, text: '城关镇', size: 10, color: '#000', align: 'left' });
    const within = { x: 0, y: 0, w: 100, h: 20 };
    expect(p.placeText('township', [at(2), at(20)], within)?.x).toBe(20);
    expect(p.placeText('township', [at(21), at(5)], within)).toBeNull();
    expect(p.report()).toEqual({ placed: { township: 1 }, dropped: { township: 1 }, overflow: [] });
  });

  it('names the elements whose boxes overlap, leaving out the map frame', () => {
    const l = defaultLayout('riskGrade');
    expect(elementOverlaps(l.elements)).toEqual([]);
    l.elements.credits = { ...l.elements.scaleBar };
    expect(elementOverlaps(l.elements)).toEqual([['scaleBar', 'credits']]);
  });
});

describe('thematic classes', () => {
  it('makes the lowest values class 高 for a negative (cost-direction) indicator, the highest for a positive one', () => {
    const values = Float64Array.from([1, 5, 9, NaN]);
    const breaks = [0, 2, 4, 6, 8, 10];
    const colours = ['#1', '#2', '#3', '#4', '#5'];
    const neg = classesByDirection(values, breaks, 'negative', colours, 'm');
    expect(Array.from(neg.cells)).toEqual([1, 3, 5, 0]);
    expect(neg.classes.map((c) => `${c.name} ${c.range}`)).toEqual(['高 0–2 m', '较高 2–4 m', '中 4–6 m', '较低 6–8 m', '低 8–10 m']);
    const pos = classesByDirection(values, breaks, 'positive', colours);
    expect(Array.from(pos.cells)).toEqual([5, 3, 1, 0]);
    expect(pos.classes[0]).toMatchObject({ name: '高', range: '8–10' });
  });

  it('adds a 无数据 legend row and class for cells without data inside the study area, and none when there are none', async () => {
    const run = syntheticRun();
    const th = await thematicFor(sheet('riskGrade'), run);
    expect(th.classes.map((c) => c.name)).not.toContain('无数据');
    // A hole of nodata cells in the middle of the county.
    const grade = Uint8Array.from(run.grade);
    const mid = Math.floor(HEIGHT / 2) * WIDTH + Math.floor(WIDTH / 2);
    for (const d of [0, 1, 2, WIDTH, WIDTH + 1]) grade[mid + d] = 0;
    const holed = withNodataClass({ ...th, cells: grade }, run);
    expect(holed.classes.at(-1)!.name).toBe('无数据');
    expect(holed.cells[mid]).toBe(holed.classes.length);
    // Cells outside the county stay paper (class 0).
    expect(holed.cells[0]).toBe(0);
  });
});

describe('default layouts', () => {
  it('keep every kind of sheet free of overlapping element boxes', () => {
    for (const kind of SHEET_KINDS) {
      for (const paper of Object.keys(PAPER_MM) as Paper[]) {
        for (const orientation of ['portrait', 'landscape'] as const) expect(elementOverlaps(defaultLayout(kind, {}, paper, orientation).elements)).toEqual([]);
      }
    }
  });
});
