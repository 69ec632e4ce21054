/**
 * The census template document (`resources/templates/<id>.json`): for one hazard, the
 * indicators of H, E, V and C the census technical guidelines name, each a *slot* saying what
 * layer it expects — census category, hazard, geometry, the attribute it reads — and how that
 * layer becomes an indicator by default (gridding, transform, direction, weight), with the
 * guideline or literature each default comes from. Validated here (zod, strict); the JSON Schema
 * in `resources/schema/template.schema.json` is generated from it (`npm run schema`).
 *
 * A slot id is the id of the indicator it becomes; the same id in two templates is one slot
 * (population density is the exposure of every hazard), which then must expect the same layers.
 */
import { z } from 'zod';
import { CATEGORIES } from '../../../src-shared/categories';
import { COMPONENTS, RASTERIZE_METHODS, RESAMPLE_METHODS, RISK_OPERATORS, TRANSFORMS } from '../../../src-shared/model';

const id = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'ids start with a letter and use letters, digits and _ (≤ 64)');
const text = z.object({ zh: z.string().min(1).max(400), en: z.string().min(1).max(400) }).strict();
const words = z.array(z.string().min(1).max(64)).min(1).max(30);

/** Where a default comes from: a guideline, standard or paper. */
const sourceSchema = z
  .object({
    id,
    /** As it is cited: number and title (e.g. "GB 18306-2015 中国地震动参数区划图"), or authors, year, title, journal. */
    title: z.string().min(1).max(300),
    /** What the template takes from it. */
    note: text.optional(),
  })
  .strict();

/** The indicator a slot's layer becomes, before the layer and its field are known. */
const indicatorDefaults = z
  .object({
    resample: z.enum(RESAMPLE_METHODS).optional(),
    rasterize: z.enum(RASTERIZE_METHODS).optional(),
    radius: z.number().positive().max(100_000).optional(),
    transform: z.enum(TRANSFORMS),
    range: z.tuple([z.number(), z.number()]).optional(),
    table: z
      .array(z.union([z.object({ min: z.number(), max: z.number(), value: z.number() }).strict(), z.object({ code: z.number(), value: z.number() }).strict()]))
      .min(1)
      .max(100)
      .optional(),
    direction: z.enum(['positive', 'negative']),
    /** Conditions of a filter on the slot's field (`expects.field` with `as: "filter"`), e.g. { "lt": 1990 } for buildings built before 1990. */
    filter: z.object({ lt: z.number().optional(), gt: z.number().optional(), eq: z.union([z.number(), z.string()]).optional() }).strict().optional(),
    zeroDenominator: z.enum(['nodata', 'zero']).optional(),
  })
  .strict();

/**
 * One kind of layer a slot takes. The catalogue binds a layer to it only when it is sure: the
 * category, the geometry, the hazard (when given), the attribute (when given), and the units or
 * a keyword of its name or file (when given) all fit. At least one of hazard, field, units and
 * keywords is required, so that no slot binds on category and geometry alone.
 */
const expectationSchema = z
  .object({
    category: z.array(z.enum(CATEGORIES)).min(1),
    geometry: z.enum(['raster', 'points', 'lines', 'polygons']),
    /** The layer's hazard must be one of these (the catalogue's hazard ids, e.g. landslide, flood). */
    hazard: z.array(id).min(1).max(20).optional(),
    /** A numeric attribute of one of these names (any letter case), read as the indicator's `weightField`, `field` or the field of its filter. */
    field: z.object({ names: words, as: z.enum(['weightField', 'field', 'filter']) }).strict().optional(),
    /** The layer's units must be one of these (e.g. "m", "g"). */
    units: words.optional(),
    /** The layer's name or file name must contain one of these (any letter case), e.g. "dem", "高程". */
    keywords: words.optional(),
    indicator: indicatorDefaults,
  })
  .strict()
  .refine((e) => e.hazard || e.field || e.units || e.keywords, { message: 'an expectation needs hazard, field, units or keywords: category and geometry alone never make the catalogue sure' });

const slotSchema = z
  .object({
    id,
    component: z.enum(COMPONENTS),
    name: text,
    /** Weight within its component in this template; the weights of a component sum to 1. */
    weight: z.number().positive().max(1),
    /** The layers the slot takes, best first. */
    accepts: z.array(expectationSchema).min(1).max(5),
    /** Ids of the template's sources the defaults come from. */
    sources: z.array(id).min(1).max(5),
    note: text.optional(),
  })
  .strict();

export const templateSchema = z
  .object({
    /** The JSON Schema the file follows, for editors (resources/schema/template.schema.json). */
    $schema: z.string().max(300).optional(),
    riskatlas: z.literal('template'),
    version: z.literal(1),
    id,
    name: text,
    /** The catalogue hazard ids of this hazard's layers (e.g. landslide, collapse, debrisFlow for 地质灾害). */
    hazards: z.array(id).min(1).max(20),
    description: text,
    sources: z.array(sourceSchema).min(1).max(30),
    risk: z
      .object({
        operator: z.enum(RISK_OPERATORS),
        weights: z.partialRecord(z.enum(COMPONENTS), z.number().min(0).max(1)).optional(),
        sources: z.array(id).min(1).max(5),
        note: text.optional(),
      })
      .strict(),
    slots: z.array(slotSchema).min(1).max(40),
  })
  .strict();

export type CensusTemplate = z.infer<typeof templateSchema>;
export type TemplateSlot = CensusTemplate['slots'][number];
export type SlotExpectation = TemplateSlot['accepts'][number];

/** The JSON Schema (draft 2020-12) of a template document, as text. Cross-field rules (weights summing to 1, sources cited) are checked by loadTemplates. */
export function templateSchemaJson(): string {
  const schema = z.toJSONSchema(templateSchema, { io: 'input' }) as Record<string, unknown>;
  return (
    JSON.stringify(
      {
        ...schema,
        $id: 'https://riskatlas.invalid/schema/template-v1.json',
        title: 'RiskAtlas census template, version 1',
        description: 'The indicators of H, E, V and C for one hazard as slots: the layer each expects, its default gridding, transform, direction and weight, and the sources of the defaults.',
      },
      null,
      2,
    ) + '\n'
  );
}
