import type { Lang } from './messages';

/**
 * The layer readers' warnings (a rebuilt .shx, a renamed field, an undecided encoding…) in the
 * interface's language. The readers write them in English — the CLI prints them as they are and
 * the tests read them — and this table gives each one's Chinese wording, so a Chinese screen
 * shows no English sentence. A test (tests/unit/shared/readerWarnings.test.ts) finds every
 * warning the readers can write in their source and fails on one this table does not translate.
 */
const ZH: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^archive holds (.+) shapefiles; read (.+)$/, (m) => `压缩包中有 ${m[1]} 个 Shapefile，已读取 ${m[2]}`],
  [/^GeoPackage holds (.+) feature layers; read "(.+)"$/, (m) => `GeoPackage 中有 ${m[1]} 个要素图层，已读取"${m[2]}"`],
  [/^(.+) row\(s\) without valid coordinates skipped$/, (m) => `已跳过 ${m[1]} 行无有效坐标的记录`],
  [/^(.+) placemark\(s\) without geometry skipped$/, (m) => `已跳过 ${m[1]} 个无几何的地标`],
  [/^duplicate field name (.+) renamed (.+)$/, (m) => `字段名 ${m[1]} 重复，已改名为 ${m[2]}`],
  [/^\.shx missing: index rebuilt by reading the \.shp sequentially$/, () => '缺少 .shx 文件：已按顺序读取 .shp 重建索引'],
  [/^\.shx does not match the \.shp \((.+) vs (.+) records\): \.shp read sequentially$/, (m) => `.shx 与 .shp 记录数不一致（${m[1]} 与 ${m[2]}）：已按顺序读取 .shp`],
  [/^the \.cpg names "(.*)", which RiskAtlas cannot decode$/, (m) => `.cpg 文件所写编码"${m[1]}"无法解码`],
  [/^the language-driver byte (.+) names code page (.+), which RiskAtlas cannot decode$/, (m) => `语言驱动标识 ${m[1]} 指明代码页 ${m[2]}，无法解码`],
  [
    /^no \.cpg and no language-driver byte, and the text is neither UTF-8 nor GBK: shown as Windows-1252 until the encoding is stated$/,
    () => '无 .cpg 文件、无语言驱动标识，文字既非 UTF-8 也非 GBK：暂按 Windows-1252 显示，请指定编码',
  ],
  [
    /^(.+): no published transformation to WGS 84 covers the layer: positions against other datums are approximate$/,
    (m) => `${m[1]}：没有覆盖本图层范围的已发布 WGS 84 转换参数，与其他基准的数据叠加时位置为近似`,
  ],
  [/^the file's CRS is (.+); the stated (.+) is used instead$/, (m) => `文件中的坐标系为 ${m[1]}；已改用指定的 ${m[2]}`],
];

/** One part of a warning in Chinese, or null when the table has no wording for it. */
function partZh(text: string): string | null {
  for (const [re, zh] of ZH) {
    const m = re.exec(text);
    if (m) return zh(m);
  }
  return null;
}

/**
 * A reader's warning in `lang`. An encoding warning ("encoding: a; b") is translated part by
 * part. A warning the table does not know is returned as it is (the test keeps that from
 * happening for the readers' own warnings).
 */
export function readerWarningText(warning: string, lang: Lang): string {
  if (lang === 'en') return warning;
  const enc = /^encoding: (.+)$/.exec(warning);
  if (enc) {
    const parts = enc[1]!.split('; ').map((p) => partZh(p));
    return parts.every((p) => p !== null) ? `文字编码：${parts.join('；')}` : warning;
  }
  return partZh(warning) ?? warning;
}
