/** Sorting, filtering and locating attribute-table rows. */

/**
 * Order two cells: numbers numerically, text by the Chinese collation (pinyin), empty cells
 * last whatever the direction asks for the rest.
 */
export function compareCells(a: unknown, b: unknown): number {
  const ea = a === null || a === undefined || a === '';
  const eb = b === null || b === undefined || b === '';
  if (ea || eb) return ea === eb ? 0 : ea ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'zh-CN', { numeric: true });
}

/** True when any field's text contains `filter` (case-insensitive). */
export function rowMatches(props: Record<string, unknown>, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  if (!f) return true;
  return Object.values(props).some((v) => v !== null && v !== undefined && String(v).toLowerCase().includes(f));
}
