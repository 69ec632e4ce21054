/**
 * The pictures the live recompute sends the map, on the analysis grid at full resolution: the
 * grades as the run's PNG quick-look draws them (the same encoder and palette, so for the same
 * model the two files are the same bytes), or the prevention zones in their map colours.
 */
import { hexToRgb } from '../../../../src-shared/schemes';
import { encodePalettePng } from '../../export/png';
import type { GridSpec } from '../../grid/gridSpec';
import { ZONE_COLORS } from '../../maps/sheetData';
import { quickLookOf, sampleQuickLook } from '../passes/grades';
import { quickLookPng } from '../passes/outputs';
import type { IndexClasses } from '../passes/classBreaks';
import type { Tile } from '../tiling';

/** Colour of a zone past the three census zones (a matrix may name more). */
const OTHER_ZONE = '#BBBBBB';

/** The grades PNG of a grid from its grade tiles. */
export function gradesPng(grid: GridSpec, tiles: Tile[], grades: Uint8Array[], classes: Pick<IndexClasses, 'scheme' | 'k' | 'restricted'>): Uint8Array {
  const q = quickLookOf(grid);
  tiles.forEach((t, i) => sampleQuickLook(q, t, grades[i]!));
  return quickLookPng(classes, q);
}

/** The zones PNG of a whole-grid zone raster (0 = none, transparent). */
export function zonesPng(grid: GridSpec, zones: Uint8Array): Uint8Array {
  let top = 0;
  for (let i = 0; i < zones.length; i++) if (zones[i]! > top) top = zones[i]!;
  const palette: [number, number, number, number][] = [[0, 0, 0, 0]];
  for (let z = 1; z <= top; z++) palette.push([...hexToRgb(ZONE_COLORS[z - 1] ?? OTHER_ZONE), 255]);
  return encodePalettePng(grid.width, grid.height, zones, palette);
}
