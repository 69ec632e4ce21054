/**
 * Roll up the counties of one area (a province or a city) into one folder, streaming by tiles
 * of the roll-up grid so that memory follows the tile, not the area:
 * 1. mosaic pass — each tile's cells get their county's index, grade, zone (and people), written
 *    to the mosaic GeoTIFFs as they come; the seam check, and with kept grades the statistics
 *    and the sheets' sampled grid, take the tile on the way;
 * 2. with re-derived grades — the breaks of the mosaic index (rederivedBreaks), then a grading
 *    pass that grades each index tile, writes it and tallies it;
 * 3. the seam report, the statistics, the map sheets and the provenance.
 * Whole-area memory: one grid row for the seam check, the sheets' sampled grids (at most
 * 6000² bytes each), the distribution of the index (up to 10⁶ distinct values, then a histogram
 * and the refinement's kept values) and the seam edges found.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import { DistributionBuilder, rangeMoments, tileValues } from '../classify/distribution';
import { GeoTiffTileWriter, type GeoTiffOptions } from '../export/geotiff';
import { softwareVersion } from '../assets';
import { gridGeoTransform, type GridSpec } from '../grid/gridSpec';
import { openGeoTiff } from '../io/geotiff';
import { OUTPUT_TILE, tileLayout, type Tile } from '../pipeline/tiling';
import { CountyRasters } from './countyRasters';
import type { CountyResult } from './countyResult';
import { mosaicTile, prepareMosaic, type Mosaic } from './mosaic';
import { writeRollupProvenance, type GradeMode, type RollupLevel, type RollupProvenance } from './provenance';
import { gradeIndexTile, rederivedBreaks, type RederivedBreaks } from './regrade';
import { resampleRule, rollupCrs, rollupGrid, type ResampleRule } from './rollupGrid';
import { writeSeamFiles } from './seamFiles';
import { SeamScanner } from './seams';
import { SheetSampler, writeRollupSheets } from './sheets';
import { CountyTally, rollupStatistics } from './statistics';
import { writeStatistics } from './statisticsFiles';

/**
 * The roll-up's tile edge in cells. Larger than the GeoTIFF tile ({@link OUTPUT_TILE}): a
 * county raster's tiles rarely line up with the roll-up's, and each roll-up tile decodes every
 * county tile it touches, so small roll-up tiles would decode the same county tiles up to four
 * times. 1024² cells keep that near 1.5 times, for a few tens of megabytes per tile.
 */
export const ROLLUP_TILE = 1024;
/** Overview factors of the mosaic GeoTIFFs meant for viewing (index, grades, zones): QGIS opens a province fast. */
const OVERVIEWS = [2, 4, 8, 16];
export const INDEX_NODATA = -9999;

export interface AreaOptions {
  level: RollupLevel;
  grades: GradeMode;
  epsg?: number;
  cellSize?: number;
  /** Map sheets: false leaves them out. */
  maps?: boolean;
  dpi?: number;
  /** 制图时间 printed on the sheets. */
  date: string;
  /** Names of the cities by code. */
  cityName: (code: string) => string;
  /** The roll-up's tile edge in cells, a multiple of 256 (default {@link ROLLUP_TILE}). */
  tileSize?: number;
  /** Progress: the step and the fraction of the area's roll-up done (0–1). */
  onProgress?: (step: string, fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * The mosaic GeoTIFFs of a roll-up. On failure or cancel they are given up together — those
 * still open and those already finished — so a stopped roll-up leaves no partial set.
 */
class Writers {
  private open: GeoTiffTileWriter[] = [];
  private finished: string[] = [];
  constructor(private readonly grid: GridSpec) {}
  /** Open a writer; `overviews` false for the files not meant for viewing (county numbers, the counties' own grades beside re-derived ones). */
  async create(path: string, o: Pick<GeoTiffOptions, 'dtype' | 'nodata' | 'metadata'>, overviews = true): Promise<{ path: string; w: GeoTiffTileWriter }> {
    const w = await GeoTiffTileWriter.create(path, { ...o, width: this.grid.width, height: this.grid.height, epsg: this.grid.epsg, geoTransform: gridGeoTransform(this.grid), tileSize: OUTPUT_TILE, ...(overviews ? { overviews: OVERVIEWS } : {}) });
    this.open.push(w);
    return { path, w };
  }
  async finish(x: { path: string; w: GeoTiffTileWriter }): Promise<void> {
    this.open = this.open.filter((o) => o !== x.w);
    await x.w.finish();
    this.finished.push(x.path);
  }
  async abortAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map((w) => w.abort()));
    await Promise.all(this.finished.splice(0).map((p) => rm(p, { force: true })));
  }
}

