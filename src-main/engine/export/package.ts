/**
 * The deliverable package (成果包) of one county, built in a finished run's folder: the run's
 * GeoTIFFs rewritten with overviews (so QGIS opens them fast), the zoning polygons (GeoPackage
 * and shapefile, as the run wrote them), statistics per grade, per township and per zone as
 * CSV (UTF-8 with BOM) and one XLSX, the QC report, the map sheets (PDF + PNG), the
 * provenance with the SHA-256 of every input file, and 说明.txt — a Chinese README listing
 * every file with its size and SHA-256.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fromFile } from 'geotiff';
import { RiskAtlasError } from '../../../src-shared/errors';
import { openGeoTiff } from '../io/geotiff';
import { containedPath } from '../io/containedPath';
import { fileSize } from '../io/fileAccess';
import { writeGeoTiff } from './geotiff';
import { writeFileAtomic } from './atomicFile';
import { toCsv } from './csv';
import { encodeXlsx, type XlsxSheet } from './xlsx';
import { runQc, qcReportCsv } from '../qc/runQc';
import type { GradeClass, UnitGradeRow } from '../classify/gradeStatistics';
import { featureCode, featureName, loadSheetRun, type SheetRun } from '../maps/sheetData';
import { chineseMonth, defaultLayoutFor, renderSheet, sheetFileName, sheetKey, sheetStem, type SheetFormat } from '../maps/render';
import { joinTitle, PACKAGE_MAPS, parseLayout, type PackageMap, type Paper, type SheetKind, type SheetLayout } from '../maps/layout';
import { componentIndicators, type ComponentSpec } from '../model/document';
import type { PackageFile } from '../../../src-shared/deliverable';
import { crsDisplayName } from '../crs/analysisCrs';

export { PACKAGE_MAPS, type PackageMap };

export interface PackageOptions {
  /** Series to draw (default: riskGrade and zoning, when the run zoned). */
  maps?: PackageMap[];
  paper?: Paper;
  orientation?: 'portrait' | 'landscape';
  /** Raster sheets' resolution (default 300 dpi). */
  dpi?: number;
  /** A layout document (already parsed JSON) used for the sheet of its kind and layer (`--layout`). */
  layout?: unknown;
  /** The project's edited layouts: each is drawn instead of its sheet's default (before `layout`). */
  layouts?: unknown[];
  /** Also draw one 综合风险图 per township (图集). */
  atlas?: boolean;
  /** Formats of every sheet (default PDF and PNG). */
  formats?: Exclude<SheetFormat, 'jpg'>[] | SheetFormat[];
  /** Survey year for the QC range rules. */
  surveyYear?: number;
  /** 制图时间 printed on the sheets (default: this month). */
  date?: string;
  /**
   * The folder the model's layer paths resolve in: a project's data folder. Without it, the
   * folder of the model file the provenance names (a model document run on this machine).
   */
  modelDir?: string;
  onProgress?: (step: string, done: number, total: number) => void;
}

interface Provenance {
  modelPath: string;
  model: { name: string; layers: Record<string, { path: string; name: string }> };
  files: Record<string, string>;
  classification: { breaks: number[]; classes: GradeClass[] };
  units: UnitGradeRow[];
  zoning?: { zones: Record<string, unknown>[] };
  [key: string]: unknown;
}

/** SHA-256 of a file, hex, streamed (inputs can be large rasters). E_FILE_NOT_FOUND / E_FILE_READ. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  } catch (err) {
    throw new RiskAtlasError((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'E_FILE_NOT_FOUND' : 'E_FILE_READ', (err as Error).message, { file: path });
  }
  return h.digest('hex');
}

/** Size and SHA-256 of a file (coded errors as {@link sha256File}). */
async function fileFacts(path: string): Promise<{ bytes: number; sha256: string }> {
  return { bytes: await fileSize(path), sha256: await sha256File(path) };
}

/** The model file the provenance names, when it still exists in `modelDir` (the CLI's run of a model document), else null. */
function modelFileIn(prov: Provenance, modelDir: string): string | null {
  const path = resolve(String(prov.modelPath));
  return dirname(path) === modelDir && existsSync(path) ? path : null;
}

/**
 * Run `fn` with the path of the run's model document. The app runs a temporary copy of the
 * project's model that is gone afterwards: then the document recorded in the provenance is
 * written back beside the layers (paths in it are relative to that folder) for the time of `fn`.
 */
