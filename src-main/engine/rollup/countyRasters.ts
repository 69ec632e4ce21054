/**
 * The counties' rasters as the roll-up's tiles need them: opened when a tile first needs a
 * county, kept open while neighbouring tiles need it again, closed least recently used first
 * past a limit, so a province of hundreds of counties holds a bounded number of open files.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import type { RasterSource } from '../../../src-shared/layer';
import type { GridSpec } from '../grid/gridSpec';
import { alignRaster } from '../grid/resample';
import { openGeoTiff } from '../io/geotiff';
import type { CountyResult } from './countyResult';
import { RULE_METHODS, type ResampleRule } from './rollupGrid';

/** The rasters of a county the roll-up reads. */
export type CountyRaster = 'index' | 'grade' | 'zoning' | 'population';

/** Counties whose rasters stay open at once (4 files each). */
const OPEN_COUNTIES = 48;

export class CountyRasters {
  /** Open sources by county index, in least-recently-used order (Map keeps insertion order). */
  private open = new Map<number, Map<CountyRaster, Promise<RasterSource>>>();

  /**
   * @param counties the roll-up's counties
   * @param rules how each county comes onto the roll-up grid
   * @param grid the roll-up grid (for the people's cell-area ratio)
   */
  constructor(
    private readonly counties: CountyResult[],
    private readonly rules: ResampleRule[],
    private readonly grid: GridSpec,
    private readonly limit = OPEN_COUNTIES,
  ) {}

  private async source(ci: number, which: CountyRaster): Promise<RasterSource> {
    let files = this.open.get(ci);
    if (files) this.open.delete(ci);
    else files = new Map();
    this.open.set(ci, files);
    while (this.open.size > this.limit) {
      const [oldest, srcs] = this.open.entries().next().value!;
      this.open.delete(oldest);
      await Promise.all([...srcs.values()].map(async (s) => (await s.catch(() => null))?.close()));
    }
    let src = files.get(which);
    if (!src) {
      const c = this.counties[ci]!;
      const path = which === 'population' ? c.population!.path : c.files[which];
      if (!path) throw new RiskAtlasError('E_INTERNAL', `county ${c.code} has no ${which} raster`);
      src = openGeoTiff(path);
      files.set(which, src);
    }
    return src;
  }

  /**
   * County `ci`'s raster `which` on the grid `tg` (a tile of the roll-up grid) by the county's
   * rule: classes (grades, zones) nearest or mode, the index nearest, bilinear or average,
   * people as people per roll-up cell. NaN where the county has no value. Float32 when that
   * holds the values exactly (a copy of Float32 or integer cells), else Float64.
   */
  async sample(ci: number, which: CountyRaster, tg: GridSpec): Promise<Float64Array | Float32Array> {
    const m = RULE_METHODS[this.rules[ci]!];
    const src = await this.source(ci, which);
    const method = which === 'index' ? m.index : which === 'population' ? m.people : m.classes;
    // Float32 where that is exact (a copy of Float32 or integer cells): half the memory, the same values.
    const values = await alignRaster(src, tg, method, 1, { float32: true });
    if (which === 'population') {
      // People per county cell → people per roll-up cell: the area ratio (1 for a copy).
      const g = this.counties[ci]!.grid;
      const ratio = (this.grid.cellSize * this.grid.cellSize) / (g.cellSize * g.cellSize);
      if (ratio !== 1) for (let i = 0; i < values.length; i++) values[i]! *= ratio;
    }
    return values;
  }

  /** Close every open file. */
  async close(): Promise<void> {
    const all = [...this.open.values()].flatMap((m) => [...m.values()]);
    this.open.clear();
    await Promise.all(all.map(async (s) => (await s.catch(() => null))?.close()));
  }
}
