/**
 * The model document's zod schema: what turns untrusted JSON into a `ModelDocument` field by
 * field (ids, relative paths, each indicator kind's options, weights, the risk operator,
 * outputs). The cross-field checks zod cannot express are in document.ts (`parseModel`); the
 * JSON Schema in `resources/schema/model.schema.json` is generated from this one
 * (`npm run schema`), and a compile-time assertion below keeps it equal to the shared types.
 */
import { z } from 'zod';
import { CATEGORIES } from '../../../src-shared/categories';
import {
  CLASSIFICATION_METHODS,
  COMPONENTS,
  RASTERIZE_METHODS,
  RESAMPLE_METHODS,
  RISK_OPERATORS,
  TRANSFORMS,
  type ComponentSpec,
  type ComponentsSpec,
  type HazardSpec,
  type IndicatorSpec,
  type LayerRef,
  type ModelDocument,
  type RiskSpec,
  type WeightMethodSpec,
} from '../../../src-shared/model';


/** Ids are used as keys and file-name parts: keep them tame. */
const id = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'ids start with a letter and use letters, digits and _ (≤ 64)');

/** A path relative to the model file's folder; never absolute, never escaping it. */
const relPath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !/^([A-Za-z]:)?[\\/]/.test(p) && !p.split(/[\\/]/).includes('..'), {
    message: 'paths are relative to the model file and may not leave its folder',
  });

/**
 * An output's file name. Outputs are written into the output folder, so a name with a folder in
 * it is refused here: a sub-folder used to pass and fail with E_WRITE only when the outputs were
 * written, after the whole compute.
 */
const outputName = relPath.refine((p) => !/[\\/]/.test(p), { message: 'outputs are written into the output folder: give a file name without folders' });

export const layerRefSchema = z
  .object({
    path: relPath,
    name: z.string().min(1).max(200),
    category: z.enum(CATEGORIES),
    hazard: z.string().max(64).optional(),
    units: z.string().max(32).optional(),
    categorical: z.boolean().optional(),
    labelField: z.string().min(1).max(64).optional(),
    crs: z.number().int().positive().optional(),
    encoding: z.string().min(1).max(40).optional(),
  })
  .strict();

/** An attribute name as the readers give it (shapefile fields are ≤ 10 bytes, others longer). */
const fieldName = z.string().min(1).max(64);
const fieldValue = z.union([z.number(), z.string().max(200)]);

const filterSchema = z
  .object({
    field: fieldName,
    lt: z.number().optional(),
    gt: z.number().optional(),
    eq: fieldValue.optional(),
    in: z.array(fieldValue).min(1).max(1000).optional(),
  })
  .strict()
  .refine((f) => f.lt !== undefined || f.gt !== undefined || f.eq !== undefined || f.in !== undefined, { message: 'a filter needs a condition: eq, in, lt or gt' });

const reclassEntry = z.union([z.object({ min: z.number(), max: z.number(), value: z.number() }).strict(), z.object({ code: z.number(), value: z.number() }).strict()]);

/** Methods that read a numeric attribute of polygons through `field`. */
const FIELD_METHODS = new Set(['attribute', 'attributePerArea', 'ratio']);