async function withModelFile<T>(prov: Provenance, modelDir: string, fn: (path: string) => Promise<T>): Promise<T> {
  const file = modelFileIn(prov, modelDir);
  if (file) return fn(file);
  const tmp = join(modelDir, `.riskatlas-package-${process.pid}-${Date.now()}.json`);
  await writeFileAtomic(tmp, JSON.stringify(prov.model, null, 2) + '\n');
  try {
    return await fn(tmp);
  } finally {
    await rm(tmp, { force: true });
  }
}

const SIDECARS = ['.shx', '.dbf', '.prj', '.cpg', '.qpj', '.sbn', '.sbx', '.qix'];

/** The files behind a layer path: a shapefile's sidecars come along; missing ones are skipped. */
function layerFiles(path: string): string[] {
  if (!/\.shp$/i.test(path)) return [path];
  const base = path.slice(0, -4);
  return [path, ...SIDECARS.map((s) => base + s).filter((p) => existsSync(p))];
}

/** Overviews for QGIS: 2, 4, 8, 16 (each divides the 256-pixel tiles), only as many as the size needs. */
function overviewFactors(width: number, height: number): number[] {
  return [2, 4, 8, 16].filter((f) => Math.max(width, height) / f >= 64);
}

function unescapeXml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
}

/**
 * Rewrite a GeoTIFF in place with overviews (classes averaged by mode for integer grids),
 * keeping its CRS, nodata and GDAL metadata (breaks, weights, class names).
 */
export async function addOverviews(path: string): Promise<number> {
  const src = await openGeoTiff(path);
  let data: Float64Array;
  const meta = src.meta;
  try {
    data = await src.readWindow(0, 0, meta.width, meta.height, 0);
  } finally {
    await src.close();
  }
  const tiff = await fromFile(path);
  let metadata: Record<string, string> = {};
  try {
    const md = await (await tiff.getImage(0)).getGDALMetadata();
    // Values are stored escaped twice, GDAL's way (see export/geotiff/ifd); geotiff.js hands them
    // back as stored, and the writer escapes them again: undo both levels.
    metadata = Object.fromEntries(Object.entries(md ?? {}).map(([k, v]) => [k, unescapeXml(unescapeXml(String(v)))]));
  } finally {
    await tiff.close();
  }
  if (!meta.crs?.epsg) throw new RiskAtlasError('E_CRS_MISSING', 'the output GeoTIFF has no EPSG code', { file: path });
  const factors = overviewFactors(meta.width, meta.height);
  const typed = meta.dtype === 'uint8' ? Uint8Array.from(data) : Float32Array.from(data);
  await writeGeoTiff(path, typed, {
    width: meta.width,
    height: meta.height,
    dtype: meta.dtype === 'uint8' ? 'uint8' : 'float32',
    nodata: meta.nodata,
    epsg: meta.crs.epsg,
    geoTransform: meta.geoTransform,
    metadata,
    overviews: factors,
    overviewResampling: meta.dtype === 'uint8' ? 'mode' : 'average',
  });
  return factors.length;
}

const GRADE_HEADER = ['单元代码', '单元名称', '风险等级', '等级名称', '格网数', '面积(km²)', '占比(%)', '人口(人)'];
const round = (v: number, d: number): number => Number(v.toFixed(d));

/** Per-grade and per-township statistics tables (rows as in the CSVs and the XLSX). */
export function statisticsTables(prov: Provenance, areaName: string): XlsxSheet[] {
  const pop = (p: number | undefined): number | string => (p === undefined ? '' : Math.round(p));
  const byGrade: XlsxSheet = {
    name: '按风险等级',
    header: ['风险等级', '等级名称', '指数下限', '指数上限', '格网数', '面积(km²)', '占比(%)', '人口(人)'],
    rows: prov.classification.classes.map((c) => [c.grade, c.name, round(c.min, 6), round(c.max, 6), c.cells, round(c.areaKm2, 4), round(c.sharePct, 2), pop(c.population)]),
  };
  const byUnit: XlsxSheet = {
    name: '按乡镇',
    header: GRADE_HEADER,
    rows: [
      ...prov.classification.classes.map((c) => ['全域', areaName, c.grade, c.name, c.cells, round(c.areaKm2, 4), round(c.sharePct, 2), pop(c.population)]),
      ...prov.units.map((u) => [u.code, u.name, u.grade, u.gradeName, u.cells, round(u.areaKm2, 4), round(u.sharePct, 2), pop(u.population)]),
    ],
  };
  const sheets = [byGrade, byUnit];
  if (prov.zoning?.zones.length) {
    const keys = Object.keys(prov.zoning.zones[0]!);
    sheets.push({ name: '防治分区', header: keys, rows: prov.zoning.zones.map((z) => keys.map((k) => (typeof z[k] === 'number' ? (z[k] as number) : String(z[k] ?? '')))) });
  }
  return sheets;
}

