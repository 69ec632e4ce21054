/**
 * The model document as plain types and constants: a versioned JSON file that fully describes
 * a run (input layers, analysis grid, indicators, components, risk operator, classification,
 * outputs). The UI edits it, the CLI runs it, every output records it.
 *
 * These are the types of a document *after* validation (defaults filled in). The engine's zod
 * schema (`src-main/engine/model/document.ts`) validates untrusted JSON into exactly these
 * types — a compile-time assertion there fails the type check if the two ever differ — so the
 * renderer can use them without bundling zod.
 */
import type { Category } from './categories';

/** The components of a risk: hazard, exposure, vulnerability, capacity (C enters risk as lack of capacity, 1 − C). */
export const COMPONENTS = ['H', 'E', 'V', 'C'] as const;
export type Component = (typeof COMPONENTS)[number];

/** The risk operators a model may name; `riskIndex` in `engine/risk/combine.ts` gives each formula. */
export const RISK_OPERATORS = ['weightedSum', 'weightedProduct', 'hevc', 'hevOverC', 'geometricMean', 'max', 'inform', 'lightning', 'riskMatrix', 'nri'] as const;
export type RiskOperator = (typeof RISK_OPERATORS)[number];

/** Operators that need component weights, and the components they need. */
export const OPERATOR_NEEDS: Record<RiskOperator, { weights: boolean; components: Component[] }> = {
  weightedSum: { weights: true, components: ['H'] },
  weightedProduct: { weights: true, components: ['H'] },
  hevc: { weights: false, components: ['H'] },
  hevOverC: { weights: false, components: ['H', 'C'] },
  geometricMean: { weights: false, components: ['H'] },
  max: { weights: false, components: ['H'] },
  inform: { weights: false, components: ['H', 'E', 'V', 'C'] },
  lightning: { weights: true, components: ['H', 'E', 'V'] },
  riskMatrix: { weights: false, components: ['H'] },
  nri: { weights: false, components: ['H', 'E', 'V', 'C'] },
};

/**
 * Raster → grid resampling: nearest, bilinear (at the cell centre); average, mode (of every
 * source pixel under the cell, weighted by its share: for downsampling, mode for classes).
 */
export const RESAMPLE_METHODS = ['nearest', 'bilinear', 'average', 'mode'] as const;
export type ResampleMethod = (typeof RESAMPLE_METHODS)[number];

/**
 * Vector → grid (README, grid capabilities): presence (0/1), count (features), sum (of
 * `weightField`), density (count or sum per km²) — points in their cell, lines in every cell
 * they cross, polygons by cell centre; areaShare (exact fraction 0–1 of the cell covered by
 * polygons); lineDensity (m of line per km²); distance (m to the nearest point, line or
 * polygon, 0 inside); kernelDensity (quartic kernel of `radius`, per km²); coverage (2SFCA:
 * capacity `weightField` within `radius` per resident of the `population` raster).
 * Polygon attributes, area-weighted where polygons split a cell (each cell: the mean of its
 * polygons' values weighted by the share of the cell each covers; nodata where none does):
 * attribute (the numeric `field`); attributePerArea (`field` ÷ the polygon's own area in km²,
 * measured on the ellipsoid — e.g. people per km² of each township); ratio (`field` ÷
 * `denominator`, a zero denominator giving nodata or 0 as `zeroDenominator` says).
 */
export const RASTERIZE_METHODS = ['presence', 'count', 'sum', 'density', 'areaShare', 'lineDensity', 'distance', 'kernelDensity', 'coverage', 'attribute', 'attributePerArea', 'ratio'] as const;
export type RasterizeMethod = (typeof RASTERIZE_METHODS)[number];

/** Raw → indicator: minmax, rescale (with `range`), zscore, percentile, log10 (x+1, then min-max), sigmoid (of z), reclass (with `table`). */
export const TRANSFORMS = ['minmax', 'rescale', 'zscore', 'percentile', 'log10', 'sigmoid', 'reclass'] as const;
export type TransformName = (typeof TRANSFORMS)[number];

