/**
 * QC predicts the run: for every refusal `riskatlas run` makes about a layer (RUN_REFUSALS), a
 * copy of the demo county with that one fault makes the run stop with that code, naming the
 * layer's file — and QC of the same model finds it first, as an error under the rule that
 * RUN_REFUSALS names, on the same layer.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { demoModelPath } from '../../src-main/appPaths';
import { runModel } from '../../src-main/engine/pipeline/run';
import { runQc } from '../../src-main/engine/qc/runQc';
import { RUN_REFUSALS } from '../../src-main/engine/qc/rules';
import { readShapefile } from '../../src-main/engine/io/shapefile';
import { crsToWkt } from '../../src-main/engine/crs/wkt';
import { encodeDbf, encodeTiff, SHP, writeShapefile } from '../fixtures/io/makeFixtures';
import type { RiskAtlasError } from '../../src-shared/errors';

type Model = {
  grid: { cellSize: number };
  layers: Record<string, { path: string; categorical?: boolean }>;
  indicators: { id: string; rasterize?: string; weightField?: string; band?: number; resample?: string; filter?: Record<string, unknown> }[];
};

/** One fault: what it does to a copy of the demo county, the refusal it causes, and the layer it is about. */
interface Fault {
  name: string;
  code: string;
  layer: string;
  rule: string;
  make(dir: string, model: Model): void | Promise<void>;
}

const GRS80_UNKNOWN_GK =
  'PROJCS["GK_CM_111E",GEOGCS["GCS_unknown",DATUM["D_unknown",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",111.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const landslideTif = (projected: number, x0: number, value: (i: number) => number = (i) => i / 400): Uint8Array =>
  encodeTiff([{ width: 20, height: 20, dtype: 'float32', data: Array.from({ length: 400 }, (_, i) => value(i)), nodata: '-9999', geoTransform: [x0, 2000, 0, 4050000, 0, -2000], geoKeys: { model: 1, projected } }]);
const danger = (m: Model) => m.indicators.find((i) => i.id === 'h_danger')!;