/**
 * The sheets of the series a run can give, in series order: 综合风险图, 综合防治区划图 (when
 * zoned), one single-hazard risk sheet per hazard grid, one hazard sheet per H indicator, one
 * exposure sheet per E indicator (`layer` = hazard or indicator id). `maps` filters the series.
 */
export function seriesSheets(run: SheetRun, maps: readonly PackageMap[] = PACKAGE_MAPS): { kind: SheetKind; layer?: string }[] {
  const out: { kind: SheetKind; layer?: string }[] = [];
  for (const m of maps) {
    if (m === 'riskGrade') out.push({ kind: 'riskGrade' });
    else if (m === 'zoning') {
      if (run.zoning) out.push({ kind: 'zoning' });
    } else if (m === 'hazardRisk') {
      for (const h of run.hazards) out.push({ kind: 'hazardRisk', layer: h.id });
    } else {
      // Hazard maps: the indicators of H; exposure maps: those of E (a filtered layer such as
      // old buildings for V is not an exposure map). Without that component, by layer category.
      const comp = (run.model.components as Partial<Record<string, ComponentSpec>> | undefined)?.[m === 'hazard' ? 'H' : 'E'];
      const ids = comp ? componentIndicators(comp) : run.model.indicators.filter((i) => run.model.layers[i.layer]?.category === m).map((i) => i.id);
      for (const id of ids) out.push({ kind: m, layer: id });
    }
  }
  return out;
}

const DESCRIBE: [RegExp, string][] = [
  [/^risk_index\.tif$/, '综合风险指数（连续值，Float32，nodata = −9999），GeoTIFF（分块、压缩、含金字塔），元数据含分级断点与权重'],
  [/^hazard_.+_risk\.tif$/, '单灾种风险指数（连续值，Float32，nodata = −9999），GeoTIFF（含金字塔）'],
  [/^risk_grade\.tif$/, '综合风险等级（UInt8，1 = 高 … 5 = 低，nodata = 0），GeoTIFF（含金字塔）'],
  [/^risk_grade\.png$/, '综合风险等级预览图（普查配色，无数据透明）'],
  [/^risk_stats\.csv$/, '风险等级统计（全域与各乡镇合表，UTF-8 带 BOM）'],
  [/^zoning\.tif$/, '综合防治区划栅格（UInt8，1 = 重点防治区，2 = 次重点防治区，3 = 一般防治区，nodata = 0）'],
  [/^zoning\.gpkg$/, '综合防治区划矢量（GeoPackage，字段：FQDM 分区代码、FQMC 分区名称、MC 全称、XZQMC 乡镇、ZYZH 主要灾种、MJ_KM2 面积、ZB 占比、RK 人口）'],
  [/^zoning\.shp$/, '综合防治区划矢量（Shapefile，字段同 GeoPackage）'],
  [/^zoning\.(shx|dbf|prj|cpg)$/, 'Shapefile 配套文件（.prj 坐标系，.cpg 编码 UTF-8）'],
  [/^stats_by_grade\.csv$/, '按风险等级统计：面积、占比、人口（UTF-8 带 BOM，Excel 可直接打开）'],
  [/^stats_by_township\.csv$/, '按乡镇统计各风险等级的面积、占比、人口（UTF-8 带 BOM）'],
  [/^stats_by_zone\.csv$/, '按防治分区统计（UTF-8 带 BOM）'],
  [/^statistics\.xlsx$/, '统计表 Excel 工作簿：按风险等级、按乡镇、防治分区'],
  [/^qc_report\.csv$/, '数据质检报告（规则、严重程度、图层、要素、位置、说明；UTF-8 带 BOM）'],
  [/^qc_report\.json$/, '数据质检报告（JSON，含全部规则与问题）'],
  [/^provenance\.json$/, '溯源记录：模型文档、各输入文件 SHA-256、指标取值范围、权重（含 AHP 一致性比率 CR）、分级断点、软件版本'],
  [/^maps\/atlas\/.*\.pdf$/, '乡镇图集：各乡镇综合风险图（矢量 PDF）'],
  [/^maps\/.*\.pdf$/, '专题图（矢量 PDF，内嵌思源黑体子集，可直接印刷）'],
  [/^maps\/.*\.png$/, '专题图（PNG 图片，300 dpi）'],
  [/^maps\/.*\.jpg$/, '专题图（JPG 图片）'],
  [/^maps\/layouts\/.*\.json$/, '专题图版式文件（可在 RiskAtlas 中修改后重新出图）'],
];

