/**
 * A minimal XLSX (Office Open XML SpreadsheetML) writer for the statistics tables, zipped
 * with fflate (already a dependency) instead of a spreadsheet library: the tables are plain
 * rows of text and numbers, which need five small XML parts and no shared-string table
 * (text is written as inline strings). Excel, WPS and LibreOffice open it; the header row is
 * bold and frozen. Deterministic: fixed zip timestamps, so the same table gives the same bytes.
 */
import { zipSync, strToU8 } from 'fflate';
import { RiskAtlasError } from '../../../src-shared/errors';

/** One worksheet: a header row and data rows (strings and finite numbers). */
export interface XlsxSheet {
  /** Sheet tab name: 1–31 characters, none of \ / ? * [ ] : */
  name: string;
  header: string[];
  rows: (string | number | null)[][];
}

const FIXED_MTIME = new Date('2026-01-01T00:00:00Z');

/** XML text escape (also drops characters XML 1.0 forbids). */
function esc(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Column letters of a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function cell(ref: string, v: string | number | null, style: number): string {
  const s = style ? ` s="${style}"` : '';
  if (v === null || v === '') return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return `<c r="${ref}" t="inlineStr"${s}><is><t>${String(v)}</t></is></c>`;
    return `<c r="${ref}"${s}><v>${String(v)}</v></c>`;
  }
  return `<c r="${ref}" t="inlineStr"${s}><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
}

function sheetXml(sh: XlsxSheet): string {
  const rows = [sh.header, ...sh.rows];
  const width = Math.max(1, ...rows.map((r) => r.length));
  const cols = Array.from({ length: width }, (_, c) => {
    const chars = Math.max(...rows.map((r) => String(r[c] ?? '').replace(/[^\x00-\xff]/g, 'xx').length));
    return `<col min="${c + 1}" max="${c + 1}" width="${Math.min(60, Math.max(8, chars + 2))}" customWidth="1"/>`;
  }).join('');
  const body = rows
    .map((r, i) => `<row r="${i + 1}">${r.map((v, c) => cell(`${columnName(c)}${i + 1}`, v, i === 0 ? 1 : 0)).join('')}</row>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<cols>${cols}</cols><sheetData>${body}</sheetData></worksheet>`
  );
}

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '</styleSheet>';

/**
 * Encode sheets as an .xlsx file. Errors (E_ARG_INVALID): no sheet, a bad or duplicate
 * sheet name.
 */
export function encodeXlsx(sheets: XlsxSheet[]): Uint8Array {
  if (!sheets.length) throw new RiskAtlasError('E_ARG_INVALID', 'an XLSX workbook needs at least one sheet');
  const seen = new Set<string>();
  for (const s of sheets) {
    if (!s.name || s.name.length > 31 || /[\\/?*[\]:]/.test(s.name)) throw new RiskAtlasError('E_ARG_INVALID', `bad sheet name "${s.name}" (1–31 characters, none of \\ / ? * [ ] :)`);
    if (seen.has(s.name.toLowerCase())) throw new RiskAtlasError('E_ARG_INVALID', `duplicate sheet name "${s.name}"`);
    seen.add(s.name.toLowerCase());
  }
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '</Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
        sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
        '</Relationships>',
    ),
    'xl/styles.xml': strToU8(STYLES),
  };
  sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s))));
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { mtime: FIXED_MTIME }]])) as never, { level: 6 });
}
