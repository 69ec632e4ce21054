/**
 * The QC report as one printable HTML page (质检报告): self-contained (no script, no remote
 * font or style), A4 landscape when printed, table headers repeated on every page. It is what
 * a contractor hands the bureau with the data, and what the reviewer prints.
 */
import type { Lang } from '../../../src-shared/messages';
import type { EncodingEvidence } from '../../../src-shared/layer';
import type { QcReport } from './runQc';
import type { Severity } from './rules';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const TEXT = {
  zh: {
    title: '数据质检报告', source: '质检对象', generated: '生成时间', summary: '汇总', rule: '规则', severity: '级别', layer: '图层', feature: '要素', x: 'X', y: 'Y', message: '说明', count: '数量', ruleTitle: '规则说明', none: '未发现问题。', findings: '问题清单',
    layers: '图层坐标系与编码', crs: '坐标系（识别方式）', datum: '基准转换（精度）', encoding: '文字编码（依据）',
    verdict: (e: number) => (e ? `存在 ${e} 个错误，需修正后重新质检。` : '无错误，可进入评估。'),
  },
  en: {
    title: 'Data quality-control report', source: 'Checked', generated: 'Generated', summary: 'Summary', rule: 'Rule', severity: 'Severity', layer: 'Layer', feature: 'Feature', x: 'X', y: 'Y', message: 'Finding', count: 'Count', ruleTitle: 'Description', none: 'No findings.', findings: 'Findings',
    layers: 'Layers: CRS and text encoding', crs: 'CRS (how identified)', datum: 'Datum shift (accuracy)', encoding: 'Text encoding (evidence)',
    verdict: (e: number) => (e ? `${e} error(s): fix them and run QC again.` : 'No errors: ready for assessment.'),
  },
} as const;

/** What an encoding rests on, in each language. */
const EVIDENCE: Record<Lang, Record<EncodingEvidence, string>> = {
  zh: { cpg: '.cpg 文件', ldid: '语言驱动标识', content: '按内容判断', stated: '用户指定', undecided: '无法确定' },
  en: { cpg: '.cpg file', ldid: 'language-driver byte', content: 'by content', stated: 'stated', undecided: 'undecided' },
};

const SEVERITY: Record<Lang, Record<Severity, string>> = {
  zh: { error: '错误', warning: '警告', info: '提示' },
  en: { error: 'error', warning: 'warning', info: 'note' },
};

/** The rule title in one language: titles are stored as "中文 / English". */
const titleIn = (title: string, lang: Lang): string => {
  const [zh, en] = title.split(' / ');
  return (lang === 'zh' ? zh : en ?? zh)!.trim();
};

/**
 * Render a QC report as printable HTML.
 * @param opts.lang zh (default) or en.
 * @param opts.generated the time printed on the report (ISO text); pass it for reproducible output.
 * Coordinates are printed as stored in the findings (the model's CRS, metres for projected).
 */
export function qcReportHtml(report: QcReport, opts: { lang?: Lang; generated?: string } = {}): string {
  const lang = opts.lang ?? 'zh';
  const t = TEXT[lang];
  const perRule = new Map<string, number>();
  for (const f of report.findings) perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1);
  const fmt = (v: number | undefined): string => (v === undefined ? '' : Math.abs(v) >= 1000 ? v.toFixed(1) : v.toFixed(6));
  const ruleRows = report.rules
    .filter((r) => perRule.has(r.id))
    .map((r) => `<tr class="${r.severity}"><td>${r.id}</td><td>${SEVERITY[lang][r.severity]}</td><td>${escape(titleIn(r.title, lang))}</td><td class="n">${perRule.get(r.id)}</td></tr>`)
    .join('\n');
  const findingRows = report.findings
    .map(
      (f) =>
        `<tr class="${f.severity}"><td>${f.rule}</td><td>${SEVERITY[lang][f.severity]}</td><td>${escape(f.layer)}</td><td class="n">${f.feature ?? ''}</td><td class="n">${fmt(f.at?.[0])}</td><td class="n">${fmt(f.at?.[1])}</td><td>${escape(lang === 'zh' ? (f.messageZh ?? f.message) : f.message)}</td></tr>`,
    )
    .join('\n');
  const layerRows = (report.layers ?? [])
    .map((l) => `<tr><td>${escape(l.layer)}</td><td>${escape(l.crs)}</td><td>${escape(l.datumShift)}</td><td>${l.encoding ? `${escape(l.encoding)}${l.encodingEvidence ? `（${EVIDENCE[lang][l.encodingEvidence]}）` : ''}` : ''}</td></tr>`)
    .join('\n');
  const c = report.counts;
  return `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<title>${t.title}</title>
<style>
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimSun", sans-serif; font-size: 10pt; color: #111; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
th, td { border: 0.3mm solid #999; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.error td:nth-child(2) { color: #b00; font-weight: bold; }
tr.warning td:nth-child(2) { color: #a60; }
.meta td { border: none; padding: 0 4mm 1mm 0; }
.verdict { font-weight: bold; margin-top: 2mm; }
</style>
</head>
<body>
<h1>${t.title}</h1>
<table class="meta"><tr><td>${t.source}</td><td>${escape(report.model)}</td></tr>${opts.generated ? `<tr><td>${t.generated}</td><td>${escape(opts.generated)}</td></tr>` : ''}</table>
<h2>${t.summary}</h2>
<p>${SEVERITY[lang].error} ${c.error} · ${SEVERITY[lang].warning} ${c.warning} · ${SEVERITY[lang].info} ${c.info}</p>
<p class="verdict">${t.verdict(c.error)}</p>
${ruleRows ? `<table><thead><tr><th>${t.rule}</th><th>${t.severity}</th><th>${t.ruleTitle}</th><th>${t.count}</th></tr></thead><tbody>\n${ruleRows}\n</tbody></table>` : `<p>${t.none}</p>`}
${findingRows ? `<h2>${t.findings}</h2>\n<table><thead><tr><th>${t.rule}</th><th>${t.severity}</th><th>${t.layer}</th><th>${t.feature}</th><th>${t.x}</th><th>${t.y}</th><th>${t.message}</th></tr></thead><tbody>\n${findingRows}\n</tbody></table>` : ''}
${layerRows ? `<h2>${t.layers}</h2>\n<table><thead><tr><th>${t.layer}</th><th>${t.crs}</th><th>${t.datum}</th><th>${t.encoding}</th></tr></thead><tbody>\n${layerRows}\n</tbody></table>` : ''}
</body>
</html>
`;
}