const FAULTS: Fault[] = [
  { name: 'a shapefile without .prj', code: 'E_CRS_MISSING', layer: 'shelters', rule: 'CRS-01', make: (d) => rmSync(join(d, 'shelters.prj')) },
  { name: 'a .prj on GRS80 with an unknown datum', code: 'E_CRS_UNIDENTIFIED', layer: 'shelters', rule: 'CRS-03', make: (d) => writeFileSync(join(d, 'shelters.prj'), GRS80_UNKNOWN_GK) },
  { name: 'a GeoTIFF declaring a CRS RiskAtlas cannot compute', code: 'E_CRS_UNKNOWN', layer: 'landslide', rule: 'CRS-03', make: (d) => writeFileSync(join(d, 'landslide_susceptibility.tif'), landslideTif(22300, 460000)) },
  {
    name: 'points no position of their CRS reaches',
    code: 'E_CRS_TRANSFORM',
    layer: 'shelters',
    rule: 'CRS-04',
    make: (d) => {
      writeShapefile(join(d, 'shelters'), { type: SHP.Point, records: [{ parts: [[[4e7, 4e7]]], props: { MC: 'a' } }], fields: [{ name: 'MC', type: 'C', length: 10 }], prj: crsToWkt(3035), cpg: 'UTF-8' });
    },
  },
  {
    name: 'Latin text with neither .cpg nor language-driver byte',
    code: 'E_ENCODING_UNDECIDED',
    layer: 'shelters',
    rule: 'ENC-01',
    make: async (d) => {
      const l = await readShapefile(join(d, 'shelters.shp'));
      const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
      const rows = l.features.features.map((f, i) => ({ MC: `Abrigo São José ${i + 1}`, RNRS: Number(f.properties!.RNRS) }));
      writeFileSync(join(d, 'shelters.dbf'), encodeDbf([{ name: 'MC', type: 'C', length: 40 }, { name: 'RNRS', type: 'N', length: 8 }], rows, latin1));
      rmSync(join(d, 'shelters.cpg'));
    },
  },
  { name: 'a hazard raster away from the study area', code: 'E_LAYER_OUTSIDE', layer: 'landslide', rule: 'RAS-02', make: (d) => writeFileSync(join(d, 'landslide_susceptibility.tif'), landslideTif(4546, 1_460_000)) },
  { name: 'a hazard raster over the study area holding only nodata', code: 'E_ALL_NODATA', layer: 'landslide', rule: 'RAS-02', make: (d) => writeFileSync(join(d, 'landslide_susceptibility.tif'), landslideTif(4546, 460_000, () => -9999)) },
  {
    name: 'areaShare of points',
    code: 'E_LAYER_GEOMETRY',
    layer: 'shelters',
    rule: 'USE-01',
    make: (_, m) => {
      m.indicators.find((i) => i.id === 'c_shelter')!.rasterize = 'areaShare';
    },
  },
  {
    name: 'band 2 of a one-band raster',
    code: 'E_RASTER_BAND',
    layer: 'landslide',
    rule: 'USE-01',
    make: (_, m) => {
      m.indicators.find((i) => i.id === 'h_landslide')!.band = 2;
    },
  },
  {
    name: 'a categorical raster interpolated',
    code: 'E_RASTER_CATEGORICAL',
    layer: 'landslide',
    rule: 'USE-01',
    make: (_, m) => {
      m.layers.landslide!.categorical = true;
    },
  },
  { name: 'a weight field no feature has', code: 'E_FIELD_UNKNOWN', layer: 'hidden_dangers', rule: 'FLD-02', make: (_, m) => void (danger(m).weightField = 'NOPE') },
  { name: 'a text field as the weight field', code: 'E_FIELD_NOT_NUMBER', layer: 'hidden_dangers', rule: 'FLD-02', make: (_, m) => void (danger(m).weightField = 'ZHLX') },
  { name: 'a filter value of the wrong type', code: 'E_FILTER_TYPE', layer: 'hidden_dangers', rule: 'FLD-02', make: (_, m) => void (danger(m).filter = { field: 'WXRS', eq: 'many' }) },
  { name: 'a filter that keeps nothing', code: 'E_FILTER_EMPTY', layer: 'hidden_dangers', rule: 'FLD-02', make: (_, m) => void (danger(m).filter = { field: 'WXRS', gt: 1e9 }) },
  { name: 'a truncated .shp', code: 'reader error', layer: 'shelters', rule: 'READ-01', make: (d) => truncateSync(join(d, 'shelters.shp'), 150) },
];

/** A copy of the demo county on a coarse grid (fast runs) with one fault. */
async function faulty(fault: Fault): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ra-parity-'));
  cpSync(dirname(demoModelPath()), dir, { recursive: true });
  const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Model;
  model.grid.cellSize = 500;
  await fault.make(dir, model);
  writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
  return join(dir, 'model.json');
}

describe('QC finds every refusal of the run first', () => {
  it('has a fault for every refusal the run makes about a layer', () => {
    expect(new Set(FAULTS.map((f) => `${f.code} ${f.rule}`))).toEqual(new Set(RUN_REFUSALS.flatMap((r) => r.rules.map((rule) => `${r.code} ${rule}`))));
  });

  for (const fault of FAULTS) {
    it(`${fault.name}: the run refuses with ${fault.code}, QC reports ${fault.rule} on ${fault.layer}`, async () => {
      const modelPath = await faulty(fault);
      const err = (await runModel(modelPath, join(dirname(modelPath), 'out'), { workers: 0 }).then(
        () => null,
        (e: RiskAtlasError) => e,
      )) as RiskAtlasError | null;
      expect(err, 'the run must refuse').not.toBeNull();
      if (fault.code === 'reader error') expect(err!.code).toMatch(/^E_(SHP|DBF|TIFF|GPKG|JSON|GEOJSON|ZIP)_/);
      else expect(err!.code).toBe(fault.code);
      const path = (JSON.parse(readFileSync(modelPath, 'utf8')) as Model).layers[fault.layer]!.path;
      expect(basename(err!.file ?? '')).toBe(basename(path));
      const qc = await runQc(modelPath, { surveyYear: 2022 });
      expect(qc.findings.filter((f) => f.layer === fault.layer && f.severity === 'error').map((f) => f.rule)).toContain(fault.rule);
    }, 120_000);
  }
});
