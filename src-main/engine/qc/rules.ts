/**
 * Quality-control rules (docs/data.md "Quality control (质检)"): each rule has an id, a
 * severity and a check over one layer; findings name the layer and, where there is one,
 * the feature (1-based index) and its location, so the UI can zoom to it.
 */
import type { Feature, Position } from 'geojson';
import type { VectorLayer } from '../../../src-shared/layer';
import type { ErrorCode } from '../../../src-shared/errors';
import { polygonRings } from '../grid/rasterizePolygons';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  rule: string;
  severity: Severity;
  layer: string;
  /** 1-based feature number, when the finding is about one feature. */
  feature?: number;
  /** A location in the layer's CRS to zoom to. */
  at?: [number, number];
  /** What was found, in English. */
  message: string;
  /** The same in Chinese (absent in findings stored before QC spoke Chinese). */
  messageZh?: string;
}

export interface RuleInfo {
  id: string;
  severity: Severity;
  title: string;
}

/**
 * The rule list, for the report and docs/data.md. A rule marked "run refuses" finds what makes
 * `riskatlas run` stop with an error (see qc/inputs.ts, and the parity test that holds them together).
 */
export const RULES: RuleInfo[] = [
  { id: 'READ-01', severity: 'error', title: '图层无法读取 / layer cannot be read' },
  { id: 'CRS-01', severity: 'error', title: '缺少坐标系 / no CRS' },
  { id: 'CRS-02', severity: 'error', title: '坐标超出坐标系适用范围（坐标系可能有误） / coordinates outside the area of use of their CRS' },
  { id: 'CRS-03', severity: 'error', title: '坐标系无法确定为 EPSG 坐标系 / CRS not identified as an EPSG CRS' },
  { id: 'CRS-04', severity: 'error', title: '坐标无法转换到分析坐标系 / coordinates cannot be transformed to the analysis CRS' },
  { id: 'CRS-05', severity: 'warning', title: '无公布的基准转换，位置为近似值 / no published datum transformation: positions approximate' },
  { id: 'CRS-06', severity: 'warning', title: '指定的坐标系覆盖了文件自带的坐标系 / a stated CRS overrules the file\'s own' },
  { id: 'ENC-01', severity: 'error', title: '属性表文字编码无法确定 / text encoding undecided' },
  { id: 'EXT-01', severity: 'warning', title: '图层不在研究区内 / layer outside the study area' },
  { id: 'RAS-01', severity: 'warning', title: '栅格无数据比例过高 / raster mostly nodata' },
  { id: 'RAS-02', severity: 'error', title: '指标栅格在研究区内无有效值 / indicator raster has no valid cell in the study area' },
  { id: 'RAS-03', severity: 'warning', title: '栅格未声明无数据值但含疑似填充值 / raster declares no nodata but holds fill-like values' },
  { id: 'RNG-01', severity: 'error', title: '地震动峰值加速度超出 0–2 g / PGA outside 0–2 g' },
  { id: 'RNG-02', severity: 'error', title: '层数小于 1 / storeys below 1' },
  { id: 'RNG-03', severity: 'error', title: '建成年代晚于普查年份 / year built after the survey year' },
  { id: 'RNG-04', severity: 'error', title: '容纳人数或威胁人数为负 / negative capacity or people' },
  { id: 'FLD-01', severity: 'error', title: '必填字段缺失或为空 / required field missing or empty' },
  { id: 'FLD-02', severity: 'error', title: '模型使用的字段缺失、类型不符或筛选后为空 / a field the model uses is missing, of the wrong type, or filtered to nothing' },
  { id: 'DUP-01', severity: 'warning', title: '点位重复（距离过近） / duplicate points' },
  { id: 'GEO-01', severity: 'error', title: '面要素无效（环未闭合或自相交） / invalid polygon' },
  { id: 'USE-01', severity: 'error', title: '图层不符合模型中的用法（几何类型、波段、分类栅格插值） / layer does not fit its use in the model (geometry type, band, categorical raster interpolated)' },
  { id: 'ADM-01', severity: 'error', title: '行政区划代码格式错误 / malformed admin code' },
  { id: 'PIP-01', severity: 'warning', title: '点位不在其所属乡镇内 / point outside its declared township' },
];