export const indicatorSchema = z
  .object({
    id,
    name: z.string().min(1).max(100).optional(),
    slot: id.optional(),
    layer: id,
    band: z.number().int().min(1).optional(),
    resample: z.enum(RESAMPLE_METHODS).optional(),
    rasterize: z.enum(RASTERIZE_METHODS).optional(),
    radius: z.number().positive().max(100_000).optional(),
    weightField: z.string().min(1).max(64).optional(),
    population: id.optional(),
    field: fieldName.optional(),
    denominator: fieldName.optional(),
    zeroDenominator: z.enum(['nodata', 'zero']).optional(),
    filter: filterSchema.optional(),
    transform: z.enum(TRANSFORMS).default('minmax'),
    range: z.tuple([z.number(), z.number()]).optional(),
    table: z.array(reclassEntry).min(1).max(100).optional(),
    direction: z.enum(['positive', 'negative']).default('positive'),
  })
  .strict()
  .superRefine((ind, ctx) => {
    const need = (ok: boolean, path: string, message: string): void => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    need(ind.rasterize !== 'sum' || ind.weightField !== undefined, 'weightField', 'sum needs the numeric field to add up');
    need(ind.rasterize !== 'coverage' || ind.radius !== undefined, 'radius', 'coverage needs a radius in metres');
    need(ind.rasterize !== 'coverage' || ind.weightField !== undefined, 'weightField', 'coverage needs the capacity field (e.g. RNRS)');
    need(ind.rasterize !== 'coverage' || ind.population !== undefined, 'population', 'coverage needs the population raster layer');
    need(ind.population === undefined || ind.rasterize === 'coverage', 'population', 'population is only used by rasterize: coverage');
    const usesField = ind.rasterize !== undefined && FIELD_METHODS.has(ind.rasterize);
    need(!usesField || ind.field !== undefined, 'field', `${ind.rasterize} needs the numeric field of the polygons`);
    need(ind.field === undefined || usesField, 'field', 'field is read by rasterize: attribute, attributePerArea and ratio');
    need(ind.rasterize !== 'ratio' || ind.denominator !== undefined, 'denominator', 'ratio needs the denominator field');
    need(ind.rasterize !== 'ratio' || ind.zeroDenominator !== undefined, 'zeroDenominator', 'ratio needs the rule for a zero denominator: "nodata" or "zero"');
    need((ind.denominator === undefined && ind.zeroDenominator === undefined) || ind.rasterize === 'ratio', 'denominator', 'denominator and zeroDenominator are only used by rasterize: ratio');
  });

/** Expert weights: each in [0, 1] (their sum is checked by parseModel). */
const expertWeights = z.record(id, z.number().min(0).max(1));

const pairwise = z.array(z.array(z.number().positive().finite()).min(1).max(15)).min(1).max(15);

const methodSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('ahp'), indicators: z.array(id).min(1).max(15), matrix: pairwise }).strict(),
  z.object({ method: z.literal('entropy'), indicators: z.array(id).min(1).max(200) }).strict(),
  z
    .object({
      method: z.literal('combined'),
      indicators: z.array(id).min(1).max(15),
      matrix: pairwise,
      mode: z.enum(['linear', 'multiplicative']).default('linear'),
      alpha: z.number().min(0).max(1).default(0.5),
    })
    .strict(),
]);
const componentSchema = z.union([methodSchema, expertWeights]);

const riskSchema = z
  .object({
    operator: z.enum(RISK_OPERATORS),
    weights: z.partialRecord(z.enum(COMPONENTS), z.number().min(0).max(1)).optional(),
    floor: z.number().positive().max(1).optional(),
    matrix: z
      .object({
        rows: z.enum(COMPONENTS),
        columns: z.enum(COMPONENTS),
        rowThresholds: z.array(z.number().finite()).min(1).max(11),
        columnThresholds: z.array(z.number().finite()).min(1).max(11),
        table: z.array(z.array(z.number().finite()).min(2).max(12)).min(2).max(12),
      })
      .strict()
      .optional(),
  })
  .strict();

const componentsSchema = z
  .object({ H: componentSchema.optional(), E: componentSchema.optional(), V: componentSchema.optional(), C: componentSchema.optional() })
  .strict();

const hazardSchema = z
  .object({
    id,
    name: z.string().min(1).max(64).optional(),
    components: componentsSchema.default({}),
    indicators: z.array(id).min(1).max(15).optional(),
    risk: riskSchema.optional(),
    weight: z.number().min(0).max(1).optional(),
  })
  .strict();

