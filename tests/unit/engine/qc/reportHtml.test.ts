import { describe, expect, it } from 'vitest';
import { qcReportHtml } from '../../../../src-main/engine/qc/reportHtml';
import { RULES } from '../../../../src-main/engine/qc/rules';
import type { QcReport } from '../../../../src-main/engine/qc/runQc';

const report: QcReport = {
  model: '/data/县级普查/model.json',
  rules: RULES,
  findings: [
    { rule: 'RNG-04', severity: 'error', layer: 'shelters', feature: 2, at: [480000.04, 4030000.26], message: 'RNRS is -20 <script>alert(1)</script>' },
    { rule: 'RNG-04', severity: 'error', layer: 'shelters', feature: 7, message: 'RNRS is -1' },
    { rule: 'DUP-01', severity: 'warning', layer: 'buildings & co', feature: 3, at: [110.731234567, 36.41], message: 'within 3.1 m of feature 1' },
  ],
  counts: { error: 2, warning: 1, info: 0 },
};

describe('printable QC report', () => {
  it('lists the counts, a verdict, one row per rule hit and one per finding, in Chinese by default', () => {
    const html = qcReportHtml(report, { generated: '2026-11-25 10:00' });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('数据质检报告');
    expect(html).toContain('错误 2 · 警告 1 · 提示 0');
    expect(html).toContain('存在 2 个错误，需修正后重新质检。');
    expect(html).toContain('2026-11-25 10:00');
    // Rule table: the two rules hit, Chinese titles only, with their counts.
    expect(html).toMatch(/<td>RNG-04<\/td><td>错误<\/td><td>容纳人数或威胁人数为负<\/td><td class="n">2<\/td>/);
    expect(html).toMatch(/<td>DUP-01<\/td><td>警告<\/td><td>[^<]*重复[^<]*<\/td><td class="n">1<\/td>/);
    expect(html).not.toContain('FLD-01');
    expect(html.match(/<tr class="error">/g)).toHaveLength(3); // 1 rule row + 2 findings
    // Projected coordinates to 0.1 m, geographic to 1e-6 degrees.
    expect(html).toContain('<td class="n">480000.0</td><td class="n">4030000.3</td>');
    expect(html).toContain('<td class="n">110.731235</td><td class="n">36.410000</td>');
  });

  it('escapes text from the data so a layer or message cannot inject markup', () => {
    const html = qcReportHtml(report);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('buildings &#38; co');
  });

  it('prints on A4 landscape with the table header repeated on each page, with no script or remote resource', () => {
    const html = qcReportHtml(report);
    expect(html).toContain('@page { size: A4 landscape');
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('says so when there are no findings, and speaks English on request', () => {
    const html = qcReportHtml({ ...report, findings: [], counts: { error: 0, warning: 0, info: 0 } }, { lang: 'en' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('No findings.');
    expect(html).toContain('No errors: ready for assessment.');
    expect(html).not.toContain('<h2>Findings</h2>');
  });
});