/**
 * The refusals `riskatlas run` makes about a layer, and the QC rules that find each before the
 * run (tests/integration/qcParity.test.ts makes each refusal happen and checks QC finds it).
 * "reader error" stands for any code a reader gives a damaged file (E_SHP_CORRUPT, E_TIFF_CORRUPT…).
 */
export const RUN_REFUSALS: { code: ErrorCode | 'reader error'; rules: string[] }[] = [
  { code: 'E_CRS_MISSING', rules: ['CRS-01'] },
  { code: 'E_CRS_UNIDENTIFIED', rules: ['CRS-03'] },
  { code: 'E_CRS_UNKNOWN', rules: ['CRS-03'] },
  { code: 'E_CRS_TRANSFORM', rules: ['CRS-04'] },
  { code: 'E_ENCODING_UNDECIDED', rules: ['ENC-01'] },
  { code: 'E_ALL_NODATA', rules: ['RAS-02'] },
  { code: 'E_LAYER_GEOMETRY', rules: ['USE-01'] },
  { code: 'E_RASTER_BAND', rules: ['USE-01'] },
  { code: 'E_RASTER_CATEGORICAL', rules: ['USE-01'] },
  { code: 'E_FIELD_UNKNOWN', rules: ['FLD-02'] },
  { code: 'E_FIELD_NOT_NUMBER', rules: ['FLD-02'] },
  { code: 'E_FILTER_TYPE', rules: ['FLD-02'] },
  { code: 'E_FILTER_EMPTY', rules: ['FLD-02'] },
  { code: 'E_LAYER_OUTSIDE', rules: ['RAS-02'] },
  { code: 'reader error', rules: ['READ-01'] },
];

/** A finding's text in both languages. */
export interface Said {
  en: string;
  zh: string;
}
export const say = (en: string, zh: string): Said => ({ en, zh });

const severityOf = (id: string): Severity => RULES.find((r) => r.id === id)!.severity;
export const finding = (rule: string, layer: string, text: Said, extra: Partial<Finding> = {}): Finding => ({ rule, severity: severityOf(rule), layer, message: text.en, messageZh: text.zh, ...extra });

/** Fields the census requires, by the field names the layers use (Chinese and pinyin-initial forms). */
const REQUIRED: { layerHint: RegExp; fields: RegExp[]; label: string }[] = [
  { layerHint: /乡镇|township|xzq/i, fields: [/^(XZQDM|行政区划代码|代码)$/i, /^(XZQMC|名称|乡镇名称)$/i], label: 'XZQDM, XZQMC' },
  { layerHint: /避难|shelter/i, fields: [/^(RNRS|容纳人数|capacity)$/i], label: 'RNRS' },
  { layerHint: /隐患|danger/i, fields: [/^(WXRS|威胁人数)$/i], label: 'WXRS' },
];

function pointOf(f: Feature): [number, number] | undefined {
  const g = f.geometry;
  if (g?.type === 'Point') return [g.coordinates[0]!, g.coordinates[1]!];
  const ring = polygonRings(g)[0];
  return ring?.[0] ? [ring[0][0]!, ring[0][1]!] : undefined;
}

