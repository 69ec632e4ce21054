/**
 * Pre-filling the catalogue: the census layer a file most likely is, from its name and
 * fields (e.g. 避难场所 with 容纳人数 → capacity; 隐患点 with 威胁人数 → hidden danger).
 * Only a suggestion — the technician confirms or edits it.
 */
import type { LayerMeta } from '../../../src-shared/layer';
import type { Category } from '../../../src-shared/categories';

export interface CatalogSuggestion {
  category: Category;
  hazard?: string;
  units?: string;
  /** Chinese layer name the census uses. */
  name: string;
  /** What matched, in English (the CLI prints it). */
  because: string;
  /** What matched, for the UI to say why in its language: the file name or a field (`match`). */
  by: 'fileName' | 'field';
  match: string;
}

interface Pattern {
  name: RegExp;
  fields?: RegExp;
  suggest: Omit<CatalogSuggestion, 'because' | 'by' | 'match'>;
}

/** Checked in order; the first pattern whose name or fields match wins. */
const PATTERNS: Pattern[] = [
  { name: /避难|shelter/i, fields: /^(RNRS|容纳人数)$/i, suggest: { category: 'capacity', name: '避难场所' } },
  { name: /储备|仓库|warehouse/i, fields: /^(RJ|库容)$/i, suggest: { category: 'capacity', name: '物资储备库' } },
  { name: /救援|rescue/i, suggest: { category: 'capacity', name: '救援队伍' } },
  { name: /消防|fire_?station/i, suggest: { category: 'capacity', name: '消防站' } },
  { name: /隐患|hidden|danger/i, fields: /^(WXRS|威胁人数|YHDBH)$/i, suggest: { category: 'hiddenDanger', name: '地质灾害隐患点' } },
  { name: /滑坡|landslide/i, suggest: { category: 'hazard', hazard: 'landslide', name: '滑坡易发性' } },
  { name: /崩塌|collapse/i, suggest: { category: 'hazard', hazard: 'collapse', name: '崩塌易发性' } },
  { name: /泥石流|debris/i, suggest: { category: 'hazard', hazard: 'debrisFlow', name: '泥石流易发性' } },
  { name: /洪水|淹没|flood/i, suggest: { category: 'hazard', hazard: 'flood', units: 'm', name: '洪水淹没水深' } },
  { name: /山洪|flash/i, suggest: { category: 'hazard', hazard: 'flashFlood', name: '山洪危险性' } },
  { name: /pga|峰值加速度|地震动|earthquake/i, suggest: { category: 'hazard', hazard: 'earthquake', units: 'g', name: '地震动峰值加速度' } },
  { name: /火险|火灾|fire_?danger|fuel/i, suggest: { category: 'hazard', hazard: 'forestFire', name: '森林火险' } },
  { name: /人口|pop/i, suggest: { category: 'exposure', units: '人', name: '人口' } },
  { name: /房屋|建筑|building/i, fields: /^(JGLX|结构类型|JZND|建成年代|CS|层数)$/i, suggest: { category: 'exposure', name: '房屋建筑' } },
  { name: /学校|school/i, fields: /^(XSS|学生数)$/i, suggest: { category: 'exposure', name: '学校' } },
  { name: /医院|卫生|hospital/i, fields: /^(CWS|床位数)$/i, suggest: { category: 'exposure', name: '医院' } },
  { name: /道路|公路|road/i, suggest: { category: 'exposure', name: '道路' } },
  { name: /历史|灾情|history/i, suggest: { category: 'history', name: '历史灾害' } },
  { name: /乡镇|街道|township|县界|行政|boundary|admin/i, fields: /^(XZQDM|XZQMC|行政区划代码)$/i, suggest: { category: 'admin', name: '行政区划' } },
  { name: /dem|高程|河流|水系|river/i, suggest: { category: 'basemap', name: '底图' } },
];

/** The census layer a file most likely is, or null when nothing matches. */
export function recogniseLayer(fileName: string, meta: LayerMeta): CatalogSuggestion | null {
  const base = fileName.replace(/^.*[\\/]/, '');
  const fields = meta.kind === 'vector' ? meta.fields.map((f) => f.name) : [];
  for (const p of PATTERNS) {
    if (p.name.test(base)) return { ...p.suggest, because: `file name "${base}"`, by: 'fileName', match: base };
    const field = p.fields ? fields.find((f) => p.fields!.test(f)) : undefined;
    if (field) return { ...p.suggest, because: `field ${field}`, by: 'field', match: field };
  }
  return null;
}