/** Write one roll-up tile (edge `size`) to `w` as its GeoTIFF tiles, those at the grid's edge padded with `fill`. */
async function put({ w }: { w: GeoTiffTileWriter }, t: Tile, size: number, data: Float32Array | Uint8Array | Uint16Array, fill: number): Promise<void> {
  const per = size / OUTPUT_TILE;
  const buf = new (data.constructor as new (n: number) => typeof data)(OUTPUT_TILE * OUTPUT_TILE);
  for (let sy = 0; sy < per; sy++)
    for (let sx = 0; sx < per; sx++) {
      const [c0, r0] = [sx * OUTPUT_TILE, sy * OUTPUT_TILE];
      if (c0 >= t.width || r0 >= t.height) continue;
      const [cw, rh] = [Math.min(OUTPUT_TILE, t.width - c0), Math.min(OUTPUT_TILE, t.height - r0)];
      if (cw < OUTPUT_TILE || rh < OUTPUT_TILE) buf.fill(fill);
      for (let r = 0; r < rh; r++) buf.set(data.subarray((r0 + r) * t.width + c0, (r0 + r) * t.width + c0 + cw), r * OUTPUT_TILE);
      // The writer encodes the tile before it returns, so the buffer can be filled again.
      await w.writeTile(t.tx * per + sx, t.ty * per + sy, buf);
    }
}

/** The index as written: NaN → nodata. */
function indexOut(v: Float32Array): Float32Array {
  return v.map((x) => (x === x ? x : INDEX_NODATA));
}

/**
 * Roll up `counties` (already read, one grading scheme) into `outDir` as the area `area`.
 * Errors: E_CRS_MISMATCH, E_ARG_INVALID (grid options), E_ALL_NODATA, E_WRITE, E_CANCELLED,
 * and the readers' codes for the counties' rasters.
 */
