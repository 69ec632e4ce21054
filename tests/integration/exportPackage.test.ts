/**
 * `riskatlas demo` and `riskatlas export` as a user runs them (the real bin script): the demo's
 * map sheets read back with poppler (text extraction, rendering), and the deliverable package
 * read back with GDAL (GeoPackage, shapefile, GeoTIFF overviews, XLSX), unzip (XLSX cells)
 * and SHA-256 (provenance). GDAL/poppler checks skip cleanly when the tools are absent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { createCanvas, loadImage } from '@napi-rs/canvas';

const root = join(import.meta.dirname, '..', '..');
const model = join(root, 'resources', 'sample', 'county', 'model.json');
const hasGdal = existsSync('/usr/bin/gdalinfo') && existsSync('/usr/bin/ogrinfo');
const hasPoppler = existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdftoppm');
const RISK = '黄河示范县自然灾害综合风险图';
const ZONING = '黄河示范县自然灾害综合防治区划图';

function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'riskatlas.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8' }, timeout: 300_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const sha256 = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

/**
 * SHA-256 of every file `riskatlas demo` computes besides the sheets (whose 制图时间 is the
 * month they are drawn) and provenance.json (which records the model document and its path).
 * A change to any of them changes the demo county's results: update these only on purpose.
 */
const DEMO_DIGESTS: Record<string, string> = {
  'hazard_earthquake_risk.tif': '839c9e78d81b6b2002804de089b4105832c2d1b7283ac63e82837238b265bd7c',
  'hazard_flood_risk.tif': '453dd8c412bf17b240b85eebb7df5675d3875559f0d0d0d07b0c46414a4cde35',
  'hazard_geological_risk.tif': 'a2451aaeaf77c0ff83a3f5c09e7f09c13c2663653320c52d23e0488fc67d59a0',
  'risk_grade.png': '2733f074487d819800b2299db39cee8d7770673c5c839d618450386b18dc5069',
  'risk_grade.tif': '7ebfede1993b4bfedbeb27b52d70ec7ad9223077edec5c9b786688bb147c8bbb',
  'risk_index.tif': '5be6466074475ac23185e552b3ee04f8fd51445eb85f118de10bee3fcd7bd24d',
  'risk_stats.csv': '418d4e1685f00022f947598e96a4380fa0b5bb8c16ef6df9a0999c26859c96bd',
  'zoning.cpg': '3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824',
  'zoning.dbf': 'b367ac83ab0111aace511a49a6ce22510f525d8b84a8ec964261efab6da7898c',
  'zoning.gpkg': '2ea117cbc5403d2714a0850225b5a3664e9adf488d91023f624035a2796132c1',
  'zoning.prj': 'cbed166977bfd8b4019f485d92a0b98ee14e63f879eedce5a0a64f9292eadbd2',
  'zoning.shp': 'd06b8e4221cdff1ebd490f7c64a576192d387d4aec2ed4f60b705109490a0339',
  'zoning.shx': 'bb92069e838c8278eb04a832e54bf096762b02f03824cead479e5ab3182e847a',
  'zoning.tif': '228e27c7020c9f67c4ce56ca2533696e26ececb417671c5917dd6a764c5e04bd',
};