/** How the index is classed into grades; `fixed` takes the thresholds from the model. */
export const CLASSIFICATION_METHODS = ['jenks', 'quantile', 'equalInterval', 'stdDev', 'kmeans', 'fixed'] as const;
export type ClassificationMethod = (typeof CLASSIFICATION_METHODS)[number];

/** An input layer, by a path relative to the model file's folder (never absolute, never leaving it). */
export interface LayerRef {
  path: string;
  name: string;
  category: Category;
  hazard?: string;
  units?: string;
  /**
   * A raster whose values are class codes (land use, susceptibility classes, lithology): it is
   * never interpolated — an indicator on it resamples by nearest or mode, never bilinear or
   * average. Set by the catalogue from the data type and values; the technician may change it.
   */
  categorical?: boolean;
  /** The attribute that names a feature on the sheets (township names…); default: a field named XZQMC, NAME, MC or 名称. */
  labelField?: string;
  /** EPSG code to use when the file carries no CRS (e.g. a shapefile without .prj), or one RiskAtlas could not identify; it wins over the file's. */
  crs?: number;
  /** Text encoding of a shapefile's attributes (e.g. "gbk", "windows-1252"), when its .cpg and language-driver byte are missing or wrong. */
  encoding?: string;
}

/**
 * Which features of a vector layer an indicator counts: those whose `field` passes every
 * condition given — `eq` (equal; a number for a numeric field, text for a text field), `in`
 * (one of the values), `lt`/`gt` (numeric fields only). The run refuses a filter on a field the
 * layer lacks, a value of the wrong type, and a filter that leaves no feature.
 */
export interface FeatureFilter {
  field: string;
  lt?: number;
  gt?: number;
  eq?: number | string;
  in?: (number | string)[];
}

/**
 * One class of a reclass transform: a range — raw values in [min, max) become `value` (the
 * top class also takes its max), e.g. slope classes — or a code — raw values equal to `code`
 * become `value`, e.g. land-use codes. Values in no class become nodata.
 */
export type ReclassEntry = { min: number; max: number; value: number } | { code: number; value: number };

/** An indicator: a layer brought onto the analysis grid and normalised. */
export interface IndicatorSpec {
  id: string;
  /** Display name (Chinese, e.g. 人口密度), shown wherever the id would be: panels, legends, sheet titles. */
  name?: string;
  /** The census-template slot this indicator fills ("population_density"); see `templates`. */
  slot?: string;
  layer: string;
  /** Raster band (1-based). */
  band?: number;
  resample?: ResampleMethod;
  rasterize?: RasterizeMethod;
  /** Search radius in metres (kernelDensity, coverage). */
  radius?: number;
  /** Numeric attribute: point weight (kernelDensity, density), value summed (sum), capacity (coverage, e.g. RNRS 容纳人数). */
  weightField?: string;
  /** Layer id of the population raster (people per cell) the coverage indicator divides by. */
  population?: string;
  /** Numeric attribute of polygons: its value (attribute), per km² of the polygon (attributePerArea), or the numerator (ratio). */
  field?: string;
  /** ratio: the numeric attribute divided by. */
  denominator?: string;
  /** ratio: what a polygon whose denominator is 0 gives — nodata (left out) or 0. */
  zeroDenominator?: 'nodata' | 'zero';
  filter?: FeatureFilter;
  transform: TransformName;
  range?: [number, number];
  table?: ReclassEntry[];
  /** positive: larger raw value → larger indicator; negative (cost): the reverse. */
  direction: 'positive' | 'negative';
}

/** Expert (direct) weights: indicator id → weight, summing to 1. */
export type ExpertWeights = Record<string, number>;

/**
 * How a component weighs its indicators by a method: AHP from a Saaty pairwise matrix (rows in
 * `indicators` order), entropy weights from the data, or both combined (linear
 * α·AHP + (1 − α)·entropy, or multiplicative).
 */
export type WeightMethodSpec =
  | { method: 'ahp'; indicators: string[]; matrix: number[][] }
  | { method: 'entropy'; indicators: string[] }
  | { method: 'combined'; indicators: string[]; matrix: number[][]; mode: 'linear' | 'multiplicative'; alpha: number };

