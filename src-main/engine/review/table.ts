/**
 * A delivered table as rows a reviewer can read in the app: CSV (UTF-8 with or without BOM, or
 * GBK; RFC 4180 quoting — the CSV-points reader's parser) and XLSX (its worksheets, inline or shared strings and numbers). A package
 * is untrusted input: the rows and columns shown are bounded and the XML is read with plain
 * patterns, no entity expansion.
 */
import { strFromU8, unzipSync } from 'fflate';
import { RiskAtlasError } from '../../../src-shared/errors';
import { columnName } from '../export/xlsx';
import { decodeText, parseCsv } from '../io/csvPoints';
import type { ReviewTable } from './reviewTable';

export type { ReviewTable };

/** Rows shown per sheet at most, and columns per row. */
export const MAX_TABLE_ROWS = 2_000;
export const MAX_TABLE_COLUMNS = 100;

const unescapeXml = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');

/** The text of every <t> inside an XML fragment (a shared string or an inline string). */
const texts = (xml: string): string => unescapeXml([...xml.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((m) => m[1]).join(''));

/** Column index (0-based) of a cell reference such as "AB12". */
function columnOf(ref: string): number {
  let n = 0;
  for (const ch of /^[A-Z]+/.exec(ref)?.[0] ?? 'A') n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

/** XLSX bytes → its worksheets as rows. E_FILE_READ when the file is no XLSX. */
export function parseXlsx(bytes: Uint8Array): ReviewTable {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/sharedStrings.xml' || f.name === 'xl/_rels/workbook.xml.rels' || /^xl\/worksheets\/[^/]+\.xml$/.test(f.name) });
  } catch (err) {
    throw new RiskAtlasError('E_FILE_READ', `not an XLSX workbook: ${(err as Error).message}`);
  }
  const workbook = files['xl/workbook.xml'];
  if (!workbook) throw new RiskAtlasError('E_FILE_READ', 'not an XLSX workbook: xl/workbook.xml is missing');
  const shared = files['xl/sharedStrings.xml'] ? [...strFromU8(files['xl/sharedStrings.xml']).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]!)) : [];
  const rels = files['xl/_rels/workbook.xml.rels'] ? strFromU8(files['xl/_rels/workbook.xml.rels']) : '';
  const target = (rid: string): string | undefined => new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)?.slice(1).find(Boolean);
  const sheets: ReviewTable['sheets'] = [];
  [...strFromU8(workbook).matchAll(/<sheet\b[^>]*\/>/g)].forEach((m, i) => {
    const name = unescapeXml(/name="([^"]*)"/.exec(m[0])?.[1] ?? `Sheet${i + 1}`);
    const rid = /r:id="([^"]*)"/.exec(m[0])?.[1];
    const t = rid ? target(rid) : undefined;
    const path = t ? (t.startsWith('/') ? t.slice(1) : `xl/${t}`) : `xl/worksheets/sheet${i + 1}.xml`;
    const xml = files[path];
    if (!xml) return;
    const rows: string[][] = [];
    let truncated = false;
    for (const r of strFromU8(xml).matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)) {
      if (rows.length >= MAX_TABLE_ROWS) {
        truncated = true;
        break;
      }
      const row: string[] = [];
      for (const c of r[1]!.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const col = columnOf(/r="([A-Z]+)/.exec(c[1]!)?.[1] ?? columnName(row.length));
        if (col >= MAX_TABLE_COLUMNS) continue;
        const type = /t="([^"]*)"/.exec(c[1]!)?.[1];
        const body = c[2] ?? '';
        const v = /<v>([^<]*)<\/v>/.exec(body)?.[1];
        const value = type === 'inlineStr' ? texts(body) : type === 's' ? (shared[Number(v)] ?? '') : unescapeXml(v ?? '');
        while (row.length < col) row.push('');
        row[col] = value;
      }
      rows.push(row);
    }
    sheets.push({ name, rows, truncated });
  });
  return { sheets };
}

/** A table item's rows by its file name: `.csv` or `.xlsx`; E_ARG_INVALID for other files. */
export function readReviewTable(file: string, bytes: Uint8Array): ReviewTable {
  if (/\.csv$/i.test(file)) {
    const rows = parseCsv(decodeText(bytes).text, ',');
    return { sheets: [{ name: file.split('/').pop()!, rows: rows.slice(0, MAX_TABLE_ROWS).map((r) => r.slice(0, MAX_TABLE_COLUMNS)), truncated: rows.length > MAX_TABLE_ROWS }] };
  }
  if (/\.xlsx$/i.test(file)) return parseXlsx(bytes);
  throw new RiskAtlasError('E_ARG_INVALID', 'not a table (CSV or XLSX)', { file });
}