export async function rollUpArea(counties: CountyResult[], outDir: string, area: { code: string; name: string }, opts: AreaOptions): Promise<RollupProvenance> {
  const report = (step: string, fraction: number): void => {
    if (opts.signal?.aborted) throw new RiskAtlasError('E_CANCELLED', 'the roll-up was cancelled');
    opts.onProgress?.(step, fraction);
  };
  report('read', 0);
  const epsg = rollupCrs(counties, opts.epsg);
  const grid = rollupGrid(counties, epsg, opts.cellSize);
  const rules: ResampleRule[] = counties.map((c) => resampleRule(c.grid, grid));
  const first = counties[0]!;
  const k = first.classes.k;
  const restricted = counties.find((c) => c.classes.restricted)?.classes.restricted?.name;
  const zoned = counties.some((c) => c.files.zoning);
  const withPeople = counties.some((c) => c.population);
  const tileSize = opts.tileSize ?? ROLLUP_TILE;
  if (!Number.isInteger(tileSize) || tileSize < OUTPUT_TILE || tileSize % OUTPUT_TILE !== 0) throw new RiskAtlasError('E_ARG_INVALID', `the roll-up tile size must be a multiple of ${OUTPUT_TILE} cells, got ${tileSize}`);
  const tiles = tileLayout(grid, tileSize);
  await mkdir(outDir, { recursive: true }).catch((err: Error) => {
    throw new RiskAtlasError('E_WRITE', err.message, { file: outDir });
  });

  const rasters = new CountyRasters(counties, rules, grid);
  const m: Mosaic = prepareMosaic(grid, counties, rasters);
  const writers = new Writers(grid);
  const meta = { RISKATLAS_ROLLUP: `${opts.level} ${area.code} ${area.name}`, RISKATLAS_VERSION: softwareVersion(), RISKATLAS_GRADES: opts.grades === 'keep' ? 'kept' : 'rederived' };
  const classNames = [...first.classes.names, ...(restricted ? [restricted] : [])].join(',');
  const files: Record<string, string> = { index: 'risk_index.tif', grade: 'risk_grade.tif', county: 'county.tif' };
  if (opts.grades === 'rederive') files.countyGrade = 'county_grade.tif';
  if (zoned) files.zoning = 'zoning.tif';
  const seams = new SeamScanner(grid, k, tileSize);
  const tally = new CountyTally(counties.length, k);
  const sampler = new SheetSampler(grid);
  const dist = new DistributionBuilder();
  // Share of the area's progress the mosaic pass stands for (the grading pass takes the rest up to 0.8).
  const mosaicShare = opts.grades === 'keep' ? 0.8 : 0.5;
  let rederived: RederivedBreaks | undefined;
  try {
    const indexW = await writers.create(join(outDir, files.index), { dtype: 'float32', nodata: INDEX_NODATA, metadata: meta });
    const countyGradeW = await writers.create(join(outDir, files.countyGrade ?? files.grade), { dtype: 'uint8', nodata: 0, metadata: { ...meta, RISKATLAS_CLASS_NAMES: classNames, RISKATLAS_GRADES: 'kept' } }, opts.grades === 'keep');
    const zoningW = zoned ? await writers.create(join(outDir, files.zoning!), { dtype: 'uint8', nodata: 0, metadata: { ...meta, RISKATLAS_ZONE_NAMES: first.zoneNames.join(',') } }) : null;
    const countyW = await writers.create(join(outDir, files.county), { dtype: 'uint16', nodata: 0, metadata: { ...meta, RISKATLAS_COUNTIES: JSON.stringify(counties.map((c) => `${c.code} ${c.name}`)) } }, false);
    for (const [i, t] of tiles.entries()) {
      const mt = await mosaicTile(m, t, { index: true, grades: true, zones: zoned, people: withPeople && opts.grades === 'keep' });
      await put(indexW, t, tileSize, indexOut(mt.index!), INDEX_NODATA);
      await put(countyGradeW, t, tileSize, mt.grades!, 0);
      if (zoningW) {
        await put(zoningW, t, tileSize, mt.zones!, 0);
        sampler.addZones(t, mt.zones!);
      }
      await put(countyW, t, tileSize, mt.owner, 0);
      seams.addTile(t, mt.grades!, mt.owner);
      if (opts.grades === 'keep') {
        tally.add(mt.owner, mt.grades!, mt.people);
        sampler.addGrades(t, mt.grades!);
      } else {
        dist.add(dist.overflowed ? { ...rangeMoments(mt.index!), values: new Float64Array(0), counts: new Float64Array(0) } : tileValues(mt.index!));
      }
      report('mosaic', mosaicShare * ((i + 1) / tiles.length));
    }
    await writers.finish(indexW);
    await writers.finish(countyGradeW);
    if (zoningW) await writers.finish(zoningW);
    await writers.finish(countyW);

    if (opts.grades === 'rederive') {
      report('classify', mosaicShare);
      rederived = await rederivedBreaks(dist, join(outDir, files.index), tiles, k);
      await gradingPass(m, tiles, tileSize, join(outDir, files.index), rederived.breaks, writers, join(outDir, files.grade), { ...meta, RISKATLAS_CLASS_NAMES: classNames, RISKATLAS_BREAKS: rederived.breaks.join(',') }, tally, sampler, withPeople, report);
    }
  } catch (err) {
    await writers.abortAll();
    throw err;
  } finally {
    await rasters.close();
  }

  // Reports: seams, statistics, sheets, provenance.
  report('seams', 0.82);
  const named = counties.map((c) => ({ code: c.code, name: c.name, classNames: c.classes.names }));
  const { pairs, segments } = seams.result();
  Object.assign(files, await writeSeamFiles(outDir, `${area.name}相邻县风险等级接边检查`, { pairs, segments }, named, grid));

  report('statistics', 0.85);
  const statCounties = counties.map((c) => ({ code: c.code, name: c.name, cityCode: c.cityCode, cityName: opts.cityName(c.cityCode), hasPopulation: Boolean(c.population) }));
  const stats = rollupStatistics(tally, statCounties, { names: first.classes.names, ...(restricted ? { restricted } : {}) }, grid.cellSize);
  const [byCounty, byCity, byGrade, xlsx] = await writeStatistics(outDir, stats, area);
  Object.assign(files, { statsByCounty: byCounty, statsByCity: byCity, statsByGrade: byGrade, statistics: xlsx });

  if (opts.maps !== false) {
    report('maps', 0.88);
    // Kept grades show value ranges when every county cut at the same inner breaks (fixed thresholds); the outer ends are the area's.
    const inner = (c: CountyResult): string => c.classes.breaks.slice(1, -1).join();
    const commonBreaks = counties.every((c) => inner(c) === inner(first))
      ? [Math.min(...counties.map((c) => c.classes.breaks[0]!)), ...first.classes.breaks.slice(1, -1), Math.max(...counties.map((c) => c.classes.breaks.at(-1)!))]
      : undefined;
    const boundaries: FeatureCollection = { type: 'FeatureCollection', features: m.boundaries.flatMap((b, ci) => b.features.map((f) => ({ ...f, properties: { XZQDM: counties[ci]!.code, XZQMC: counties[ci]!.name } }))) };
    const sheets = await writeRollupSheets(outDir, sampler, {
      areaName: area.name,
      counties: boundaries,
      classNames: first.classes.names,
      classColors: first.classes.colors,
      ...((rederived?.breaks ?? commonBreaks) ? { breaks: rederived?.breaks ?? commonBreaks } : {}),
      ...(zoned ? { zoneNames: first.zoneNames } : {}),
      model: first.model,
      software: `RiskAtlas ${softwareVersion()}`,
      date: opts.date,
      dpi: opts.dpi ?? 300,
    });
    sheets.forEach((s, i) => (files[`sheet${i + 1}`] = s));
  }

  const byRule: Partial<Record<ResampleRule, string[]>> = {};
  counties.forEach((c, i) => (byRule[rules[i]!] ??= []).push(c.code));
  const differentModels = new Set(counties.map((c) => JSON.stringify({ ...c.model, name: '', layers: {} }))).size > 1;
  const prov: RollupProvenance = {
    riskatlas: 'rollup',
    version: 1,
    software: { name: 'RiskAtlas', version: softwareVersion() },
    level: opts.level,
    area,
    grid,
    crs: { epsg, chosen: opts.epsg === undefined ? 'common' : 'requested' },
    grades: {
      mode: opts.grades,
      k,
      names: first.classes.names,
      colors: first.classes.colors,
      method: rederived ? 'jenks' : 'kept',
      ...(rederived ? { breaks: rederived.breaks, exactBreaks: rederived.exact, ...(rederived.refined ? { refinedBreaks: rederived.refined } : {}) } : {}),
    },
    resampling: byRule,
    counties: counties.map((c, i) => ({ code: c.code, name: c.name, cityCode: c.cityCode, cityName: opts.cityName(c.cityCode), runDir: c.source.runDir, provenanceSha256: c.provenanceSha256, epsg: c.grid.epsg, cellSize: c.grid.cellSize, rule: rules[i]!, method: c.classes.method, breaks: c.classes.breaks })),
    files,
    statistics: stats.total,
    seams: { pairs: pairs.length, pairsWithSeams: pairs.filter((p) => p.seamEdges > 0).length, segments: segments.length, lengthKm: segments.reduce((s, x) => s + x.lengthM, 0) / 1000 },
    warnings: [
      ...(opts.grades === 'rederive' && differentModels ? ['the counties ran different models: their risk indices may not be on one scale, so grades re-derived across them mix scales'] : []),
      ...(Object.keys(byRule).some((r) => r !== 'copy') ? [`counties resampled onto the roll-up grid: ${Object.entries(byRule).filter(([r]) => r !== 'copy').map(([r, cs]) => `${r} (${cs!.length})`).join(', ')}`] : []),
    ],
  };
  await writeRollupProvenance(join(outDir, 'provenance.json'), prov);
  report('write', 1);
  return prov;
}

