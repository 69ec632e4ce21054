/**
 * The outputs, once every pass is done: the streamed GeoTIFFs are finished only now, so a
 * cancelled or failed run leaves none of them; then the grade PNG quick-look, the statistics
 * CSV and, with zoning, the zone raster and the zone polygons (Shapefile and GeoPackage).
 */
import { join } from 'node:path';
import { hexToRgb } from '../../../../src-shared/schemes';
import { ZONE_NAMES } from '../../../../src-shared/zoneMatrix';
import { writeFileAtomic } from '../../export/atomicFile';
import { toCsv } from '../../export/csv';
import { writeGeoPackage } from '../../export/geopackageWriter';
import { encodePalettePng } from '../../export/png';
import { writeShapefile } from '../../export/shapefileWriter';
import type { ZoningResult } from '../../zoning/zones';
import type { RunContext } from '../setup';
import { outputTiles } from '../tiling';
import type { IndexClasses } from './classBreaks';
import type { GradesPass, QuickLook } from './grades';

/** Write the outputs (`metadata`: of every output GeoTIFF, see outputRasters.ts). */
export async function writeOutputs(run: RunContext, metadata: Record<string, string>, classes: IndexClasses, graded: GradesPass, zoning: ZoningResult | undefined): Promise<void> {
  const { files } = run;
  run.checkCancel();
  await run.rasters.finishAll();
  await writeFileAtomic(files.png, quickLookPng(classes, graded.preview));
  await writeFileAtomic(files.stats, statisticsCsv(run, graded));
  if (zoning) await writeZoning(run, metadata, zoning);
  run.report('write', 0.97);
}

/** The grade PNG quick-look: the class colours, excluded land in grey, nodata transparent. */
export function quickLookPng({ scheme, k, restricted }: Pick<IndexClasses, 'scheme' | 'k' | 'restricted'>, preview: QuickLook): Uint8Array {
  const palette: [number, number, number, number][] = [[0, 0, 0, 0], ...scheme.colors.slice(0, k).map((c) => [...hexToRgb(c), 255] as [number, number, number, number])];
  if (restricted) palette.push([178, 178, 178, 255]); // excluded land in grey
  return encodePalettePng(preview.width, preview.height, preview.grades, palette);
}

/** The statistics table: cells, area, share (and people) per grade over the study area, then per assessment unit. */
function statisticsCsv(run: RunContext, { classes, restrictedRow, units }: GradesPass): string {
  const withPeople = Boolean(run.doc.statistics?.population);
  const people = (p: number | undefined): (number | string)[] => (withPeople ? [Math.round(p ?? 0)] : []);
  const rows = [
    ...classes.map((c) => ['全域', run.studyName, c.grade, c.name, c.cells, c.areaKm2, c.sharePct, ...people(c.population)]),
    ...(restrictedRow ? [['全域', run.studyName, restrictedRow.grade, restrictedRow.name, restrictedRow.cells, restrictedRow.areaKm2, '', ...people(restrictedRow.population)]] : []),
    ...units.map((u) => [u.code, u.name, u.grade, u.gradeName, u.cells, u.areaKm2, u.sharePct, ...people(u.population)]),
  ];
  const header = ['单元代码', '单元名称', '风险等级', '等级名称', '格网数', '面积(km²)', '占比(%)', ...(withPeople ? ['人口(人)'] : [])];
  return toCsv(header, rows);
}

/** The zone raster (tile by tile from the whole-grid zones) and the zone polygons. */
async function writeZoning(run: RunContext, metadata: Record<string, string>, zoning: ZoningResult): Promise<void> {
  const { doc, grid, files, tileSize } = run;
  const zoneNames = (doc.zoning!.names ?? ZONE_NAMES).join(',');
  const zw = await run.rasters.open(files.zoning!, 'grade', { ...metadata, RISKATLAS_ZONE_NAMES: zoneNames, RISKATLAS_CAPACITY_BREAKS: zoning.capacityBreaks.join(',') });
  for (const t of run.tiles) {
    const tileZones = new Uint8Array(t.width * t.height);
    for (let r = 0; r < t.height; r++) tileZones.set(zoning.zones.subarray((t.row0 + r) * grid.width + t.col0, (t.row0 + r) * grid.width + t.col0 + t.width), r * t.width);
    for (const [x, y, buf] of outputTiles(t, tileZones, tileSize, 0, (n) => new Uint8Array(n))) await zw.writeTile(x, y, buf);
  }
  await run.rasters.finishAll();
  const zoneLayer = { type: 'FeatureCollection' as const, features: zoning.features };
  await writeShapefile(join(run.out, doc.outputs.zones), zoneLayer, { epsg: grid.epsg, encoding: 'utf-8' });
  await writeGeoPackage(files.zonesGpkg!, 'zoning', zoneLayer, grid.epsg);
}
