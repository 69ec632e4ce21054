/**
 * Map scale, bar scale and graticule arithmetic for sheets. Pure functions: paper lengths
 * in mm, ground lengths in metres (the map body is drawn in a projected CRS in metres),
 * angles in decimal degrees of CGCS2000 longitude/latitude.
 */

/** Round scale denominators a fitted sheet snaps to (× powers of ten), e.g. 1:50 000, 1:100 000. */
const NICE_SCALES = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8];

/**
 * The smallest round scale denominator ≥ `raw` (so the fitted map still fits the frame):
 * 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8 × 10ⁿ. E.g. 83 412 → 100 000, 47 000 → 50 000.
 */
export function niceScaleDenominator(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [...NICE_SCALES, 10]) {
    const d = Math.round(m * p);
    if (d >= raw - 1e-9) return d;
  }
  return 10 * p;
}

/** Paper length in mm of `metres` on the ground at 1:`denominator` (1 km at 1:100 000 → 10 mm). */
export function groundToPaperMm(metres: number, denominator: number): number {
  return (metres * 1000) / denominator;
}

export interface ScaleBar {
  /** Ground length of one segment, metres. */
  segmentM: number;
  /** Number of segments. */
  segments: number;
  /** Paper length of one segment, mm. */
  segmentMm: number;
  /** Label unit: 'km' for segments ≥ 1 km, else 'm'. */
  unit: 'km' | 'm';
}

const NICE_STEPS = [1, 2, 2.5, 5];

/**
 * A bar scale at 1:`denominator` no longer than `maxMm`: the largest round segment (1, 2,
 * 2.5, 5 × 10ⁿ m) giving 4 segments within the width (fewer segments when even the smallest
 * round segment is too long). E.g. 1:100 000 in 60 mm → 4 × 1 km of 10 mm.
 */
export function scaleBar(denominator: number, maxMm: number, segments = 4): ScaleBar {
  const maxSegM = ((maxMm / segments) * denominator) / 1000;
  let best = 0;
  for (let e = -1; e <= 7; e++) {
    for (const s of NICE_STEPS) {
      const m = s * 10 ** e;
      if (m <= maxSegM + 1e-9 && m > best) best = m;
    }
  }
  if (best === 0) best = 0.1;
  return { segmentM: best, segments, segmentMm: groundToPaperMm(best, denominator), unit: best >= 1000 ? 'km' : 'm' };
}

/** Graticule spacings, degrees: 1′, 2′, 5′, 10′, 15′, 20′, 30′, 1°, 2°, 5°, 10°. */
const GRATICULE_STEPS = [1 / 60, 2 / 60, 5 / 60, 10 / 60, 15 / 60, 20 / 60, 0.5, 1, 2, 5, 10];

/** The graticule spacing giving at least `minLines` lines over `spanDeg` degrees (3 by default). */
export function graticuleStep(spanDeg: number, minLines = 3): number {
  for (let i = GRATICULE_STEPS.length - 1; i >= 0; i--) {
    if (spanDeg / GRATICULE_STEPS[i]! >= minLines) return GRATICULE_STEPS[i]!;
  }
  return GRATICULE_STEPS[0]!;
}

/**
 * A longitude or latitude as degrees and minutes, the way Chinese maps label graticules:
 * 110°30′E, 36°15′N (seconds are rounded to the minute; graticule values are whole minutes).
 */
export function formatDegrees(value: number, axis: 'lon' | 'lat'): string {
  const hemi = axis === 'lon' ? (value < 0 ? 'W' : 'E') : value < 0 ? 'S' : 'N';
  let total = Math.round(Math.abs(value) * 60);
  const deg = Math.floor(total / 60);
  total -= deg * 60;
  return total === 0 ? `${deg}°${hemi}` : `${deg}°${String(total).padStart(2, '0')}′${hemi}`;
}

/** A scale written the Chinese way with thin-space thousands groups: 1:100 000. */
export function formatScale(denominator: number): string {
  return `1:${String(Math.round(denominator)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}`;
}
