/** Map scale arithmetic for the status bar. */

/** Metres per CSS pixel at the usual 96 dpi (1 inch = 0.0254 m). */
export const METRES_PER_PIXEL_96DPI = 0.0254 / 96;

/**
 * The scale denominator N of "1:N" for a view resolution in metres per CSS pixel (the
 * analysis CRS is projected, in metres). Rounded to 3 significant figures as maps print it.
 */
export function scaleDenominator(metresPerPixel: number): number {
  if (!(metresPerPixel > 0) || !Number.isFinite(metresPerPixel)) return NaN;
  const n = metresPerPixel / METRES_PER_PIXEL_96DPI;
  const p = Math.pow(10, Math.max(0, Math.floor(Math.log10(n)) - 2));
  return Math.round(n / p) * p;
}

/** "1:50,000" style text of a scale denominator. */
export function formatScale(n: number): string {
  return Number.isFinite(n) ? `1:${Math.round(n).toLocaleString('en-US')}` : '—';
}

/** A length in metres as m or km with sensible precision. */
export function formatLength(m: number): string {
  return m >= 1000 ? `${(m / 1000).toFixed(m >= 100_000 ? 0 : 2)} km` : `${m.toFixed(1)} m`;
}

/** An area in m² as m², hectares or km². */
export function formatArea(m2: number): string {
  if (m2 >= 1e6) return `${(m2 / 1e6).toFixed(3)} km²`;
  if (m2 >= 1e4) return `${(m2 / 1e4).toFixed(2)} ha`;
  return `${m2.toFixed(1)} m²`;
}