describe('riskatlas demo: map sheets', () => {
  const out = mkdtempSync(join(tmpdir(), 'ra-sheets-'));
  let run: ReturnType<typeof cli>;
  beforeAll(() => {
    run = cli('demo', '--out', out);
  }, 300_000);

  it('computes the same outputs, byte for byte, as before the model document named its area, code and compiler', () => {
    expect(run.status).toBe(0);
    for (const [file, digest] of Object.entries(DEMO_DIGESTS)) expect(sha256(join(out, file)), file).toBe(digest);
    expect(readdirSync(out).filter((f) => !['maps', 'provenance.json'].includes(f)).sort()).toEqual(Object.keys(DEMO_DIGESTS).sort());
  });

  it('writes 综合风险图 and 综合防治区划图 as PDF and 300-dpi PNG', () => {
    expect(run.status).toBe(0);
    for (const t of [RISK, ZONING]) for (const ext of ['pdf', 'png']) expect(existsSync(join(out, 'maps', `${t}.${ext}`))).toBe(true);
    // A3 landscape at 300 dpi: 420 × 297 mm → 4961 × 3508 px, with the dpi in the pHYs chunk.
    const png = readFileSync(join(out, 'maps', `${RISK}.png`));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([4961, 3508]);
    const phys = png.indexOf('pHYs');
    expect(phys).toBeGreaterThan(0);
    expect(png.readUInt32BE(phys + 4)).toBe(Math.round(300 / 0.0254));
  });

  it.skipIf(!hasPoppler)('the PDFs hold the title, the legend with the five grade names, the scale, the compiler and the CRS note naming the zone as text in an embedded font', () => {
    const risk = execFileSync('pdftotext', [join(out, 'maps', `${RISK}.pdf`), '-'], { encoding: 'utf8' });
    expect(risk).toContain(RISK);
    for (const word of ['图 例', '综合风险等级', '高', '较高', '中', '较低', '低', '比例尺', '位置示意图', '制图单位：黄河示范县应急管理局', '制图时间', '乡镇界', '河流', '城关镇', '北']) expect(risk).toContain(word);
    // The CRS note names the zone; the credits wrap, so compare without line breaks.
    expect(risk.replace(/\s+/g, '')).toContain('坐标系：2000国家大地坐标系3度带高斯-克吕格投影中央经线111°E');
    expect(risk).toMatch(/1:\d{2,3} 000/);
    expect(risk).toMatch(/11\d°\d\d′E/);
    const zoning = execFileSync('pdftotext', [join(out, 'maps', `${ZONING}.pdf`), '-'], { encoding: 'utf8' });
    for (const word of [ZONING, '重点防治区', '次重点防治区', '一般防治区', '2000国家大地坐标系 3度带']) expect(zoning).toContain(word);
    const fonts = execFileSync('pdffonts', [join(out, 'maps', `${RISK}.pdf`)], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    // Vector: the PDF is small next to a full-page raster; paths stay paths.
    expect(readFileSync(join(out, 'maps', `${RISK}.pdf`)).length).toBeLessThan(3_000_000);
  });

  it.skipIf(!hasPoppler)('the PDF rendered back by pdftoppm looks like the PNG of the same layout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-ppm-'));
    execFileSync('pdftoppm', ['-r', '30', '-png', '-singlefile', join(out, 'maps', `${RISK}.pdf`), join(dir, 'p')]);
    const a = await loadImage(readFileSync(join(dir, 'p.png')));
    const b = await loadImage(readFileSync(join(out, 'maps', `${RISK}.png`)));
    // Both drawn onto the same 30-dpi canvas size (the 300-dpi PNG scaled down by Skia).
    const w = a.width;
    const h = a.height;
    const px = (img: typeof a): Uint8ClampedArray => {
      const c = createCanvas(w, h);
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0, w, h);
      return ctx.getImageData(0, 0, w, h).data;
    };
    const pa = px(a);
    const pb = px(b);
    let sum = 0;
    for (let i = 0; i < pa.length; i += 4) for (let k = 0; k < 3; k++) sum += Math.abs(pa[i + k]! - pb[i + k]!);
    expect(sum / ((pa.length / 4) * 3)).toBeLessThan(12);
  });
});