function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o = (p: Position, q: Position, r: Position): number => Math.sign((q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

/** Rings not closed, or with two non-adjacent edges crossing (checked for rings up to 2,000 vertices). */
function ringProblem(ring: Position[]): Said | null {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (ring.length < 4 || !first || !last || first[0] !== last[0] || first[1] !== last[1]) return say('ring not closed or has fewer than 4 points', '环未闭合或少于 4 个点');
  if (ring.length > 2000) return null;
  for (let i = 0; i + 1 < ring.length; i++)
    for (let j = i + 2; j + 1 < ring.length; j++) {
      if (i === 0 && j + 1 === ring.length - 1) continue; // first and last edges share the closing vertex
      if (segmentsCross(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return say(`edges ${i + 1} and ${j + 1} cross (self-intersection)`, `第 ${i + 1} 条边与第 ${j + 1} 条边相交（自相交）`);
    }
  return null;
}

/**
 * Checks on a vector layer's attributes and geometry. `name` identifies the layer in findings.
 * @param opts.metric coordinates are in metres (default true); without (a layer with no usable
 *   CRS) the duplicate-point rule, which measures distances, is skipped.
 */
export function checkVector(name: string, displayName: string, layer: VectorLayer, opts: { surveyYear: number; duplicateMetres: number; adminPrefix?: string; metric?: boolean }): Finding[] {
  const out: Finding[] = [];
  const feats = layer.features.features;
  const fields = layer.meta.fields.map((f) => f.name);
  const has = (re: RegExp): string | undefined => fields.find((f) => re.test(f));

  for (const req of REQUIRED) {
    if (!req.layerHint.test(`${name} ${displayName}`)) continue;
    for (const re of req.fields) {
      const field = has(re);
      if (!field) {
        out.push(finding('FLD-01', name, say(`required field missing (${req.label})`, `缺少必填字段（${req.label}）`)));
        continue;
      }
      feats.forEach((f, i) => {
        const v = f.properties?.[field];
        if (v === null || v === undefined || v === '') out.push(finding('FLD-01', name, say(`${field} is empty`, `${field} 为空`), { feature: i + 1, at: pointOf(f) }));
      });
    }
  }

  const numeric = (field: string | undefined, test: (v: number) => boolean, rule: string, msg: (v: number) => Said): void => {
    if (!field) return;
    feats.forEach((f, i) => {
      const raw = f.properties?.[field];
      if (raw === null || raw === undefined || raw === '') return;
      const v = Number(raw);
      if (!Number.isFinite(v) || test(v)) out.push(finding(rule, name, msg(v), { feature: i + 1, at: pointOf(f) }));
    });
  };
  numeric(has(/^(CS|层数|storeys|floors)$/i), (v) => v < 1, 'RNG-02', (v) => say(`storeys ${v} < 1`, `层数 ${v} 小于 1`));
  numeric(has(/^(JZND|建成年代|建造年代|year_built)$/i), (v) => v > opts.surveyYear, 'RNG-03', (v) => say(`built in ${v}, after the survey year ${opts.surveyYear}`, `建成于 ${v} 年，晚于普查年份 ${opts.surveyYear}`));
  for (const re of [/^(RNRS|容纳人数|capacity)$/i, /^(WXRS|威胁人数)$/i]) numeric(has(re), (v) => v < 0, 'RNG-04', (v) => say(`negative value ${v}`, `数值为负（${v}）`));

  const code = has(/^(XZQDM|行政区划代码)$/i);
  if (code) {
    feats.forEach((f, i) => {
      const v = String(f.properties?.[code] ?? '');
      // GB/T 2260 codes are 6 digits (county), 9 (township) or 12 (village), under the county's prefix.
      if (!/^(\d{6}|\d{9}|\d{12})$/.test(v) || (opts.adminPrefix && !v.startsWith(opts.adminPrefix))) {
        const under = opts.adminPrefix ? [` under ${opts.adminPrefix}`, `，且应以 ${opts.adminPrefix} 开头`] : ['', ''];
        out.push(finding('ADM-01', name, say(`admin code "${v}" is not a 6/9/12-digit code${under[0]}`, `行政区划代码“${v}”不是 6/9/12 位代码${under[1]}`), { feature: i + 1, at: pointOf(f) }));
      }
    });
  }

  if (layer.meta.geometryType === 'Point' && opts.metric !== false) {
    // Grid hashing by the tolerance: only neighbouring buckets are compared.
    const tol = opts.duplicateMetres;
    const buckets = new Map<string, number[]>();
    feats.forEach((f, i) => {
      const p = pointOf(f);
      if (!p) return;
      const bx = Math.floor(p[0] / tol);
      const by = Math.floor(p[1] / tol);
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (const j of buckets.get(`${bx + dx},${by + dy}`) ?? []) {
            const q = pointOf(feats[j]!)!;
            const d = Math.hypot(p[0] - q[0], p[1] - q[1]);
            if (d <= tol) out.push(finding('DUP-01', name, say(`within ${d.toFixed(1)} m of feature ${j + 1}`, `与要素 ${j + 1} 相距 ${d.toFixed(1)} 米`), { feature: i + 1, at: p }));
          }
      const key = `${bx},${by}`;
      buckets.set(key, [...(buckets.get(key) ?? []), i]);
    });
  }

  feats.forEach((f, i) => {
    for (const ring of polygonRings(f.geometry)) {
      const problem = ringProblem(ring);
      if (problem) {
        out.push(finding('GEO-01', name, problem, { feature: i + 1, at: pointOf(f) }));
        break;
      }
    }
  });
  return out;
}
