/** QC of what a layer is: its CRS (missing, unidentified, overruled, out of its area, approximate datum) and its text encoding. */
import { describe, expect, it } from 'vitest';
import { checkEncoding, checkLayerCrs, readFinding } from '../../../../src-main/engine/qc/inputRules';
import { crsFromEpsg } from '../../../../src-main/engine/crs/registry';
import { identifyWkt } from '../../../../src-main/engine/crs/identify';
import { settleLayerCrs } from '../../../../src-main/engine/crs/layerCrs';
import type { CrsRef, Extent, VectorMeta } from '../../../../src-shared/layer';

const meta = (crs: CrsRef | null, extent: Extent | null = [450000, 4000000, 480000, 4030000]): VectorMeta => ({
  kind: 'vector', format: 'Shapefile', path: 'x.shp', crs, featureCount: 1, geometryType: 'Point', fields: [], extent, warnings: [],
});
const rules = (fs: { rule: string }[]): string[] => fs.map((f) => f.rule);

describe('QC of a layer CRS', () => {
  it('finds nothing wrong with a matched CGCS2000 zone whose coordinates lie in it', () => {
    expect(checkLayerCrs('a', meta(crsFromEpsg(4546)), 4546)).toEqual([]);
  });

  it('finds a missing CRS (CRS-01), in English and Chinese', () => {
    expect(checkLayerCrs('a', meta(null))).toEqual([expect.objectContaining({ rule: 'CRS-01', severity: 'error', messageZh: '图层没有坐标系，请指定坐标系' })]);
  });

  it('finds a CRS that matched no EPSG CRS (CRS-03) and lists the candidates', () => {
    const crs = identifyWkt('GEOGCS["GCS_unknown",DATUM["D_unknown",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]', '.prj', [111, 36, 112, 37]);
    const [f] = checkLayerCrs('a', meta(crs, [111, 36, 112, 37]));
    expect(f).toMatchObject({ rule: 'CRS-03', severity: 'error' });
    expect(f!.message).toMatch(/candidates EPSG:4490 China Geodetic Coordinate System 2000/);
    expect(f!.messageZh).toMatch(/候选：.*EPSG:4490/);
  });

  it('finds coordinates outside the area of use of their CRS (CRS-02): metres taken for degrees, another continent', () => {
    expect(rules(checkLayerCrs('a', meta(crsFromEpsg(4490))))).toEqual(['CRS-02']);
    expect(rules(checkLayerCrs('a', meta(crsFromEpsg(4546), [-120, 30, -119, 31])))).toEqual(['CRS-02']);
    // A county just over the edge of its 3° zone is no fault.
    expect(checkLayerCrs('a', meta(crsFromEpsg(4490), [112.6, 36, 113.2, 36.5]))).toEqual([]);
  });

  it("finds a statement overruling the file's own CRS (CRS-06), never silently", () => {
    const crs = settleLayerCrs({ found: () => crsFromEpsg(4267), stated: 4326, extent: [-80, 35, -78, 36], file: 'x.gpkg', warnings: [] });
    expect(checkLayerCrs('a', meta(crs, [-80, 35, -78, 36]))).toEqual([expect.objectContaining({ rule: 'CRS-06', severity: 'warning', message: expect.stringContaining('EPSG:4267 NAD27') })]);
  });

  it("warns that positions are approximate where no datum shift is published between the layer and the grid (Xi'an 1980 → CGCS2000, CRS-05)", () => {
    expect(rules(checkLayerCrs('a', meta(crsFromEpsg(2382)), 4546))).toEqual(['CRS-05']);
    expect(checkLayerCrs('a', meta(crsFromEpsg(2382)))[0]!.message).toMatch(/no published transformation/);
    // Same datum: nothing to say.
    expect(checkLayerCrs('a', meta(crsFromEpsg(2382)), 2382)).toEqual([]);
  });
});

describe('QC of a layer text encoding', () => {
  it('finds an undecided encoding (ENC-01) and nothing when there was evidence', () => {
    expect(rules(checkEncoding('a', { ...meta(null), encoding: 'windows-1252', encodingEvidence: 'undecided' }))).toEqual(['ENC-01']);
    expect(checkEncoding('a', { ...meta(null), encoding: 'gbk', encodingEvidence: 'ldid' })).toEqual([]);
  });
});

describe('a layer that cannot be read', () => {
  it('is CRS-01 when its CRS is missing, CRS-03 when it names one RiskAtlas cannot compute, READ-01 otherwise — in both languages', () => {
    expect(readFinding('a', { code: 'E_CRS_MISSING', message: 'm' }).rule).toBe('CRS-01');
    expect(readFinding('a', { code: 'E_CRS_UNKNOWN', message: 'm' }).rule).toBe('CRS-03');
    expect(readFinding('a', { code: 'E_TIFF_CORRUPT', message: 'cut' })).toMatchObject({ rule: 'READ-01', message: 'E_TIFF_CORRUPT: cut', messageZh: 'E_TIFF_CORRUPT：GeoTIFF 文件已损坏或被截断（cut）' });
  });
});
