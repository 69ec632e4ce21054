import { describe, expect, it } from 'vitest';
import { formatArea, formatBytes, formatLength, formatScale, scaleDenominator } from '../../../src-renderer/src/lib/mapScale';

describe('map scale', () => {
  it('turns metres per pixel into 1:N at 96 dpi', () => {
    // 1 px = 0.0254/96 m = 0.264583 mm; at 13.2291667 m/px the scale is 1:50,000.
    expect(scaleDenominator(50_000 * (0.0254 / 96))).toBe(50_000);
    // Whole numbers as OpenLayers' scale bar prints them (Math.round), not 3 significant figures:
    // the status bar once said 1:183,000 beside a scale bar saying 1:183,300.
    expect(scaleDenominator(1)).toBe(3780); // 1 / 0.000264583 = 3779.53
    expect(scaleDenominator(100)).toBe(377_953);
    expect(scaleDenominator(183_300 * (0.0254 / 96))).toBe(183_300);
    expect(scaleDenominator(0)).toBeNaN();
    expect(scaleDenominator(NaN)).toBeNaN();
  });
  it('gives sizes below 1 KiB in bytes, never "0 KiB"', () => {
    expect(formatBytes(312)).toBe('312 B');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(150 * 1024)).toBe('150 KiB');
    expect(formatBytes(25.3 * 1024 * 1024)).toBe('25 MiB');
    expect(formatBytes(3.2 * 1024 ** 3)).toBe('3.2 GiB');
  });
  it('formats scales, lengths and areas', () => {
    expect(formatScale(50_000)).toBe('1:50,000');
    expect(formatScale(NaN)).toBe('—');
    expect(formatLength(532.14)).toBe('532.1 m');
    expect(formatLength(12_345)).toBe('12.35 km');
    expect(formatArea(950)).toBe('950.0 m²');
    expect(formatArea(25_000)).toBe('2.50 ha');
    expect(formatArea(3_250_000)).toBe('3.250 km²');
  });
});
