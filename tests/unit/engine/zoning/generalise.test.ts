import { describe, expect, it } from 'vitest';
import { majorityFilter, minimumMappingUnit } from '../../../../src-main/engine/zoning/generalise';
import { DEFAULT_ZONE_MATRIX, zoneFromMatrix } from '../../../../src-shared/zoneMatrix';

describe('zone matrix', () => {
  it('looks up risk grade × capacity grade and keeps nodata', () => {
    const risk = Uint8Array.from([1, 1, 3, 5, 0, 2]);
    const cap = Uint8Array.from([1, 3, 3, 1, 2, 0]);
    expect(Array.from(zoneFromMatrix(risk, cap, DEFAULT_ZONE_MATRIX))).toEqual([1, 2, 3, 3, 0, 0]);
  });
  it('refuses grades the matrix has no entry for', () => {
    expect(() => zoneFromMatrix(Uint8Array.from([6]), Uint8Array.from([1]), DEFAULT_ZONE_MATRIX)).toThrow(/no entry/);
  });
});

describe('majority filter', () => {
  it('removes a single-cell speck and leaves nodata alone', () => {
    const l = Uint8Array.from([1, 1, 1, 1, 2, 1, 1, 1, 0]);
    expect(Array.from(majorityFilter(l, 3, 3, 3, 0))).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0]);
  });
  it('keeps the cell’s own label on a tie', () => {
    const l = Uint8Array.from([1, 2]);
    expect(Array.from(majorityFilter(l, 2, 1, 3, 0))).toEqual([1, 2]);
  });
});

describe('minimum mapping unit', () => {
  it('merges regions below the size into the neighbour with the longest shared border', () => {
    // A 2-cell region of 3 sits between 1 (3 shared edges) and 2 (1 shared edge).
    const l = Uint8Array.from([
      1, 1, 1, 2,
      1, 3, 3, 2,
      1, 1, 1, 2,
    ]);
    const out = minimumMappingUnit(l, 4, 3, 3, 0);
    expect(Array.from(out)).toEqual([1, 1, 1, 2, 1, 1, 1, 2, 1, 1, 1, 2]);
  });
  it('keeps a small region that has no neighbour to merge into', () => {
    const l = Uint8Array.from([0, 0, 0, 0, 3, 0, 0, 0, 0]);
    expect(Array.from(minimumMappingUnit(l, 3, 3, 5, 0))).toEqual(Array.from(l));
  });
});
