/**
 * One tile of the mosaic: which county each roll-up cell belongs to — the county whose
 * boundary holds the cell's centre, as a county run decides which cells it assesses — and
 * that county's index, grade, zone and people there, brought onto the roll-up grid by the
 * county's resampling rule (rollupGrid.ts). A cell no county's boundary holds is nodata; a
 * county's own nodata stays nodata. Only the counties whose boundary reaches the tile are read.
 */
import type { FeatureCollection } from 'geojson';
import type { Extent } from '../../../src-shared/layer';
import { gridExtent, type GridSpec } from '../grid/gridSpec';
import { burnPolygons } from '../grid/rasterizePolygons';
import { featureExtent } from '../io/vectorMeta';
import { tileGrid, type Tile } from '../pipeline/tiling';
import type { CountyRasters } from './countyRasters';
import { boundaryIn, type CountyResult } from './countyResult';

/** The counties on the roll-up grid, ready for tiles. */
export interface Mosaic {
  grid: GridSpec;
  counties: CountyResult[];
  /** Each county's boundary in the roll-up CRS, and its extent. */
  boundaries: FeatureCollection[];
  extents: (Extent | null)[];
  rasters: CountyRasters;
}

/** The counties prepared for {@link mosaicTile}. */
export function prepareMosaic(grid: GridSpec, counties: CountyResult[], rasters: CountyRasters): Mosaic {
  const boundaries = counties.map((c) => boundaryIn(c, grid.epsg));
  return { grid, counties, boundaries, extents: boundaries.map((b) => featureExtent(b)), rasters };
}

/** What a tile of the mosaic holds, row-major over the tile's cells. */
export interface MosaicTile {
  /** 1-based county number of each cell, 0 outside every county. */
  owner: Uint16Array;
  /** The county's risk index (NaN = nodata), as the GeoTIFF holds it (Float32). */
  index?: Float32Array;
  /** The county's grade (0 nodata, 1…k, k + 1 excluded land). */
  grades?: Uint8Array;
  /** The county's prevention zone (0 nodata). */
  zones?: Uint8Array;
  /** People per roll-up cell (NaN where the county has no population layer). */
  people?: Float32Array;
}

/** Which rasters a pass needs from a tile. */
export interface MosaicWants {
  index?: boolean;
  grades?: boolean;
  zones?: boolean;
  people?: boolean;
}

const overlaps = (a: Extent, b: Extent): boolean => a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1];

/** Each county present in a tile (1-based number) and the bounding box of its cells there: [row0, col0, row1, col1], inclusive. */
function countyWindows(owner: Uint16Array, width: number): Map<number, [number, number, number, number]> {
  const boxes = new Map<number, [number, number, number, number]>();
  for (let i = 0; i < owner.length; i++) {
    const o = owner[i]!;
    if (o === 0) continue;
    const [r, c] = [Math.floor(i / width), i % width];
    const b = boxes.get(o);
    if (!b) boxes.set(o, [r, c, r, c]);
    else {
      if (r > b[2]) b[2] = r;
      if (c < b[1]) b[1] = c;
      if (c > b[3]) b[3] = c;
    }
  }
  return new Map([...boxes].sort((a, b) => a[0] - b[0]));
}

/** Compute tile `t` of the mosaic. Each county is read only over the part of the tile its cells take. */
export async function mosaicTile(m: Mosaic, t: Tile, want: MosaicWants): Promise<MosaicTile> {
  const tg = tileGrid(m.grid, t);
  const n = t.width * t.height;
  const owner = new Uint16Array(n);
  const ext = gridExtent(tg);
  m.counties.forEach((_, ci) => {
    const e = m.extents[ci];
    if (e && overlaps(e, ext)) burnPolygons(tg, m.boundaries[ci]!.features, owner, () => ci + 1);
  });
  const out: MosaicTile = { owner };
  if (want.index) out.index = new Float32Array(n).fill(NaN);
  if (want.grades) out.grades = new Uint8Array(n);
  if (want.zones) out.zones = new Uint8Array(n);
  if (want.people) out.people = new Float32Array(n).fill(NaN);
  for (const [o, [r0, c0, r1, c1]] of countyWindows(owner, t.width)) {
    const ci = o - 1;
    const c = m.counties[ci]!;
    const sub: GridSpec = { ...tg, originX: tg.originX + c0 * tg.cellSize, originY: tg.originY - r0 * tg.cellSize, width: c1 - c0 + 1, height: r1 - r0 + 1 };
    const take = async (which: 'index' | 'grade' | 'zoning' | 'population', target: Float32Array | Uint8Array, nodata: number): Promise<void> => {
      const v = await m.rasters.sample(ci, which, sub);
      for (let r = 0; r < sub.height; r++) {
        const row = (r0 + r) * t.width + c0;
        for (let k = 0; k < sub.width; k++) {
          if (owner[row + k] !== o) continue;
          const x = v[r * sub.width + k]!;
          target[row + k] = x === x ? x : nodata;
        }
      }
    };
    if (out.index) await take('index', out.index, NaN);
    if (out.grades) await take('grade', out.grades, 0);
    if (out.zones && c.files.zoning) await take('zoning', out.zones, 0);
    if (out.people && c.population) await take('population', out.people, NaN);
  }
  return out;
}
