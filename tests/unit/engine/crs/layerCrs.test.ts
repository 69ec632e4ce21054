/** A layer's CRS settled from the file and the user's statement, and required with an EPSG code for a run. */
import { describe, expect, it } from 'vitest';
import { describeCrs, describeShift, requireEpsg, settleLayerCrs } from '../../../../src-main/engine/crs/layerCrs';
import { crsFromEpsg } from '../../../../src-main/engine/crs/registry';
import { identifyWkt } from '../../../../src-main/engine/crs/identify';
import { RiskAtlasError } from '../../../../src-shared/errors';

const UNKNOWN = 'GEOGCS["GCS_unknown",DATUM["D_unknown",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

describe('settling a layer CRS', () => {
  it("takes the file's CRS when nothing is stated", () => {
    const warnings: string[] = [];
    const crs = settleLayerCrs({ found: () => crsFromEpsg(4546), extent: null, file: 'a.shp', warnings });
    expect(crs?.epsg).toBe(4546);
    expect(warnings).toEqual([]);
  });

  it("lets a statement win over the file's own datum, never silently", () => {
    const warnings: string[] = [];
    const crs = settleLayerCrs({ found: () => crsFromEpsg(4267), stated: 4326, extent: [-80, 35, -78, 36], file: 'a.gpkg', warnings });
    expect(crs).toMatchObject({ epsg: 4326, identification: { level: 'stated' } });
    expect(warnings).toEqual(["the file's CRS is EPSG:4267 NAD27 — declared (EPSG code); the stated EPSG:4326 WGS 84 is used instead"]);
  });

  it('gives E_CRS_MISSING naming the file when there is no CRS, or null when missing ones are allowed (QC)', () => {
    expect(() => settleLayerCrs({ found: () => null, extent: null, file: 'a.shp', warnings: [] })).toThrow(expect.objectContaining({ code: 'E_CRS_MISSING', file: 'a.shp' }));
    expect(settleLayerCrs({ found: () => null, extent: null, file: 'a.shp', warnings: [], allowMissing: true })).toBeNull();
  });

  it('names the file in an E_CRS_UNKNOWN for a stated code RiskAtlas cannot compute', () => {
    expect(() => settleLayerCrs({ found: () => null, stated: 9999, extent: null, file: 'a.shp', warnings: [] })).toThrow(expect.objectContaining({ code: 'E_CRS_UNKNOWN', file: 'a.shp' }));
  });

  it("warns when the layer's datum has no published shift to WGS 84 (Xi'an 1980)", () => {
    const warnings: string[] = [];
    settleLayerCrs({ found: () => crsFromEpsg(2382), extent: null, file: 'a.shp', warnings });
    expect(warnings).toEqual([expect.stringMatching(/^Xian 1980 \/ 3-degree Gauss-Kruger CM 111E: no published transformation to WGS 84 covers the layer: positions against other datums are approximate$/)]);
  });
});

describe('a CRS a run can compute with', () => {
  it('is refused as missing (E_CRS_MISSING) or unidentified (E_CRS_UNIDENTIFIED, with the candidates)', () => {
    expect(() => requireEpsg(null, 'a.shp')).toThrow(expect.objectContaining({ code: 'E_CRS_MISSING', file: 'a.shp' }));
    const unknown = identifyWkt(UNKNOWN, '.prj', [111, 36, 112, 37]);
    let err: RiskAtlasError | undefined;
    try {
      requireEpsg(unknown, 'a.shp');
    } catch (e) {
      err = e as RiskAtlasError;
    }
    expect(err).toMatchObject({ code: 'E_CRS_UNIDENTIFIED', file: 'a.shp' });
    expect(err!.message).toMatch(/candidates EPSG:\d+ /);
    expect(String(err!.params!.candidates).split(',')).toContain('4490');
    expect(requireEpsg(crsFromEpsg(4546), 'a.shp').epsg).toBe(4546);
  });

  it('is described in one line with its level and source, and its datum shift with the accuracy', () => {
    expect(describeCrs(crsFromEpsg(4546, { level: 'matched', source: '.prj parameters (datum, ellipsoid, projection)' }))).toBe(
      'EPSG:4546 CGCS2000 / 3-degree Gauss-Kruger CM 111E — matched (.prj parameters (datum, ellipsoid, projection))',
    );
    expect(describeCrs(null)).toBe('no CRS');
    expect(describeShift(crsFromEpsg(4267, undefined, [-80, 35, -78, 36]))).toBe('EPSG:1173 NAD27 to WGS 84 (4), ±10 m, USA - CONUS - onshore');
  });
});
