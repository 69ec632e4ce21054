/** The analysis grid's CRS: any projected CRS in metres; for a grid in degrees, the projected CRS for the place. */
import { describe, expect, it } from 'vitest';
import { gridCrsProblem, suggestProjected } from '../../../../src-main/engine/crs/gridCrs';

describe('analysis grid CRS', () => {
  it('accepts any projected CRS in metres: CGCS2000 zone 39, ETRS89 LAEA, WGS 84 UTM 32N, Web Mercator', () => {
    for (const c of [4527, 4546, 3035, 32632, 3857]) expect(gridCrsProblem(c), `EPSG:${c}`).toBeNull();
  });

  it('refuses degrees, feet and unknown codes, saying why', () => {
    expect(gridCrsProblem(4490)).toMatch(/geographic \(degrees\)/);
    expect(gridCrsProblem(2263)).toMatch(/units of 0\.3048\d* m/);
    expect(gridCrsProblem(9999)).toMatch(/not a geographic or projected CRS/);
  });

  it('suggests the Transverse Mercator zone of the datum for the place: CGCS2000 3° CM 111E, ETRS89 UTM 32N, WGS 84 UTM 50N and 23S', () => {
    expect(suggestProjected(4490, 111.2, 36.4)).toBe(4546);
    expect(suggestProjected(4258, 9.5, 50)).toBe(25832);
    expect(suggestProjected(4326, 116.4, 39.9)).toBe(32650);
    expect(suggestProjected(4326, -43.2, -22.9)).toBe(32723);
  });
});
