/**
 * Binding the slots of the chosen census templates to the layers of a catalogue: a slot gets a
 * layer only when the catalogue is sure — exactly one layer fits the slot's best kind of layer
 * in category, geometry, hazard, attribute and units or name (template.ts: every kind names at
 * least one of hazard, attribute, units, keywords, so category and geometry alone never bind).
 * Otherwise the slot stays open, as work to do, saying what it needs or which layers compete.
 * A slot several templates share (population density…) is one slot.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import type { Category } from '../../../src-shared/categories';
import type { Component } from '../../../src-shared/model';
import type { LayerMeta } from '../../../src-shared/layer';
import type { CatalogueLayer } from '../catalog/catalogueLayer';
import type { CensusTemplate, SlotExpectation, TemplateSlot } from './template';

/** A slot of the chosen templates: its id (the indicator id it becomes), the templates that have it, its component, name and weight in the first of them. */
export interface SlotRef {
  id: string;
  templates: string[];
  component: Component;
  name: { zh: string; en: string };
  weight: number;
}

/** A slot and the layer bound to it (absent: open, work to do), with why — and how: the kind of layer (`accepts` index) and the attribute that matched. */
export interface SlotBinding {
  slot: SlotRef;
  layer?: string;
  reason: { zh: string; en: string };
  accept?: number;
  field?: string;
}

const CATEGORY_ZH: Record<Category, string> = { hazard: '致灾因子', exposure: '承灾体', capacity: '减灾能力', hiddenDanger: '隐患', history: '历史灾害', admin: '行政区', basemap: '底图', result: '成果' };
const GEOMETRY_ZH: Record<SlotExpectation['geometry'], string> = { raster: '栅格', points: '点', lines: '线', polygons: '面' };
const GEOMETRY_EN: Record<SlotExpectation['geometry'], string> = { raster: 'raster', points: 'point', lines: 'line', polygons: 'polygon' };

function geometryFits(meta: LayerMeta, g: SlotExpectation['geometry']): boolean {
  if (meta.kind === 'raster') return g === 'raster';
  const re = g === 'points' ? /Point/ : g === 'lines' ? /LineString/ : g === 'polygons' ? /Polygon/ : null;
  return !!re && re.test(meta.geometryType);
}

/** How `l` fits kind `e` (the attribute matched, if it needs one), or null when it does not. */
export function fit(l: CatalogueLayer, e: SlotExpectation): { field?: string } | null {
  if (!e.category.includes(l.category) || !geometryFits(l.meta, e.geometry)) return null;
  if (e.hazard && !(l.hazard && e.hazard.includes(l.hazard))) return null;
  let field: string | undefined;
  if (e.field) {
    const names = e.field.names.map((n) => n.toLowerCase());
    field = l.meta.kind === 'vector' ? l.meta.fields.find((f) => (f.type === 'number' || f.type === 'integer') && names.includes(f.name.toLowerCase()))?.name : undefined;
    if (!field) return null;
  }
  if (e.units || e.keywords) {
    const units = !!(e.units && l.units && e.units.some((u) => u.toLowerCase() === l.units!.toLowerCase()));
    const text = `${l.name} ${l.file}`.toLowerCase();
    const word = !!e.keywords?.some((k) => text.includes(k.toLowerCase()));
    if (!units && !word) return null;
  }
  return field ? { field } : {};
}

