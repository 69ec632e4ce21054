/**
 * The text encoding of a DBF attribute table, decided by evidence in this order: the user's
 * statement; the `.cpg` file; the language-driver byte of the DBF header (LDID, byte 29, read
 * with GDAL's table); only when neither exists, the bytes themselves — valid UTF-8 is UTF-8,
 * text made of GB2312 character pairs is GBK, and anything else is left undecided (shown as
 * Windows-1252, refused by a run until the user states the encoding) rather than guessed.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import type { EncodingEvidence } from '../../../src-shared/layer';

/** A decoder for one encoding. */
export interface TextCodec {
  /** The encoding's name as RiskAtlas reports it ("gbk", "windows-1252", "cp437"…). */
  label: string;
  decode(bytes: Uint8Array): string;
}

/** The upper halves (bytes 0x80–0xFF) of the DOS code pages old dBase files use, which TextDecoder does not know. */
const DOS_PAGES: Record<string, string> = {
  cp437: 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0',
  cp850: 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0',
};

/** Code page numbers (as .cpg files and LDIDs name them) → encoding labels TextDecoder or {@link DOS_PAGES} knows. */
const CODE_PAGE_LABEL: Record<number, string> = {
  437: 'cp437', 850: 'cp850', 866: 'ibm866', 874: 'windows-874', 932: 'shift_jis', 936: 'gbk', 949: 'euc-kr', 950: 'big5',
  1250: 'windows-1250', 1251: 'windows-1251', 1252: 'windows-1252', 1253: 'windows-1253', 1254: 'windows-1254',
  1255: 'windows-1255', 1256: 'windows-1256', 1257: 'windows-1257', 1258: 'windows-1258', 10000: 'macintosh', 10007: 'x-mac-cyrillic',
};

/**
 * DBF language-driver ids → code page, as GDAL's shapefile driver reads them (0 = no driver
 * named). 0x57 (87) is ANSI, read as ISO-8859-1 by GDAL, which decoders treat as Windows-1252.
 */
export const LDID_CODE_PAGES: Record<number, number> = {
  1: 437, 2: 850, 3: 1252, 4: 10000, 8: 865, 10: 850, 11: 437, 13: 437, 14: 850, 15: 437, 16: 850, 17: 437, 18: 850, 19: 932,
  20: 850, 21: 437, 22: 850, 23: 865, 24: 437, 25: 437, 26: 850, 27: 437, 28: 863, 29: 850, 31: 852, 34: 852, 35: 852,
  36: 860, 37: 850, 38: 866, 55: 850, 64: 852, 77: 936, 78: 949, 79: 950, 80: 874, 87: 1252, 88: 1252, 89: 1252,
  100: 852, 101: 866, 102: 865, 103: 861, 104: 895, 105: 620, 106: 737, 107: 857, 108: 863, 120: 950, 121: 949,
  122: 936, 123: 932, 124: 874, 134: 737, 135: 852, 136: 857, 150: 10007, 151: 10029, 200: 1250, 201: 1251,
  202: 1254, 203: 1253, 204: 1257,
};

/**
 * A codec for an encoding label ("gbk", "GB2312", "cp437", "windows-1252", "UTF-8"…); null
 * when RiskAtlas cannot decode it. GBK is decoded as GB18030, its superset.
 */
export function codecFor(label: string): TextCodec | null {
  const l = label.trim().toLowerCase();
  const dos = DOS_PAGES[l];
  if (dos) return { label: l, decode: (b) => Array.from(b, (c) => (c < 0x80 ? String.fromCharCode(c) : dos[c - 0x80]!)).join('') };
  const gbk = /^(gbk|gb2312|cp936|x-gbk|euc-cn|windows-936|ms936)$/.test(l);
  try {
    const d = new TextDecoder(gbk ? 'gb18030' : l);
    // The WHATWG name of what is decoded: "iso-8859-1" and "cp1252" are both read as windows-1252.
    return { label: gbk ? 'gbk' : d.encoding, decode: (b) => d.decode(b) };
  } catch {
    return null;
  }
}

/**
 * The encoding a `.cpg` names, read as GDAL reads it: a code page number (936, 1252…),
 * "8859-1"/"88591", "UTF-8", "ANSI 1251", or any label TextDecoder knows (GBK, GB18030, Big5…).
 * Null when RiskAtlas cannot decode what it names.
 */
export function encodingFromCpg(cpg: string): TextCodec | null {
  const c = cpg.trim().replace(/^ansi[ _]?(?=\d)/i, '');
  if (/^(utf-?8|65001)$/i.test(c)) return codecFor('utf-8');
  if (/^(gb18030|54936)$/i.test(c)) return codecFor('gb18030');
  const iso = /^8859-?(\d+)$/.exec(c);
  if (iso) return codecFor(`iso-8859-${iso[1]}`);
  if (/^\d+$/.test(c)) return CODE_PAGE_LABEL[Number(c)] ? codecFor(CODE_PAGE_LABEL[Number(c)]!) : null;
  return codecFor(c);
}

