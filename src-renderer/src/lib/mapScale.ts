/** Map scale arithmetic for the status bar, and sizes as the panels show them. */

/** Metres per CSS pixel at the usual 96 dpi (1 inch = 0.0254 m). */
export const METRES_PER_PIXEL_96DPI = 0.0254 / 96;

/**
 * The scale denominator N of "1:N" for a view resolution in metres per CSS pixel (the
 * analysis CRS is projected, in metres), rounded to a whole number exactly as the map's
 * scale bar (OpenLayers' ScaleLine at 96 dpi) rounds it, so the two never disagree.
 */
export function scaleDenominator(metresPerPixel: number): number {
  if (!(metresPerPixel > 0) || !Number.isFinite(metresPerPixel)) return NaN;
  return Math.round(metresPerPixel / METRES_PER_PIXEL_96DPI);
}

/**
 * A file size as people read it: bytes below 1 KiB ("312 B", never "0 KiB"), then KiB, MiB
 * and GiB with one decimal below 10 and none above (binary units, as the file manager shows).
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
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