/** Re-derived grades: each index tile read back, graded, written and tallied. */
async function gradingPass(
  m: Mosaic,
  tiles: Tile[],
  tileSize: number,
  indexPath: string,
  breaks: number[],
  writers: Writers,
  gradePath: string,
  metadata: Record<string, string>,
  tally: CountyTally,
  sampler: SheetSampler,
  withPeople: boolean,
  report: (step: string, fraction: number) => void,
): Promise<void> {
  const w = await writers.create(gradePath, { dtype: 'uint8', nodata: 0, metadata });
  const src = await openGeoTiff(indexPath);
  try {
    for (const [i, t] of tiles.entries()) {
      const index = await src.readWindow(t.col0, t.row0, t.width, t.height, 0, new Float32Array(t.width * t.height));
      for (let j = 0; j < index.length; j++) if (index[j] === INDEX_NODATA) index[j] = NaN;
      const mt = await mosaicTile(m, t, { grades: true, people: withPeople });
      const grades = gradeIndexTile(index, mt.grades!, breaks);
      await put(w, t, tileSize, grades, 0);
      tally.add(mt.owner, grades, mt.people);
      sampler.addGrades(t, grades);
      report('grade', 0.5 + 0.3 * ((i + 1) / tiles.length));
    }
  } finally {
    await src.close();
  }
  await writers.finish(w);
}
