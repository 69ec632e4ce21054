/** The analysis CRS of a new project: suggestion by place and by the data's zone convention, the check of a typed CRS, its display name. */
import { describe, expect, it } from 'vitest';
import { checkAnalysisCrs, crsDisplayName, suggestAnalysisCrs } from '../../../../src-main/engine/crs/analysisCrs';
import { messageFor } from '../../../../src-shared/messages';
import { RiskAtlasError } from '../../../../src-shared/errors';

/** A small box around a point, degrees. */
const around = (lon: number, lat: number): [number, number, number, number] => [lon - 0.2, lat - 0.2, lon + 0.2, lat + 0.2];

function refusal(fn: () => unknown): RiskAtlasError {
  try {
    fn();
  } catch (err) {
    return err as RiskAtlasError;
  }
  throw new Error('expected a refusal');
}

describe('suggestAnalysisCrs', () => {
  it('suggests the unprefixed CGCS2000 3° zone of a Shanxi county (CM 111E, EPSG:4546), with the prefixed, 6° and UTM zones as alternatives', () => {
    const s = suggestAnalysisCrs(around(110.8, 36.4));
    expect(s.epsg).toBe(4546);
    expect(s.name).toBe('CGCS2000 / 3-degree Gauss-Kruger CM 111E');
    expect(s.reason.zh).toContain('2000国家大地坐标系 3度带 高斯-克吕格投影 中央经线111°E');
    expect(s.reason.en).toMatch(/3° Gauss-Krüger zone/);
    expect(s.alternatives.map((a) => a.epsg)).toEqual([4525, 4508, 32649]);
  });

  it('gives the prefixed zone to a study area already in a prefixed zone (EPSG:4527, X ≈ 39,500,000)', () => {
    const s = suggestAnalysisCrs(around(117.1, 39.1), 4527);
    expect(s.epsg).toBe(4527);
    expect(s.reason.zh).toContain('39带');
    expect(s.alternatives[0]!.epsg).toBe(4548);
  });

  it('takes the zone of the centre, not the data: a prefixed zone-38 layer whose centre lies in zone 39 gets zone 39', () => {
    expect(suggestAnalysisCrs(around(116.9, 40), 4526).epsg).toBe(4527);
  });

  it('suggests the WGS 84 UTM zone outside China (Luxembourg: 32N; Rio de Janeiro: 23S)', () => {
    expect(suggestAnalysisCrs(around(6.0, 50.05)).epsg).toBe(32632);
    const s = suggestAnalysisCrs(around(-43.2, -22.9));
    expect(s.epsg).toBe(32723);
    expect(s.reason.en).toMatch(/outside the CGCS2000/);
  });
});

describe('checkAnalysisCrs', () => {
  it('accepts a projected CRS in metres and names it in both languages', () => {
    expect(checkAnalysisCrs(4527, around(117, 39))).toEqual({ epsg: 4527, name: 'CGCS2000 / 3-degree Gauss-Kruger zone 39', nameZh: '2000国家大地坐标系 3度带 高斯-克吕格投影 39带' });
    expect(checkAnalysisCrs(32632)).toEqual({ epsg: 32632, name: 'WGS 84 / UTM zone 32N', nameZh: 'WGS 84 / UTM 投影 32N 带' });
  });

  it('refuses a geographic CRS with the suggestion for the place, in Chinese and English', () => {
    const e = refusal(() => checkAnalysisCrs(4490, around(110.8, 36.4)));
    expect(e.code).toBe('E_CRS_GEOGRAPHIC');
    expect(messageFor(e.code, 'zh', e.params)).toBe('分析坐标系必须是以米为单位的投影坐标系，EPSG:4490（China Geodetic Coordinate System 2000）是地理坐标系（单位为度）；本研究区建议使用 EPSG:4546（CGCS2000 / 3-degree Gauss-Kruger CM 111E）');
    expect(messageFor(e.code, 'en', e.params)).toMatch(/is geographic \(degrees\); for this study area use EPSG:4546/);
  });

  it('refuses feet, an unknown code, and a zone far from the study area', () => {
    const feet = refusal(() => checkAnalysisCrs(2263));
    expect(feet.code).toBe('E_CRS_NOT_METRES');
    expect(messageFor(feet.code, 'en', feet.params)).toMatch(/units of 0\.3048\d* m$/);
    expect(refusal(() => checkAnalysisCrs(99999)).code).toBe('E_CRS_UNKNOWN');
    const far = refusal(() => checkAnalysisCrs(32632, around(110.8, 36.4)));
    expect(far.code).toBe('E_CRS_AREA');
    expect(messageFor(far.code, 'zh', far.params)).toContain('建议使用 EPSG:4546');
  });
});

describe('crsDisplayName', () => {
  it('names Chinese Gauss-Krüger zones as the census does, prefixed by zone, unprefixed by central meridian, 3° and 6°', () => {
    expect(crsDisplayName(4527, 'zh')).toBe('2000国家大地坐标系 3度带 高斯-克吕格投影 39带');
    expect(crsDisplayName(4546, 'zh')).toBe('2000国家大地坐标系 3度带 高斯-克吕格投影 中央经线111°E');
    expect(crsDisplayName(4508, 'zh')).toBe('2000国家大地坐标系 6度带 高斯-克吕格投影 中央经线111°E');
    expect(crsDisplayName(4497, 'zh')).toBe('2000国家大地坐标系 6度带 高斯-克吕格投影 19带');
    expect(crsDisplayName(2349, 'zh')).toBe('1980西安坐标系 3度带 高斯-克吕格投影 25带');
    expect(crsDisplayName(2422, 'zh')).toBe('1954北京坐标系 3度带 高斯-克吕格投影 中央经线75°E');
    expect(crsDisplayName(21473, 'zh')).toBe('1954北京坐标系 6度带 高斯-克吕格投影 中央经线75°E');
  });

  it('names other CRSs by their EPSG name', () => {
    expect(crsDisplayName(32632, 'en')).toBe('WGS 84 / UTM zone 32N');
    expect(crsDisplayName(4527, 'en')).toBe('CGCS2000 / 3-degree Gauss-Kruger zone 39');
    expect(crsDisplayName(3035, 'zh')).toBe('ETRS89-extended / LAEA Europe');
    expect(crsDisplayName(4490, 'zh')).toBe('2000国家大地坐标系（CGCS2000）');
  });
});
