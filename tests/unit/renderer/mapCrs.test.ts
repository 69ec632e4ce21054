/**
 * The map's coordinate systems follow the project's and the layers' CRSs as the engine defines
 * them: a township layer in the zone-prefixed CGCS2000 3° Gauss-Krüger zone 39 (EPSG:4527,
 * X ≈ 39,500,000) lands where it is in lon/lat (the status bar) and in another analysis CRS
 * (zoom to layer) — where the map used to give "Infinity°E" and a wrong extent — and a CRS the
 * engine did not define gives null, never an identity transform.
 */
import { describe, expect, it } from 'vitest';
import { crsFromEpsg } from '../../../src-main/engine/crs/registry';
import { LONLAT_EPSG, extentToCrs, knownCrs, layerExtentIn, pointToCrs, registerCrs } from '../../../src-renderer/src/map/crs';
import { formatLonLat } from '../../../src-renderer/src/shell/StatusBar';
import type { LayerEntry } from '../../../src-main/api/contract';

const def = (epsg: number) => ({ epsg, proj4: crsFromEpsg(epsg).proj4 });

describe('map CRS from the engine', () => {
  it('puts a point of zone 39 with its zone prefix (X ≈ 39,500,000) at 117°E in the status bar', () => {
    registerCrs([def(4527)]);
    // The central meridian of zone 39 (117°E) at about 39.1°N: X = 39,500,000, Y ≈ 4,329,000.
    const ll = pointToCrs([39_500_000, 4_329_000], 4527, LONLAT_EPSG)!;
    expect(ll[0]).toBeCloseTo(117, 6);
    expect(ll[1]).toBeGreaterThan(39);
    expect(ll[1]).toBeLessThan(39.2);
    expect(formatLonLat(ll)).toMatch(/^117\.00000°E {2}39\.\d{5}°N$/);
  });

  it('zooms to a zone-39 layer from a map in the unprefixed CM 117E CRS (EPSG:4548): the same place, without the 39,000,000 m prefix', () => {
    registerCrs([def(4527), def(4548)]);
    const layer = { id: 'towns', meta: { kind: 'vector', extent: [39_490_000, 4_320_000, 39_510_000, 4_340_000], crs: { epsg: 4527, proj4: crsFromEpsg(4527).proj4 } } } as unknown as LayerEntry;
    const e = layerExtentIn(layer, 4548)!;
    expect(e[0]).toBeCloseTo(490_000, -1);
    expect(e[2]).toBeCloseTo(510_000, -1);
    expect(e[1]).toBeCloseTo(4_320_000, -1);
    expect(e[3]).toBeCloseTo(4_340_000, -1);
  });

  it('transforms an extent in lon/lat into the zone: finite, ordered, around 39,500,000', () => {
    registerCrs([def(4527)]);
    const e = extentToCrs([116.9, 39.0, 117.1, 39.2], LONLAT_EPSG, 4527)!;
    expect(e[0]).toBeGreaterThan(39_490_000);
    expect(e[2]).toBeLessThan(39_510_000);
    expect(e[2]).toBeGreaterThan(e[0]);
  });

  it('gives null for a CRS the engine did not define, never an identity transform', () => {
    expect(knownCrs(2_000_001 % 999_999)).toBe(false);
    expect(pointToCrs([39_500_000, 4_329_000], 1_000_002 % 999_999, LONLAT_EPSG)).toBeNull();
  });
});
