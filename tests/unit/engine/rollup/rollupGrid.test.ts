/**
 * The roll-up grid: the counties' common CRS, or the one asked for (never a geographic one);
 * counties in different CRSs refused with both named; the grid on the first county's lattice;
 * and each county's resampling rule — a copy on the same lattice, point sampling for finer or
 * similar cells, aggregation for coarser ones.
 */
import { describe, expect, it } from 'vitest';
import type { GridSpec } from '../../../../src-main/engine/grid/gridSpec';
import type { CountyResult } from '../../../../src-main/engine/rollup/countyResult';
import { resampleRule, rollupCrs, rollupGrid, suggestRollupCrs } from '../../../../src-main/engine/rollup/rollupGrid';

const g = (epsg: number, originX: number, originY: number, cellSize = 100): GridSpec => ({ epsg, originX, originY, cellSize, width: 10, height: 10 });

/** A county with a square boundary over its grid. */
function county(code: string, grid: GridSpec): CountyResult {
  const [x0, y0, x1, y1] = [grid.originX + 50, grid.originY - grid.height * grid.cellSize + 50, grid.originX + grid.width * grid.cellSize - 50, grid.originY - 50];
  return { code, name: `${code}县`, grid, boundary: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] } }] } } as unknown as CountyResult;
}

describe('rollupCrs', () => {
  it('takes the counties\' CRS, or the one asked for', () => {
    expect(rollupCrs([county('a', g(4546, 0, 0)), county('b', g(4546, 1000, 0))])).toBe(4546);
    expect(rollupCrs([county('a', g(4546, 0, 0))], 4545)).toBe(4545);
  });
  it('refuses counties in different CRSs, naming both and suggesting the 3° Gauss-Krüger zone of the area\'s centre', () => {
    // Two counties near 111.5°E 30.7°N, one given in the 3° zone of CM 111°E (EPSG:4546), one in that of CM 108°E (EPSG:4545).
    const east = county('990101', g(4546, 540_000, 3_400_000));
    const west = county('990102', g(4545, 830_000, 3_410_000));
    expect(() => rollupCrs([east, west])).toThrow(expect.objectContaining({ code: 'E_CRS_MISMATCH', message: expect.stringMatching(/990101.*EPSG:4546.*990102.*EPSG:4545.*use e\.g\. EPSG:4546 \(CGCS2000 \/ 3-degree Gauss-Kruger CM 111E\)/) }));
    expect(suggestRollupCrs([west, east])).toBe(4546);
  });
  it('refuses a CRS an analysis grid cannot have: geographic, or not in metres', () => {
    expect(() => rollupCrs([county('a', g(4546, 0, 0))], 4490)).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID', message: expect.stringContaining('geographic') }));
    // NAD83 / Massachusetts Mainland (ftUS).
    expect(() => rollupCrs([county('a', g(4546, 0, 0))], 2249)).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID', message: expect.stringContaining('units of 0.3048') }));
  });
});

describe('rollupGrid', () => {
  it('covers every boundary on the first county\'s lattice, at the finest cell size unless asked', () => {
    const grid = rollupGrid([county('a', g(4546, 1030, 5030)), county('b', g(4546, 2030, 5030, 200))], 4546);
    expect(grid).toMatchObject({ epsg: 4546, cellSize: 100, originX: 1030, originY: 5030 });
    expect(grid.originX + grid.width * 100).toBeGreaterThanOrEqual(2030 + 2000 - 50);
    expect(rollupGrid([county('a', g(4546, 1030, 5030))], 4546, 30).cellSize).toBe(30);
  });
});

describe('resampleRule', () => {
  const grid = g(4546, 0, 10_000);
  it('copies a county on the same lattice, samples finer or similar cells, aggregates coarser ones', () => {
    expect(resampleRule(g(4546, 2000, 8000), grid)).toBe('copy');
    expect(resampleRule(g(4546, 2050, 8000), grid)).toBe('point');
    expect(resampleRule(g(4545, 2000, 8000), grid)).toBe('point');
    expect(resampleRule(g(4546, 2000, 8000, 30), grid)).toBe('aggregate');
    expect(resampleRule(g(4546, 2000, 8000, 200), grid)).toBe('point');
  });
});
