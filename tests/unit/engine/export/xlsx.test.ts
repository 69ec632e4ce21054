import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { columnName, encodeXlsx } from '../../../../src-main/engine/export/xlsx';

const hasOgr = existsSync('/usr/bin/ogrinfo');

/** Cells of a worksheet part as ref → text (inline strings) or number text. */
function cells(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"[^>]*>(?:<v>([^<]*)<\/v>|<is><t[^>]*>([^<]*)<\/t><\/is>)<\/c>/g)) out[m[1]!] = m[2] ?? m[3]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return out;
}

describe('XLSX writer', () => {
  it('names columns A…Z, AA…', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  const book = encodeXlsx([
    { name: '按等级', header: ['风险等级', '等级名称', '面积(km²)'], rows: [[1, '高', 12.5], [2, '较高', 0.25]] },
    { name: '按乡镇', header: ['单元代码', '单元名称'], rows: [['141030100', '城关镇 <A&B>'], ['141030200', null]] },
  ]);

  it('holds the parts Excel needs and the cells written, with Chinese text intact', () => {
    const zip = unzipSync(book);
    expect(Object.keys(zip).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']);
    expect(strFromU8(zip['xl/workbook.xml']!)).toContain('name="按等级"');
    const s1 = cells(strFromU8(zip['xl/worksheets/sheet1.xml']!));
    expect(s1).toMatchObject({ A1: '风险等级', C1: '面积(km²)', A2: '1', B2: '高', C2: '12.5', B3: '较高', C3: '0.25' });
    const s2 = cells(strFromU8(zip['xl/worksheets/sheet2.xml']!));
    // Codes stay text (leading digits are not turned into numbers); empty cells are omitted.
    expect(s2).toMatchObject({ A2: '141030100', B2: '城关镇 <A&B>' });
    expect(s2.B3).toBeUndefined();
  });

  it('gives the same bytes for the same tables', () => {
    expect(Buffer.from(encodeXlsx([{ name: 'a', header: ['x'], rows: [[1]] }])).equals(Buffer.from(encodeXlsx([{ name: 'a', header: ['x'], rows: [[1]] }])))).toBe(true);
  });

  it('refuses bad and duplicate sheet names with a code', () => {
    expect(() => encodeXlsx([])).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
    expect(() => encodeXlsx([{ name: 'a/b', header: [], rows: [] }])).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
    expect(() => encodeXlsx([{ name: 'A', header: [], rows: [] }, { name: 'a', header: [], rows: [] }])).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
  });

  it.skipIf(!hasOgr)('GDAL (XLSX driver) reads both sheets with their fields and values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));
    const path = join(dir, 'stats.xlsx');
    writeFileSync(path, book);
    const r = spawnSync('ogrinfo', ['-al', '-q', '--config', 'OGR_XLSX_HEADERS', 'FORCE', path], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Layer name: 按等级');
    expect(r.stdout).toMatch(/等级名称 \(String\) = 高/);
    expect(r.stdout).toMatch(/面积\(km²\) \(Real\) = 12\.5/);
    expect(r.stdout).toMatch(/单元名称 \(String\) = 城关镇 <A&B>/);
  });
});
