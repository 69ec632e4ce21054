import { describe, expect, it } from 'vitest';
import { defaultLayout, paperSize, parseLayout, PAPER_MM, SHEET_KINDS, type Paper } from '../../../../src-main/engine/maps/layout';
import { textWidthMm, wrapText } from '../../../../src-main/engine/maps/scene';

describe('layout document', () => {
  it('gives a valid default layout for every kind, paper and orientation, every element on the paper', () => {
    for (const kind of SHEET_KINDS) {
      for (const paper of Object.keys(PAPER_MM) as Paper[]) {
        for (const orientation of ['portrait', 'landscape'] as const) {
          const l = parseLayout(JSON.parse(JSON.stringify(defaultLayout(kind, { areaName: '黄河示范县' }, paper, orientation))));
          const [w, h] = paperSize(l);
          for (const b of Object.values(l.elements)) {
            expect(b.x).toBeGreaterThanOrEqual(0);
            expect(b.x + b.w).toBeLessThanOrEqual(w + 1e-9);
            expect(b.y + b.h).toBeLessThanOrEqual(h + 1e-9);
          }
          // The map frame does not overlap the legend.
          const m = l.elements.map;
          const g = l.elements.legend;
          expect(m.x + m.w <= g.x || g.x + g.w <= m.x || m.y + m.h <= g.y || g.y + g.h <= m.y).toBe(true);
        }
      }
    }
  });

  it('titles the series and carries the CGCS2000 note', () => {
    expect(defaultLayout('riskGrade', { areaName: '黄河示范县' }).texts.title).toBe('黄河示范县自然灾害综合风险图');
    expect(defaultLayout('zoning', { areaName: '黄河示范县' }).texts.title).toBe('黄河示范县自然灾害综合防治区划图');
    expect(defaultLayout('hazard', { areaName: 'X县', layerName: '滑坡易发性' }).texts.title).toBe('X县滑坡易发性危险性分布图');
    expect(defaultLayout('riskGrade').texts.crsNote).toContain('CGCS2000');
    expect(paperSize({ paper: 'A3', orientation: 'landscape' })).toEqual([420, 297]);
  });

  it('refuses a wrong document with E_ARG_INVALID naming the field', () => {
    const l = defaultLayout('riskGrade');
    expect(() => parseLayout({ ...l, version: 2 })).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID', message: expect.stringContaining('version') }));
    expect(() => parseLayout({ ...l, paper: 'B5' })).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID', message: expect.stringContaining('paper') }));
    expect(() => parseLayout({ ...l, scale: { mode: 'fixed', denominator: -5 } })).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
    const off = { ...l, elements: { ...l.elements, legend: { ...l.elements.legend, x: 400 } } };
    expect(() => parseLayout(off)).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID', message: expect.stringContaining('elements.legend') }));
  });
});

describe('text measure and wrap (bundled font metrics)', () => {
  it('measures a CJK character as one em and wraps within the width without breaking Latin words or leading punctuation', () => {
    // Noto Sans SC: every hanzi advances 1000/1000 em; 10 pt = 3.528 mm.
    expect(textWidthMm('黄河', 10)).toBeCloseTo(2 * 10 * (25.4 / 72), 6);
    const lines = wrapText('数据来源：县界、乡镇、数字高程模型、CGCS2000 坐标', 10, 30);
    for (const line of lines) expect(textWidthMm(line, 10)).toBeLessThanOrEqual(30 + 1e-6);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('').replace(/\s/g, '')).toBe('数据来源：县界、乡镇、数字高程模型、CGCS2000坐标');
    expect(lines.some((l) => l.startsWith('、'))).toBe(false);
    expect(lines.some((l) => l.includes('CGCS2000'))).toBe(true);
  });
});
