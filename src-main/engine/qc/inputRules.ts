/**
 * QC of what a layer is before what it holds: its CRS (missing, not identified, overruled by a
 * statement, coordinates outside its area of use, no published datum shift) and, for a
 * shapefile, its text encoding. The run's refusals about these (qc/inputs.ts) are errors here.
 */
import type { LayerMeta } from '../../../src-shared/layer';
import { messageFor } from '../../../src-shared/messages';
import type { ErrorInfo } from '../../../src-shared/errors';
import { epsgTable, type LonLatBox } from '../crs/epsgTable';
import { lonLatBoxOf } from '../crs/identify';
import { describeCrs, describeShift } from '../crs/layerCrs';
import { datumRouteBetween } from '../crs/registry';
import { finding, say, type Finding } from './rules';

/** Two boxes overlap once each is grown by `margin` degrees (the area of use of a 3° zone is left and right of it too). */
function apart(a: LonLatBox, b: LonLatBox, margin: number): boolean {
  const wrap = (box: LonLatBox): boolean => box[0] > box[2];
  if (wrap(a) || wrap(b)) return false;
  return a[2] + margin < b[0] || b[2] + margin < a[0] || a[3] + margin < b[1] || b[3] + margin < a[1];
}

/** Degrees an extent may lie beyond its CRS's area of use before it is taken for a wrong CRS. */
const AREA_MARGIN = 1.5;

/**
 * CRS findings for a layer: CRS-01 none, CRS-03 not identified (with the candidates), CRS-06 a
 * statement overruling the file, CRS-02 coordinates outside the CRS's area of use, CRS-05 no
 * published datum shift between the layer and `analysis` (the analysis CRS; without one, to WGS 84).
 */
export function checkLayerCrs(name: string, meta: LayerMeta, analysis?: number): Finding[] {
  const crs = meta.crs;
  if (!crs) return [finding('CRS-01', name, say('the layer has no coordinate reference system; state it', '图层没有坐标系，请指定坐标系'))];
  const out: Finding[] = [];
  const id = crs.identification;
  if (crs.epsg === null) {
    const list = (id?.candidates ?? []).map((c) => `EPSG:${c.epsg} ${c.name}`).join(', ');
    out.push(finding('CRS-03', name, say(`${describeCrs(crs)}; state its EPSG code`, `坐标系无法确定为 EPSG 坐标系（${crs.name}）${list ? `，候选：${list}` : ''}，请指定 EPSG 代码`)));
  }
  if (id?.overrules) out.push(finding('CRS-06', name, say(`the stated EPSG:${crs.epsg} overrules the file's own CRS (${id.overrules})`, `指定的 EPSG:${crs.epsg} 覆盖了文件自带的坐标系（${id.overrules}）`)));
  const geographic = crs.proj4.startsWith('+proj=longlat');
  const box = lonLatBoxOf(crs.proj4.replace(/\s*\+towgs84=\S+/, ''), geographic, meta.extent);
  const area = crs.epsg === null ? null : (epsgTable().projected.get(crs.epsg)?.area ?? epsgTable().geographic.get(crs.epsg)?.area ?? null);
  const extent = meta.extent;
  if (extent && area && (!box || apart(box, area, AREA_MARGIN))) {
    const where = box ? `lon/lat ${box.map((v) => v.toFixed(3)).join(', ')}` : `${extent.map((v) => +v.toFixed(3)).join(', ')}, which are no position in it`;
    out.push(finding('CRS-02', name, say(`coordinates (${where}) lie outside the area of use of EPSG:${crs.epsg} ${crs.name}: is the CRS right?`, `坐标（${where}）超出 EPSG:${crs.epsg} ${crs.name} 的适用范围，坐标系可能有误`)));
  }
  if (crs.epsg !== null) {
    const route = analysis === undefined ? null : datumRouteBetween(crs, analysis);
    if (route?.kind === 'approximate' || (!route && crs.datumShift === null)) {
      const text = route ? route.text : describeShift(crs);
      out.push(finding('CRS-05', name, say(text, `${crs.name}：无公布的基准转换参数，与其他基准之间的位置为近似值（经纬度直接沿用，误差可达数十至数百米）`)));
    }
  }
  return out;
}

/** ENC-01 when a shapefile's text encoding could not be decided (the run refuses it until it is stated). */
export function checkEncoding(name: string, meta: LayerMeta): Finding[] {
  if (meta.kind !== 'vector' || meta.encodingEvidence !== 'undecided') return [];
  return [
    finding(
      'ENC-01',
      name,
      say('the text encoding cannot be decided (no .cpg, no language-driver byte, text neither UTF-8 nor GBK); state it, e.g. windows-1252 or gbk', '无法确定属性表文字编码（无 .cpg、无语言驱动标识，文字既非 UTF-8 也非 GBK），请指定编码，如 windows-1252 或 gbk'),
    ),
  ];
}

/** A reader's error as a finding: CRS-01 for a missing CRS, CRS-03 for one RiskAtlas cannot compute, READ-01 otherwise. */
export function readFinding(name: string, info: ErrorInfo): Finding {
  const rule = info.code === 'E_CRS_MISSING' ? 'CRS-01' : info.code === 'E_CRS_UNKNOWN' ? 'CRS-03' : 'READ-01';
  return finding(rule, name, say(`${info.code}: ${info.message}`, `${info.code}：${messageFor(info.code, 'zh')}（${info.message}）`));
}