/** How a component weighs its indicators: direct expert weights, or a method. */
export type ComponentSpec = WeightMethodSpec | ExpertWeights;

/** Component → how its indicators are weighted; any may be absent. */
export interface ComponentsSpec {
  H?: ComponentSpec;
  E?: ComponentSpec;
  V?: ComponentSpec;
  C?: ComponentSpec;
}

/**
 * A class × class risk matrix (e.g. hazard class × vulnerability class → risk level): the
 * row component's value is classed by `rowThresholds` and the column component's by
 * `columnThresholds` (ascending inner thresholds on the [0, 1] component scale; class i
 * holds values in (t[i−1], t[i]], the first class also everything ≤ t[0]); the cell's risk is
 * `table[row class][column class]`.
 */
export interface RiskMatrixSpec {
  rows: Component;
  columns: Component;
  rowThresholds: number[];
  columnThresholds: number[];
  table: number[][];
}

/** How a hazard's (or the single) risk is computed from its components. */
export interface RiskSpec {
  operator: RiskOperator;
  /** Component weights (weightedSum: sum to 1; weightedProduct: exponents; lightning: E and V). */
  weights?: Partial<Record<Component, number>>;
  /** Lower bound of C for hevOverC and nri (default 0.1). */
  floor?: number;
  /** For riskMatrix. */
  matrix?: RiskMatrixSpec;
}

/**
 * One hazard of a multi-hazard (version 2) model: its own components (any component it
 * leaves out is taken from the model's shared `components`, e.g. one exposure and one
 * capacity for every hazard) and its own risk operator (default: the model's `risk`).
 * Its single-hazard risk grid is written as `outputs.hazardIndex` with {id} replaced.
 */
export interface HazardSpec {
  id: string;
  /** Display name, e.g. 滑坡; defaults to the census name of the id (landslide → 滑坡). */
  name?: string;
  components: ComponentsSpec;
  /**
   * Instead of its own H: the indicators of the model's shared H that belong to this hazard.
   * Its H is then the shared H restricted to them (weights rescaled to sum to 1), and its
   * default weight in the comprehensive risk is their share of the shared H weights — so
   * with a weighted-sum risk and hazards that split H, the comprehensive risk equals the
   * single-H model's risk, and the single-hazard risks show where it comes from.
   */
  indicators?: string[];
  risk?: RiskSpec;
  /** Weight of this hazard in the comprehensive risk (weightedSum: weights sum to 1). */
  weight?: number;
}

/**
 * (v2) An exposure type (人口, 房屋, 经济…): every risk is computed again with its own E (and
 * V, when given) in place of the model's, and combined over the hazards like the
 * comprehensive risk — one comprehensive risk per exposure type, written as
 * `outputs.exposureIndex`. The main index and its classes are unchanged by them.
 */
export interface ExposureSpec {
  id: string;
  name: string;
  components: { E: ComponentSpec; V?: ComponentSpec };
}

/** The analysis grid. */
export interface ModelGrid {
  epsg: number;
  /** Cell size in metres (the grid CRS must be projected). */
  cellSize: number;
  /** Layer id whose polygons define the study area and the grid extent. */
  studyArea: string;
  /**
   * The features of the study-area layer that make the study area: those whose `field` has one
   * of `values` (e.g. one county of a layer of counties). Absent: every feature (the layer dissolved).
   */
  studyFeatures?: { field: string; values: (string | number)[] };
  /**
   * (v2) Snap point [x, y] in the grid CRS: the grid origin lies on it plus whole cells,
   * so that grids of different runs line up with an existing raster. Default [0, 0].
   */
  snap?: [number, number];
  /**
   * (v2) Excluded land (water bodies, uninhabited areas…): cells whose centre lies in a
   * polygon of `layer` are either nodata in every output (`as: "nodata"`) or given the
   * fixed grade `restricted` (`as: "restricted"`, grade value k + 1, named `name`) and
   * left out of indicator statistics and class breaks either way.
   */
  exclude?: { layer: string; as: 'nodata' | 'restricted'; name: string };
}