/** The bytes of a fixed-width field without its padding (spaces, NULs). */
function unpadded(b: Uint8Array): Uint8Array {
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0x20 || b[end - 1] === 0)) end--;
  return b.subarray(0, end);
}

/** Drop a multi-byte UTF-8 sequence cut off at the end of a fixed-width field (writers that truncate by bytes leave one). */
function trimPartialUtf8(padded: Uint8Array): Uint8Array {
  const b = unpadded(padded);
  const end = b.length;
  for (let back = 1; back <= 3 && back <= end; back++) {
    const c = b[end - back]!;
    if ((c & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return want > back ? b.subarray(0, end - back) : b.subarray(0, end);
  }
  return b.subarray(0, end);
}

/** Share of GBK character pairs that must lie in GB2312 (the common hanzi) for text to count as Chinese. */
const GB2312_SHARE = 0.9;

/**
 * The encoding the bytes themselves show, with no .cpg and no LDID: ASCII or valid UTF-8 →
 * UTF-8; every high byte in a GBK pair and at least {@link GB2312_SHARE} of the pairs in
 * GB2312 → GBK (Latin text read as GBK pairs an accented letter with a plain one, which
 * GB2312 never does); otherwise undefined — undecided.
 */
export function encodingByContent(samples: Uint8Array[]): string | undefined {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  for (const b of samples) {
    try {
      strict.decode(trimPartialUtf8(b));
    } catch {
      utf8 = false;
      break;
    }
  }
  if (utf8) return 'utf-8';
  let pairs = 0;
  let common = 0;
  for (const b of samples) {
    const t = unpadded(b);
    for (let i = 0; i < t.length; i++) {
      const lead = t[i]!;
      if (lead < 0x80) continue;
      const trail = t[i + 1];
      if (trail === undefined) break; // a character cut in half by a writer that truncated by bytes
      if (lead === 0x80 || lead === 0xff || trail < 0x40 || trail === 0x7f || trail === 0xff) return undefined;
      pairs++;
      if (lead >= 0xa1 && lead <= 0xf7 && trail >= 0xa1) common++;
      i++;
    }
  }
  return pairs > 0 && common / pairs >= GB2312_SHARE ? 'gbk' : undefined;
}

/** The encoding of a DBF and what it rests on; `note` says why it is undecided or what was overruled. */
export interface EncodingDecision {
  codec: TextCodec;
  evidence: EncodingEvidence;
  note?: string;
}

/**
 * Decide a DBF's encoding (see the module comment for the order).
 * @param stated the user's label (CLI --encoding, the layer's encoding in the UI or model); wins over the file.
 * @param samples the bytes of the field names and of every text value, for the content test.
 * Throws E_ARG_INVALID for a stated label RiskAtlas cannot decode.
 */
export function decideEncoding(opts: { stated?: string; cpg?: string; ldid: number; samples: Uint8Array[] }): EncodingDecision {
  if (opts.stated !== undefined) {
    const codec = codecFor(opts.stated) ?? encodingFromCpg(opts.stated);
    if (!codec) throw new RiskAtlasError('E_ARG_INVALID', `unknown text encoding "${opts.stated.slice(0, 40)}" (e.g. gbk, utf-8, windows-1252, cp437)`);
    return { codec, evidence: 'stated' };
  }
  const notes: string[] = [];
  const cpg = opts.cpg?.trim();
  if (cpg) {
    const codec = encodingFromCpg(cpg);
    if (codec) return { codec, evidence: 'cpg' };
    notes.push(`the .cpg names "${cpg.slice(0, 40)}", which RiskAtlas cannot decode`);
  }
  const page = LDID_CODE_PAGES[opts.ldid];
  if (page !== undefined) {
    const label = CODE_PAGE_LABEL[page];
    const codec = label && codecFor(label);
    if (codec) return { codec, evidence: 'ldid', ...(notes.length ? { note: notes.join('; ') } : {}) };
    notes.push(`the language-driver byte 0x${opts.ldid.toString(16).padStart(2, '0')} names code page ${page}, which RiskAtlas cannot decode`);
  }
  const byContent = encodingByContent(opts.samples);
  if (byContent) return { codec: codecFor(byContent)!, evidence: 'content', ...(notes.length ? { note: notes.join('; ') } : {}) };
  notes.push('no .cpg and no language-driver byte, and the text is neither UTF-8 nor GBK: shown as Windows-1252 until the encoding is stated');
  return { codec: codecFor('windows-1252')!, evidence: 'undecided', note: notes.join('; ') };
}
