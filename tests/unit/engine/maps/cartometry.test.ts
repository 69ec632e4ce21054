import { describe, expect, it } from 'vitest';
import { formatDegrees, formatScale, graticuleStep, groundToPaperMm, niceScaleDenominator, scaleBar } from '../../../../src-main/engine/maps/cartometry';

describe('map scale arithmetic', () => {
  it('puts 1 km at 10 mm on paper at 1:100 000 and 20 mm at 1:50 000', () => {
    expect(groundToPaperMm(1000, 100_000)).toBe(10);
    expect(groundToPaperMm(1000, 50_000)).toBe(20);
    expect(groundToPaperMm(250, 10_000)).toBe(25);
  });

  it('rounds a fitted scale up to the next round denominator, never down (the map must still fit)', () => {
    expect(niceScaleDenominator(83_412)).toBe(100_000);
    expect(niceScaleDenominator(47_000)).toBe(50_000);
    expect(niceScaleDenominator(50_000)).toBe(50_000);
    expect(niceScaleDenominator(50_001)).toBe(60_000);
    expect(niceScaleDenominator(131_000)).toBe(150_000);
    expect(niceScaleDenominator(9_100)).toBe(10_000);
    for (const raw of [1234, 98_765, 2_345_678]) expect(niceScaleDenominator(raw)).toBeGreaterThanOrEqual(raw);
  });

  it('chooses 4 round segments that fit the width: 1:100 000 in 60 mm → 4 × 1 km of 10 mm', () => {
    expect(scaleBar(100_000, 60)).toEqual({ segmentM: 1000, segments: 4, segmentMm: 10, unit: 'km' });
    // 1:150 000 in 80 mm: 20 mm per segment at most = 3 km; the round step below is 2.5 km = 16.67 mm.
    const b = scaleBar(150_000, 80);
    expect(b.segmentM).toBe(2500);
    expect(b.segmentMm).toBeCloseTo(16.667, 3);
    expect(b.segments * b.segmentMm).toBeLessThanOrEqual(80);
    expect(scaleBar(5_000, 40)).toMatchObject({ segmentM: 50, unit: 'm', segmentMm: 10 });
  });

  it('spaces the graticule to give at least 3 lines', () => {
    expect(graticuleStep(0.45)).toBeCloseTo(1 / 12, 10); // 5′ over a county
    expect(graticuleStep(4)).toBe(1);
    expect(graticuleStep(0.02)).toBeCloseTo(1 / 60, 10);
  });

  it('labels degrees and minutes the way Chinese maps do', () => {
    expect(formatDegrees(110.5, 'lon')).toBe('110°30′E');
    expect(formatDegrees(111, 'lon')).toBe('111°E');
    expect(formatDegrees(36.25, 'lat')).toBe('36°15′N');
    expect(formatDegrees(36 + 5 / 60, 'lat')).toBe('36°05′N');
    expect(formatDegrees(-0.5, 'lat')).toBe('0°30′S');
    expect(formatScale(100_000)).toBe('1:100 000');
    expect(formatScale(5000)).toBe('1:5 000');
  });
});