/** How the index is classed into grades. */
export interface ClassificationSpec {
  method: ClassificationMethod;
  /** Inner thresholds for `fixed`, ascending, one fewer than the classes. */
  thresholds?: number[];
  classes: number;
  scheme: string;
}

/**
 * Prevention zoning: capacity grades (quantiles of a component, 1 = weakest) against risk
 * grades through `matrix` (rows: risk grade 1…k, columns: capacity grade 1…m; values: zone
 * 1 = 重点, 2 = 次重点, 3 = 一般), then a majority filter and a minimum mapping unit.
 */
export interface ZoningSpec {
  capacity: Component;
  capacityClasses: number;
  matrix?: number[][];
  names?: string[];
  majority?: number;
  minAreaKm2?: number;
}

/** Output file paths, relative to the output folder. */
export interface ModelOutputs {
  index: string;
  grade: string;
  png: string;
  stats: string;
  zoning: string;
  /** Zone polygons: a shapefile of this name (without extension). */
  zones: string;
  /** (v2) Single-hazard risk GeoTIFF of each hazard; {id} is replaced by the hazard id. */
  hazardIndex: string;
  /** (v2) Comprehensive risk GeoTIFF of each exposure type; {id} is replaced by the exposure id. */
  exposureIndex: string;
}

/** A validated model document. */
export interface ModelDocument {
  riskatlas: 'model';
  /** 1: one risk from `components` and `risk`. 2: adds `hazards`, `comprehensive`, masks and snapping. Version 1 documents still run. */
  version: 1 | 2;
  name: string;
  /** The assessed area: its name (黄河示范县) and 行政区划代码 (GB/T 2260: 6, 9 or 12 digits), printed on the sheets and in the package. */
  area?: { name: string; code?: string };
  /** 制图单位 / 编制单位: who compiled the assessment, printed on the sheets. */
  compiler?: string;
  /** Census templates (resources/templates) the model was started from; their slots without an indicator are work to do. */
  templates?: string[];
  grid: ModelGrid;
  layers: Record<string, LayerRef>;
  indicators: IndicatorSpec[];
  /**
   * Without `hazards`: H (required), E, V, C of the one risk. With `hazards`: the components
   * shared by every hazard that does not define its own (H is then per hazard).
   */
  components: ComponentsSpec;
  /** The risk operator (without `hazards`), or the default operator of every hazard. */
  risk?: RiskSpec;
  /** (v2) Hazards, each giving a single-hazard risk; combined into the comprehensive risk. */
  hazards?: HazardSpec[];
  exposures?: ExposureSpec[];
  /** (v2) Single-hazard risks → comprehensive risk: hazard-weighted sum (weights sum to 1) or the cell-wise max. */
  comprehensive?: { method: 'weightedSum' | 'max' };
  /**
   * (v2) What the index raster holds and the classes are drawn on: the risk value (default),
   * or its percentile rank over the assessed cells in [0, 1] — the FEMA National Risk Index
   * reports scores this way. Percentile ranks are exact up to 10⁶ distinct risk values, then
   * shared by the cells of each of 65,536 histogram bins.
   */
  indexScore?: 'value' | 'percentile';
  /**
   * (v2) Named weight sets, kept with the document so alternatives can be compared and
   * restored: name → component → indicator weights (each set of weights sums to 1).
   */
  weightSets?: Record<string, Partial<Record<Component, ExpertWeights>>>;
  classification: ClassificationSpec;
  zoning?: ZoningSpec;
  /** What the statistics tables count: people from a population raster, per assessment unit (admin polygons). */
  statistics?: { population?: string; units?: string };
  outputs: ModelOutputs;
}

/** True when a component names a weighting method rather than listing expert weights. */
export function isMethodSpec(spec: ComponentSpec): spec is WeightMethodSpec {
  return typeof (spec as { method?: unknown }).method === 'string';
}

/** The indicator ids a component combines, in order. */
export function componentIndicators(spec: ComponentSpec): string[] {
  return isMethodSpec(spec) ? spec.indicators : Object.keys(spec);
}