function describe(rel: string): string {
  return DESCRIBE.find(([re]) => re.test(rel))?.[1] ?? '其他输出文件';
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out.sort();
}

/** 说明.txt: what the package is, how it was made, and every file with size and SHA-256. */
function readmeText(prov: Provenance, run: SheetRun, files: PackageFile[], date: string): string {
  const lines = [
    `${run.areaName}自然灾害综合风险评估与区划成果包`,
    '',
    `模型：${prov.model.name}`,
    `软件：${run.software}`,
    `制作时间：${date}`,
    ...(run.areaCode ? [`行政区划代码：${run.areaCode}`] : []),
    `编制单位：${run.compiler}`,
    `坐标系：${crsDisplayName(run.grid.epsg, 'zh')}（EPSG:${run.grid.epsg}）；分析格网 ${run.grid.width} × ${run.grid.height}，格网边长 ${run.grid.cellSize} 米。`,
    `风险分级：${prov.classification.classes.map((c) => `${c.grade} = ${c.name}`).join('，')}（1 为最高风险）。`,
    '',
    '同一模型与输入再次计算得到逐字节相同的栅格与表格；输入文件的 SHA-256 记录在 provenance.json 的 inputs 中，可据此核对。',
    '专题图说明：南海诸岛插图与国界数据未随软件提供，需要时请使用标准底图（并填写审图号）。',
    '',
    '文件清单（路径 | 大小（字节） | SHA-256 | 说明）：',
    ...files.map((f) => `${f.path} | ${f.bytes} | ${f.sha256} | ${f.description}`),
    '',
  ];
  return '\uFEFF' + lines.join('\r\n');
}

/**
 * Turn the finished run in `outDir` into the deliverable package (in place). Returns every
 * file of the package. Errors: the run's and readers' codes (E_FILE_NOT_FOUND when the
 * folder holds no run), E_ARG_INVALID for a bad layout, E_WRITE.
 */
