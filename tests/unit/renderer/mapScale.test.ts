import { describe, expect, it } from 'vitest';
import { formatArea, formatLength, formatScale, scaleDenominator } from '../../../src-renderer/src/lib/mapScale';

describe('map scale', () => {
  it('turns metres per pixel into 1:N at 96 dpi', () => {
    // 1 px = 0.0254/96 m = 0.264583 mm; at 13.2291667 m/px the scale is 1:50,000.
    expect(scaleDenominator(50_000 * (0.0254 / 96))).toBe(50_000);
    expect(scaleDenominator(1)).toBe(3780); // 1 / 0.000264583 = 3779.5 → 3 significant figures
    expect(scaleDenominator(100)).toBe(378_000);
    expect(scaleDenominator(0)).toBeNaN();
    expect(scaleDenominator(NaN)).toBeNaN();
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
