/**
 * CSV for Excel users: UTF-8 with a byte-order mark (so Excel on a Chinese Windows opens
 * it as UTF-8, not GBK), CRLF line ends, RFC 4180 quoting.
 */

function cell(v: string | number): string {
  const s = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(6).replace(/0+$/, '').replace(/\.$/, '')) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Encode a header and rows as Excel-friendly CSV text (with BOM). */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