export const modelSchema = z
  .object({
    riskatlas: z.literal('model'),
    version: z.union([z.literal(1), z.literal(2)]),
    name: z.string().min(1).max(200),
    area: z
      .object({
        name: z.string().min(1).max(100),
        code: z
          .string()
          .regex(/^\d{6}(\d{3}){0,2}$/, '行政区划代码 (GB/T 2260) has 6, 9 or 12 digits')
          .optional(),
      })
      .strict()
      .optional(),
    compiler: z.string().min(1).max(200).optional(),
    templates: z.array(id).min(1).max(20).optional(),
    grid: z
      .object({
        epsg: z.number().int().positive(),
        cellSize: z.number().positive().max(10_000),
        studyArea: id,
        studyFeatures: z.object({ field: fieldName, values: z.array(fieldValue).min(1).max(10_000) }).strict().optional(),
        snap: z.tuple([z.number(), z.number()]).optional(),
        exclude: z
          .object({ layer: id, as: z.enum(['nodata', 'restricted']).default('nodata'), name: z.string().min(1).max(40).default('禁止开发区') })
          .strict()
          .optional(),
      })
      .strict(),
    layers: z.record(id, layerRefSchema),
    indicators: z.array(indicatorSchema).max(200),
    components: componentsSchema,
    risk: riskSchema.optional(),
    hazards: z.array(hazardSchema).min(1).max(20).optional(),
    exposures: z
      .array(
        z
          .object({
            id,
            name: z.string().min(1).max(64),
            components: z.object({ E: componentSchema, V: componentSchema.optional() }).strict(),
          })
          .strict(),
      )
      .min(1)
      .max(10)
      .optional(),
    comprehensive: z.object({ method: z.enum(['weightedSum', 'max']).default('weightedSum') }).strict().optional(),
    indexScore: z.enum(['value', 'percentile']).optional(),
    weightSets: z.record(id, z.partialRecord(z.enum(COMPONENTS), expertWeights)).optional(),
    classification: z
      .object({
        method: z.enum(CLASSIFICATION_METHODS),
        thresholds: z.array(z.number()).min(1).max(11).optional(),
        classes: z.number().int().min(2).max(12).default(5),
        scheme: z.string().min(1).max(32).default('high5'),
      })
      .strict(),
    zoning: z
      .object({
        capacity: z.enum(COMPONENTS).default('C'),
        capacityClasses: z.number().int().min(2).max(9).default(3),
        matrix: z.array(z.array(z.number().int().min(1).max(9)).min(1).max(9)).min(1).max(12).optional(),
        names: z.array(z.string().min(1).max(40)).min(1).max(9).optional(),
        majority: z.number().int().min(3).max(15).optional(),
        minAreaKm2: z.number().positive().max(10_000).optional(),
      })
      .strict()
      .optional(),
    statistics: z.object({ population: id.optional(), units: id.optional() }).strict().optional(),
    outputs: z
      .object({
        index: outputName.default('risk_index.tif'),
        grade: outputName.default('risk_grade.tif'),
        png: outputName.default('risk_grade.png'),
        stats: outputName.default('risk_stats.csv'),
        zoning: outputName.default('zoning.tif'),
        zones: outputName.default('zoning'),
        hazardIndex: outputName.default('hazard_{id}_risk.tif'),
        exposureIndex: outputName.default('exposure_{id}_risk.tif'),
      })
      .strict(),
  })
  .strict();

/** `true` exactly when A and B are the same type — not merely assignable one way or both. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

/**
 * Compile-time proof that validation yields exactly the shared types: each entry only
 * type-checks while the schema's output type and the src-shared/model.ts type are identical,
 * so `tsc` fails here the moment one is edited without the other.
 */
export type SchemaMatchesSharedTypes = [
  Expect<Same<z.output<typeof modelSchema>, ModelDocument>>,
  Expect<Same<z.output<typeof indicatorSchema>, IndicatorSpec>>,
  Expect<Same<z.output<typeof layerRefSchema>, LayerRef>>,
  Expect<Same<z.output<typeof componentSchema>, ComponentSpec>>,
  Expect<Same<z.output<typeof methodSchema>, WeightMethodSpec>>,
  Expect<Same<z.output<typeof componentsSchema>, ComponentsSpec>>,
  Expect<Same<z.output<typeof riskSchema>, RiskSpec>>,
  Expect<Same<z.output<typeof hazardSchema>, HazardSpec>>,
];
