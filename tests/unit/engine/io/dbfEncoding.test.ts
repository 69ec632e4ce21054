/** The text encoding of a DBF, decided by evidence: statement, .cpg, language-driver byte, then the bytes. */
import { describe, expect, it } from 'vitest';
import { codecFor, decideEncoding, encodingByContent, encodingFromCpg, LDID_CODE_PAGES } from '../../../../src-main/engine/io/dbfEncoding';
import { hasReference, py } from '../../../fixtures/referenceTools';

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
/** "São Benedito" in Windows-1252, the bytes that GBK reads as "S鉶 Benedito". */
const SAO = latin1('São Benedito');
/** 城关镇 in GBK. */
const CHENGGUAN = Uint8Array.from([0xb3, 0xc7, 0xb9, 0xd8, 0xd5, 0xf2]);

describe('DBF encoding by evidence', () => {
  it('reads .cpg files as GDAL does: code page numbers, 8859 parts, UTF-8, ANSI 1251, and labels', () => {
    expect(encodingFromCpg('936')?.label).toBe('gbk');
    expect(encodingFromCpg('GBK')?.label).toBe('gbk');
    expect(encodingFromCpg('UTF-8\r\n')?.label).toBe('utf-8');
    expect(encodingFromCpg('1252')?.label).toBe('windows-1252');
    expect(encodingFromCpg('88591')?.label).toBe('windows-1252');
    expect(encodingFromCpg('8859-5')?.label).toBe('iso-8859-5');
    expect(encodingFromCpg('ANSI 1251')?.label).toBe('windows-1251');
    expect(encodingFromCpg('437')?.label).toBe('cp437');
    expect(encodingFromCpg('Big5')?.label).toBe('big5');
    expect(encodingFromCpg('nonsense')).toBeNull();
  });

  it("maps the language-driver byte with GDAL's table: 0x4D and 0x7A GBK, 0x57 and 0x03 Windows-1252, 0x01 CP437, 0x00 nothing", () => {
    const label = (ldid: number): string | undefined => decideEncoding({ ldid, samples: [] }).codec.label;
    expect(decideEncoding({ ldid: 0x4d, samples: [] })).toMatchObject({ codec: { label: 'gbk' }, evidence: 'ldid' });
    expect(label(0x7a)).toBe('gbk');
    expect(label(0x57)).toBe('windows-1252');
    expect(label(0x03)).toBe('windows-1252');
    expect(label(0x01)).toBe('cp437');
    expect(label(0x02)).toBe('cp850');
    expect(LDID_CODE_PAGES[0]).toBeUndefined();
    expect(decideEncoding({ ldid: 0x57, samples: [SAO] }).codec.decode(SAO)).toBe('São Benedito');
  });

  it('puts the .cpg before the language-driver byte, and the statement before both', () => {
    expect(decideEncoding({ cpg: 'UTF-8', ldid: 0x4d, samples: [] })).toMatchObject({ codec: { label: 'utf-8' }, evidence: 'cpg' });
    expect(decideEncoding({ stated: 'gbk', cpg: 'UTF-8', ldid: 0x57, samples: [] })).toMatchObject({ codec: { label: 'gbk' }, evidence: 'stated' });
    expect(() => decideEncoding({ stated: 'klingon', ldid: 0, samples: [] })).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
  });

  it('reads the bytes only when there is neither: UTF-8, GB2312 pairs as GBK, Latin accents undecided', () => {
    expect(encodingByContent([utf8('城关镇'), utf8('abc')])).toBe('utf-8');
    expect(encodingByContent([CHENGGUAN])).toBe('gbk');
    expect(encodingByContent([SAO])).toBeUndefined();
    expect(decideEncoding({ ldid: 0, samples: [CHENGGUAN] })).toMatchObject({ codec: { label: 'gbk' }, evidence: 'content' });
    const undecided = decideEncoding({ ldid: 0, samples: [SAO] });
    expect(undecided).toMatchObject({ codec: { label: 'windows-1252' }, evidence: 'undecided' });
    expect(undecided.note).toMatch(/neither UTF-8 nor GBK/);
  });

  it('keeps GBK text whose last character a writer cut in half', () => {
    expect(encodingByContent([Uint8Array.from([...CHENGGUAN, 0xb6])])).toBe('gbk');
  });

  it('falls to the bytes, saying why, when the .cpg names an encoding RiskAtlas cannot decode', () => {
    const d = decideEncoding({ cpg: 'IBM-1047', ldid: 0, samples: [utf8('abc')] });
    expect(d).toMatchObject({ evidence: 'content' });
    expect(d.note).toMatch(/IBM-1047/);
  });

  it.skipIf(!hasReference('osgeo'))("decodes the DOS code pages 437 and 850 as Python's codecs do", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const cp of ['cp437', 'cp850']) {
      expect(codecFor(cp)!.decode(all), cp).toBe(JSON.parse(py(`import json; print(json.dumps(bytes(range(256)).decode('${cp}')))`)));
    }
  });
});