/** What a kind of layer is, in both languages, for the reasons. */
function describe(e: SlotExpectation): { zh: string; en: string } {
  const zh = [`${e.category.map((c) => CATEGORY_ZH[c]).join('或')}类${GEOMETRY_ZH[e.geometry]}图层`];
  const en = [`a ${GEOMETRY_EN[e.geometry]} layer of category ${e.category.join(' or ')}`];
  if (e.hazard) {
    zh.push(`灾种 ${e.hazard.join('/')}`);
    en.push(`hazard ${e.hazard.join('/')}`);
  }
  if (e.field) {
    zh.push(`数值字段 ${e.field.names.join('/')}`);
    en.push(`a numeric field ${e.field.names.join('/')}`);
  }
  if (e.units) {
    zh.push(`单位 ${e.units.join('/')}`);
    en.push(`units ${e.units.join('/')}`);
  }
  if (e.keywords) {
    zh.push(`名称含 ${e.keywords.join('/')}`);
    en.push(`a name with ${e.keywords.join('/')}`);
  }
  return { zh: zh.join('，'), en: en.join(', ') };
}

/** The slots of the chosen templates in order, a shared slot once (with every template that has it). */
export function chosenSlots(templates: CensusTemplate[], ids: string[]): { ref: SlotRef; slot: TemplateSlot }[] {
  const out = new Map<string, { ref: SlotRef; slot: TemplateSlot }>();
  for (const id of ids) {
    const t = templates.find((x) => x.id === id) ?? unknownTemplate(id, templates);
    for (const s of t.slots) {
      const seen = out.get(s.id);
      if (seen) seen.ref.templates.push(t.id);
      else out.set(s.id, { ref: { id: s.id, templates: [t.id], component: s.component, name: s.name, weight: s.weight }, slot: s });
    }
  }
  return [...out.values()];
}

/**
 * How a layer the technician chose fits a slot: the first kind of layer (`accepts` index) it
 * fits and the attribute matched, or null when it fits none (the indicator builder then asks
 * for the method and fields itself).
 */
export function slotFit(slot: TemplateSlot, layer: CatalogueLayer): { accept: number; field?: string } | null {
  for (const [accept, e] of slot.accepts.entries()) {
    const f = fit(layer, e);
    if (f) return { accept, ...f };
  }
  return null;
}

function unknownTemplate(id: string, templates: CensusTemplate[]): never {
  throw new RiskAtlasError('E_ARG_INVALID', `no census template "${id}"; there are: ${templates.map((t) => t.id).join(', ')}`);
}

/**
 * Bind the slots of templates `hazardIds` (template ids, in the order given) to `layers`. For
 * each slot, its kinds of layer are tried best first; the first kind some layer fits decides:
 * one layer → bound; several → open, naming them (the technician chooses); none of any kind →
 * open, saying what it needs. Errors: E_ARG_INVALID for an unknown template id.
 */
export function bindTemplates(templates: CensusTemplate[], hazardIds: string[], layers: CatalogueLayer[]): { slots: SlotBinding[] } {
  const slots = chosenSlots(templates, hazardIds).map(({ ref, slot }): SlotBinding => {
    for (const [accept, e] of slot.accepts.entries()) {
      const fitting = layers.flatMap((l) => {
        const f = fit(l, e);
        return f ? [{ layer: l, ...f }] : [];
      });
      if (fitting.length === 1) {
        const { layer, field } = fitting[0]!;
        const how = describe(e);
        return {
          slot: ref,
          layer: layer.id,
          accept,
          ...(field ? { field } : {}),
          reason: { zh: `已绑定「${layer.name}」：${how.zh}${field ? `（字段 ${field}）` : ''}`, en: `bound to "${layer.name}": ${how.en}${field ? ` (field ${field})` : ''}` },
        };
      }
      if (fitting.length > 1) {
        const names = fitting.map((f) => `「${f.layer.name}」`).join('、');
        return { slot: ref, reason: { zh: `待办：${fitting.length} 个图层都符合（${names}），请选择一个`, en: `to do: ${fitting.length} layers fit (${fitting.map((f) => `"${f.layer.name}"`).join(', ')}); choose one` } };
      }
    }
    const needs = slot.accepts.map(describe);
    return { slot: ref, reason: { zh: `待办：需要${needs.map((n) => n.zh).join('；或')}`, en: `to do: needs ${needs.map((n) => n.en).join('; or ')}` } };
  });
  return { slots };
}