describe('riskatlas export: the deliverable package', () => {
  const out = mkdtempSync(join(tmpdir(), 'ra-package-'));
  let run: ReturnType<typeof cli>;
  beforeAll(() => {
    run = cli('export', model, '--out', out, '--maps', 'riskGrade,zoning,hazardRisk,hazard,exposure', '--dpi', '100', '--paper', 'A4', '--atlas');
  }, 600_000);

  it('exits 0 and writes every part of the package', () => {
    expect(run.stderr.split('\n').filter((l) => l && !l.startsWith('['))).toEqual([]);
    expect(run.status).toBe(0);
    for (const f of ['risk_index.tif', 'risk_grade.tif', 'zoning.tif', 'zoning.gpkg', 'zoning.shp', 'zoning.prj', 'zoning.cpg', 'stats_by_grade.csv', 'stats_by_township.csv', 'statistics.xlsx', 'qc_report.csv', 'qc_report.json', 'provenance.json', '说明.txt']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const maps = readdirSync(join(out, 'maps'));
    expect(maps).toContain('黄河示范县自然灾害综合风险图.pdf');
    expect(maps).toContain('黄河示范县自然灾害综合防治区划图.png');
    // One hazard sheet per H indicator of the demo (landslide, flood, PGA, hidden dangers).
    expect(maps.filter((m) => m.includes('危险性分布图') && m.endsWith('.pdf'))).toHaveLength(4);
    // Exposure sheets: one per E indicator (population, buildings).
    expect(maps.filter((m) => m.includes('承灾体分布图') && m.endsWith('.png'))).toHaveLength(2);
    // Single-hazard risk sheets, one per hazard grid the run wrote (when the model declares hazards).
    const prov = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    expect(maps.filter((m) => m.includes('风险等级图') && m.endsWith('.pdf'))).toHaveLength((prov.hazards ?? []).length);
    // Atlas: one page per township (6 in the demo).
    expect(readdirSync(join(out, 'maps', 'atlas')).sort()).toEqual(expect.arrayContaining(['141030100_城关镇.pdf']));
    expect(readdirSync(join(out, 'maps', 'atlas'))).toHaveLength(6);
  });

  it('writes CSVs with a UTF-8 BOM and the same rows as the XLSX read back', () => {
    const csv = readFileSync(join(out, 'stats_by_grade.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csvRows = csv.toString('utf8').slice(1).trim().split(/\r?\n/).map((l) => l.split(','));
    expect(csvRows[0]).toEqual(['风险等级', '等级名称', '指数下限', '指数上限', '格网数', '面积(km²)', '占比(%)', '人口(人)']);
    expect(csvRows.slice(1).map((r) => r[1])).toEqual(['高', '较高', '中', '较低', '低']);
    const zip = unzipSync(readFileSync(join(out, 'statistics.xlsx')));
    const wb = strFromU8(zip['xl/workbook.xml']!);
    expect([...wb.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1])).toEqual(['按风险等级', '按乡镇', '防治分区']);
    const sheet1 = strFromU8(zip['xl/worksheets/sheet1.xml']!);
    const cell = (ref: string): string | undefined => new RegExp(`<c r="${ref}"[^>]*>(?:<v>([^<]*)</v>|<is><t[^>]*>([^<]*)</t></is>)</c>`).exec(sheet1)?.slice(1).find((v) => v !== undefined);
    for (let r = 1; r < csvRows.length; r++) {
      expect(cell(`B${r + 1}`)).toBe(csvRows[r]![1]);
      expect(Number(cell(`F${r + 1}`))).toBeCloseTo(Number(csvRows[r]![5]), 6);
    }
    // Areas add up to the study area's assessed area (0.01 km² rounding per row).
    const total = csvRows.slice(1).reduce((s, r) => s + Number(r[5]), 0);
    const prov = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    expect(total).toBeCloseTo(prov.classification.classes.reduce((s: number, c: { areaKm2: number }) => s + c.areaKm2, 0), 2);
    const towns = readFileSync(join(out, 'stats_by_township.csv'), 'utf8');
    expect(towns).toContain('城关镇');
  });

  it.skipIf(!hasPoppler)('says nothing in English and shows no raw key in any Chinese deliverable: sheets, tables, QC report, 说明.txt', () => {
    // Three English words in a row, outside brackets (a proper name may follow its Chinese one), or an
    // i18n-style key. Comma-separated field codes of the census (FQDM, XZQMC…) are not a sentence.
    const english = (text: string): string[] => [...text.replace(/[（(][^）)]*[）)]/g, '').matchAll(/[A-Za-z]{2,}(?:[ '-]+[A-Za-z]{2,}){2,}|\b[a-z]+\.[a-z]+\.[A-Za-z]+\b/g)].map((m) => m[0]);
    const pdfs = readdirSync(join(out, 'maps')).filter((f) => f.endsWith('.pdf')).map((f) => join(out, 'maps', f));
    pdfs.push(...readdirSync(join(out, 'maps', 'atlas')).map((f) => join(out, 'maps', 'atlas', f)));
    for (const pdf of pdfs) expect(english(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })), pdf).toEqual([]);
    for (const f of ['stats_by_grade.csv', 'stats_by_township.csv', 'stats_by_zone.csv', '说明.txt']) expect(english(readFileSync(join(out, f), 'utf8')), f).toEqual([]);
    // The QC report: every column but the last, which holds the English finding beside the Chinese one.
    const qc = readFileSync(join(out, 'qc_report.csv'), 'utf8').slice(1).trim().split(/\r?\n/);
    expect(qc[0]!.split(',').at(-1)).toBe('Finding');
    for (const line of qc) expect(english(line.slice(0, line.lastIndexOf(','))), line).toEqual([]);
  });

  it('records the SHA-256 of every input file in provenance.json', () => {
    const prov = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    const dir = join(root, 'resources', 'sample', 'county');
    const inputs = prov.inputs as { layer: string; path: string; sha256: string }[];
    expect(inputs.map((i) => i.path)).toEqual(expect.arrayContaining(['model.json', 'townships.shp', 'townships.dbf', 'townships.prj', 'dem.tif', 'schools.geojson']));
    for (const i of inputs) expect(i.sha256, i.path).toBe(sha256(join(dir, i.path)));
  });

  it('describes every file in 说明.txt (Chinese, with size and SHA-256)', () => {
    const readme = readFileSync(join(out, '说明.txt'), 'utf8');
    expect(readme.startsWith('\uFEFF黄河示范县自然灾害综合风险评估与区划成果包')).toBe(true);
    const listed = new Map([...readme.matchAll(/^(\S[^|]*?) \| (\d+) \| ([0-9a-f]{64}) \| (.+)$/gm)].map((m) => [m[1]!, { bytes: Number(m[2]), sha: m[3]!, what: m[4]! }]));
    const walk = (d: string, pre = ''): string[] => readdirSync(join(out, d), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name), `${pre}${e.name}/`) : [`${pre}${e.name}`]));
    const files = walk('.').filter((f) => f !== '说明.txt');
    expect([...listed.keys()].sort()).toEqual(files.sort());
    for (const f of files) {
      expect(listed.get(f)!.sha, f).toBe(sha256(join(out, f)));
      expect(listed.get(f)!.what, f).not.toBe('其他输出文件');
    }
  });

  it.skipIf(!hasGdal)('ogrinfo reads zoning.gpkg and zoning.shp with CGCS2000 / EPSG:4546, the same feature count and Chinese attributes', () => {
    const prov = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    const n = prov.zoning.zones.length;
    for (const f of ['zoning.gpkg', 'zoning.shp']) {
      const info = execFileSync('ogrinfo', ['-al', '-so', join(out, f)], { encoding: 'utf8' });
      expect(info, f).toContain(`Feature Count: ${n}`);
      expect(info, f).toMatch(/ID\["EPSG",4546\]\]/);
      const all = execFileSync('ogrinfo', ['-al', '-q', join(out, f)], { encoding: 'utf8' });
      expect(all, f).toMatch(/FQMC \(String\) = 重点防治区/);
      expect(all, f).toMatch(/XZQMC \(String\) = 城关镇/);
      expect(all, f).toMatch(/MC \(String\) = \S+(重点|次重点|一般)防治区/);
    }
  });

  it.skipIf(!hasGdal)('the GeoTIFFs have overviews and keep their metadata (model, weights as JSON, breaks) unchanged', () => {
    const prov = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    const tifs = ['risk_index.tif', 'risk_grade.tif', 'zoning.tif', ...((prov.hazards ?? []) as { file: string }[]).map((h) => h.file)];
    for (const f of tifs) {
      const info = JSON.parse(execFileSync('gdalinfo', ['-json', join(out, f)], { encoding: 'utf8' }));
      expect(info.bands[0].overviews?.length ?? 0, f).toBeGreaterThanOrEqual(2);
      const md = info.metadata[''];
      expect(md.RISKATLAS_MODEL, f).toBe(prov.model.name);
      expect(JSON.parse(md.RISKATLAS_WEIGHTS), f).toMatchObject({ E: prov.weights.E });
    }
    const grade = JSON.parse(execFileSync('gdalinfo', ['-json', join(out, 'risk_grade.tif')], { encoding: 'utf8' }));
    expect(grade.metadata[''].RISKATLAS_BREAKS.split(',').map(Number)).toEqual(prov.classification.breaks);
    expect(grade.metadata[''].RISKATLAS_CLASS_NAMES).toBe('高,较高,中,较低,低');
  });

  it.skipIf(!hasGdal)('the XLSX opens in GDAL with the Chinese sheet names', () => {
    const info = execFileSync('ogrinfo', ['-ro', '-so', '--config', 'OGR_XLSX_HEADERS', 'FORCE', join(out, 'statistics.xlsx')], { encoding: 'utf8' });
    expect(info).toContain('按风险等级');
    expect(info).toContain('按乡镇');
  });

  it.skipIf(!hasPoppler)('redraws a sheet from its saved layout after editing it (the --layout round trip)', async () => {
    const saved = JSON.parse(readFileSync(join(out, 'maps', 'layouts', `${RISK}.json`), 'utf8'));
    const edited = { ...saved, scale: { mode: 'fixed', denominator: 200_000 }, texts: { ...saved.texts, title: '黄河示范县综合风险图（修改稿）', reviewNumber: '晋S（2026）001号' } };
    const layoutFile = join(out, 'edited.json');
    writeFileSync(layoutFile, JSON.stringify(edited));
    // --maps names only the zoning sheet: the edited layout is drawn as well.
    const r = cli('export', model, '--out', join(out, 'again'), '--maps', 'zoning', '--dpi', '40', '--layout', layoutFile);
    expect(r.status).toBe(0);
    // Under the sheet's own file name, whatever the edited title says.
    const text = execFileSync('pdftotext', [join(out, 'again', 'maps', `${RISK}.pdf`), '-'], { encoding: 'utf8' });
    expect(text).toContain('黄河示范县综合风险图（修改稿）');
    expect(text).toContain('审图号：晋S（2026）001号');
    expect(text).toContain('1:200 000');
    expect(existsSync(join(out, 'again', 'maps', `${ZONING}.pdf`))).toBe(true);
  }, 300_000);

  it('refuses bad options with exit 2 and a one-line message', () => {
    const r = cli('export', model, '--out', join(out, 'x'), '--paper', 'B5');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--paper');
    const r2 = cli('export', model, '--out', join(out, 'x'), '--maps', 'riskGrade,nonsense');
    expect(r2.status).toBe(2);
    const bad = join(out, 'bad-layout.json');
    writeFileSync(bad, '{"riskatlas":"sheet"');
    const r3 = cli('export', model, '--out', join(out, 'y'), '--layout', bad);
    expect(r3.status).toBe(1);
    expect(r3.stderr).toMatch(/E_JSON_INVALID/);
    expect(r3.stderr.trim().split('\n')).toHaveLength(1);
  });
});