export async function writeDeliverable(outDir: string, opts: PackageOptions = {}): Promise<PackageFile[]> {
  const dir = resolve(outDir);
  const run = await loadSheetRun(dir, opts.modelDir ? { modelDir: opts.modelDir } : {});
  const provPath = join(dir, 'provenance.json');
  const prov = JSON.parse(await readFile(provPath, 'utf8')) as Provenance;
  const date = opts.date ?? chineseMonth(new Date());
  const maps = opts.maps ?? ['riskGrade', 'zoning'];
  const formats = opts.formats ?? ['pdf', 'png'];
  // Edited layouts replace their sheet's default; one given with --layout is drawn even when
  // its sheet is not among `maps`. Each sheet is drawn once, under its own file name.
  const custom = new Map<string, SheetLayout>();
  for (const l of opts.layouts ?? []) custom.set(sheetKey(parseLayout(l)), parseLayout(l));
  const given = opts.layout === undefined ? undefined : parseLayout(opts.layout);
  if (given) custom.set(sheetKey(given), given);
  const sheets = seriesSheets(run, maps);
  if (given && !sheets.some((x) => sheetKey(x) === sheetKey(given))) sheets.push({ kind: given.kind, ...(given.layer ? { layer: given.layer } : {}) });
  const townships = opts.atlas ? (run.townships?.features ?? []) : [];
  const total = 4 + sheets.length * formats.length + townships.length;
  let done = 0;
  const step = (name: string): void => opts.onProgress?.(name, ++done, total);

  // 1. GeoTIFFs with overviews.
  for (const rel of [prov.files.index, prov.files.grade, prov.files.zoning, ...run.hazards.map((h) => h.file)]) {
    const path = rel ? containedPath(dir, rel, 'provenance.json: file') : null;
    if (path && existsSync(path)) await addOverviews(path);
  }
  step('geotiff');

  // 2. Statistics.
  const tables = statisticsTables(prov, run.areaName);
  await writeFileAtomic(join(dir, 'stats_by_grade.csv'), toCsv(tables[0]!.header, tables[0]!.rows as (string | number)[][]));
  await writeFileAtomic(join(dir, 'stats_by_township.csv'), toCsv(tables[1]!.header, tables[1]!.rows as (string | number)[][]));
  if (tables[2]) await writeFileAtomic(join(dir, 'stats_by_zone.csv'), toCsv(tables[2].header, tables[2].rows as (string | number)[][]));
  await writeFileAtomic(join(dir, 'statistics.xlsx'), encodeXlsx(tables));
  step('statistics');

  // 3. QC report of the inputs.
  const qc = await withModelFile(prov, run.modelDir, (path) => runQc(path, opts.surveyYear === undefined ? {} : { surveyYear: opts.surveyYear }));
  await writeFileAtomic(join(dir, 'qc_report.csv'), qcReportCsv(qc));
  await writeFileAtomic(join(dir, 'qc_report.json'), JSON.stringify(qc, null, 2) + '\n');
  step('qc');

  // 4. Map sheets (and their layouts, so they can be edited and redrawn).
  await mkdir(join(dir, 'maps', 'layouts'), { recursive: true });
  const layoutOf = (kind: SheetKind, layer?: string): SheetLayout =>
    custom.get(sheetKey({ kind, layer })) ??
    defaultLayoutFor(kind, run, { ...(layer ? { layer } : {}), ...(opts.paper ? { paper: opts.paper } : {}), ...(opts.orientation ? { orientation: opts.orientation } : {}), date });
  for (const s of sheets) {
    const l = layoutOf(s.kind, s.layer);
    const stem = sheetStem(run, s);
    await writeFileAtomic(join(dir, 'maps', 'layouts', `${stem}.json`), JSON.stringify(l, null, 2) + '\n');
    for (const f of formats) {
      await writeFileAtomic(join(dir, 'maps', `${stem}.${f}`), await renderSheet(l, run, f, opts.dpi ? { dpi: opts.dpi } : {}));
      step(`map ${stem}.${f}`);
    }
  }
  if (townships.length) {
    await mkdir(join(dir, 'maps', 'atlas'), { recursive: true });
    const base = layoutOf('riskGrade');
    for (const t of townships) {
      const code = featureCode(t);
      const name = featureName(t) || code;
      if (!code) throw new RiskAtlasError('E_MODEL_LAYER', 'the township layer has no XZQDM code field: atlas pages are chosen by code');
      const l: SheetLayout = { ...base, focusUnit: code, texts: { ...base.texts, title: joinTitle(run.areaName, name, '自然灾害综合风险图') }, scale: { mode: 'fit' } };
      await writeFileAtomic(join(dir, 'maps', 'atlas', `${code}_${sheetFileName(name)}.pdf`), await renderSheet(l, run, 'pdf'));
      step(`atlas ${name}`);
    }
  }

  // 5. Provenance: SHA-256 of every input file (model document, layers and their sidecars).
  const modelDir = run.modelDir;
  // The model document itself: its file when it still exists (the CLI), else the document as
  // recorded in the provenance (the app runs a temporary copy), hashed as written there.
  const modelFile = modelFileIn(prov, modelDir);
  const modelText = JSON.stringify(prov.model, null, 2) + '\n';
  const inputs: { layer: string; path: string; bytes: number; sha256: string }[] = [
    modelFile
      ? { layer: '(model)', path: basename(modelFile), ...(await fileFacts(modelFile)) }
      : { layer: '(model)', path: '(provenance.json: model)', bytes: Buffer.byteLength(modelText), sha256: createHash('sha256').update(modelText).digest('hex') },
  ];
  for (const [id, ref] of Object.entries(run.model.layers)) {
    for (const f of layerFiles(containedPath(modelDir, ref.path, `provenance.json: model layer ${id}`))) {
      inputs.push({ layer: id, path: relative(modelDir, f).split(sep).join('/'), ...(await fileFacts(f)) });
    }
  }
  await writeFileAtomic(provPath, JSON.stringify({ ...prov, inputs }, null, 2) + '\n');
  step('provenance');

  // 6. 说明.txt listing every file.
  const files: PackageFile[] = [];
  for (const p of await listFiles(dir)) {
    const rel = relative(dir, p).split(sep).join('/');
    if (rel === '说明.txt') continue;
    files.push({ path: rel, ...(await fileFacts(p)), description: describe(rel) });
  }
  await writeFileAtomic(join(dir, '说明.txt'), readmeText(prov, run, files, date));
  return files;
}
