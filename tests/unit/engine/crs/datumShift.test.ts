/**
 * Datum shifts on files written by GDAL/OGR, against ogr2ogr and gdalwarp: a NAD27 GeoPackage
 * (EPSG:4267) in North Carolina brought onto a WGS 84 UTM grid, one in China (where no NAD27
 * shift is published) onto a CGCS2000 Gauss-Krüger grid, and a Beijing 1954 GeoPackage onto a
 * CGCS2000 grid land where GDAL puts them, to 0.1 m; a NAD27 GeoTIFF aligned onto the grid holds
 * the values gdalwarp gives its cells. Skipped without GDAL.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Point } from 'geojson';
import { readVectorInGrid } from '../../../../src-main/engine/indicators/rawIndicator';
import { readGeoPackage } from '../../../../src-main/engine/io/geopackage';
import { openGeoTiff } from '../../../../src-main/engine/io/geotiff';
import { alignRaster } from '../../../../src-main/engine/grid/resample';
import { hasReference, gdal } from '../../../fixtures/referenceTools';

const dir = mkdtempSync(join(tmpdir(), 'ra-datum-'));
const ref = { path: 'x', name: 'x', category: 'exposure' as const };

/** Points as GeoJSON in lon/lat, for ogr2ogr to write in the CRS `srs` declares. */
function points(name: string, coords: [number, number][]): string {
  const p = join(dir, `${name}.geojson`);
  writeFileSync(p, JSON.stringify({ type: 'FeatureCollection', features: coords.map((c, i) => ({ type: 'Feature', properties: { ID: i + 1 }, geometry: { type: 'Point', coordinates: c } })) }));
  return p;
}

/** The coordinates of a GeoPackage's points as ogr2ogr writes them to GeoJSON. */
function coordsOf(path: string): [number, number][] {
  const out = join(dir, `${basename(path)}.geojson`);
  gdal('ogr2ogr', ['-f', 'GeoJSON', '-lco', 'COORDINATE_PRECISION=9', out, path]);
  return (JSON.parse(readFileSync(out, 'utf8')) as { features: { geometry: Point }[] }).features.map((f) => f.geometry.coordinates as [number, number]);
}

const NC: [number, number][] = [[-79, 35.5], [-78.5, 35.9], [-80.8, 35.2]];
/** The Ordos basin, where EPSG publishes Beijing 1954 → WGS 84 shifts of ±1 m. */
const ORDOS: [number, number][] = [[109.9, 39.6], [108.5, 37.8], [109.2, 38.4]];

describe.skipIf(!hasReference('ogr2ogr') || !hasReference('osgeo'))('datum shifts against GDAL', () => {
  it('reads a NAD27 GeoPackage written by ogr2ogr as declared EPSG:4267 with the published shift for North Carolina (EPSG:1173, ±10 m)', async () => {
    const gpkg = join(dir, 'nad27.gpkg');
    gdal('ogr2ogr', ['-f', 'GPKG', '-a_srs', 'EPSG:4267', gpkg, points('nc', NC)]);
    const layer = await readGeoPackage(gpkg);
    expect(layer.meta.crs).toMatchObject({ epsg: 4267, name: 'NAD27', identification: { level: 'declared', source: 'GeoPackage srs table' }, datumShift: { code: 1173, accuracy: 10 } });
  });

  it('brings the NAD27 GeoPackage onto a WGS 84 UTM 17N grid where ogr2ogr puts it, to 0.1 m (a shift of tens of metres applied)', async () => {
    const gpkg = join(dir, 'nad27b.gpkg');
    gdal('ogr2ogr', ['-f', 'GPKG', '-a_srs', 'EPSG:4267', gpkg, points('nc2', NC)]);
    const utm = join(dir, 'nad27_utm.gpkg');
    gdal('ogr2ogr', ['-f', 'GPKG', '-t_srs', 'EPSG:32617', utm, gpkg]);
    const expected = coordsOf(utm);
    const ours = (await readVectorInGrid(gpkg, ref, 32617)).features.features.map((f) => (f.geometry as Point).coordinates as [number, number]);
    const noShift = (await readVectorInGrid(gpkg, { ...ref, crs: 4326 }, 32617)).features.features.map((f) => (f.geometry as Point).coordinates as [number, number]);
    ours.forEach(([x, y], i) => {
      expect(Math.hypot(x - expected[i]![0], y - expected[i]![1]), `point ${i + 1}`).toBeLessThan(0.1);
      // Taking the file as WGS 84 (the silent override of the issue) misplaces it by the datum shift.
      expect(Math.hypot(noShift[i]![0] - expected[i]![0], noShift[i]![1] - expected[i]![1])).toBeGreaterThan(20);
    });
  });

  it('brings a Beijing 1954 GeoPackage onto a CGCS2000 Gauss-Krüger grid as ogr2ogr does with the same EPSG transformation (15918, ±1 m), to 0.1 m', async () => {
    const gpkg = join(dir, 'bj54.gpkg');
    gdal('ogr2ogr', ['-f', 'GPKG', '-a_srs', 'EPSG:4214', gpkg, points('ordos', ORDOS)]);
    const layer = await readGeoPackage(gpkg);
    expect(layer.meta.crs?.datumShift).toMatchObject({ code: 15918, accuracy: 1 });
    // PROJ publishes no CGCS2000 ↔ WGS 84 operation; RiskAtlas takes them as equal (±1 m) and so does the reference.
    const wgs = join(dir, 'bj54_wgs.gpkg');
    gdal('ogr2ogr', ['-f', 'GPKG', '-t_srs', 'EPSG:4326', '-ct', 'urn:ogc:def:coordinateOperation:EPSG::15918', wgs, gpkg]);
    const gk = join(dir, 'bj54_gk.gpkg');
    gdal('ogr2ogr', ['-f', 'GPKG', '-s_srs', 'EPSG:4490', '-t_srs', 'EPSG:4545', gk, wgs]);
    const expected = coordsOf(gk);
    const ours = (await readVectorInGrid(gpkg, ref, 4545)).features.features.map((f) => (f.geometry as Point).coordinates as [number, number]);
    ours.forEach(([x, y], i) => expect(Math.hypot(x - expected[i]![0], y - expected[i]![1]), `point ${i + 1}`).toBeLessThan(0.1));
  });

  it('brings a NAD27 GeoPackage lying outside every published NAD27 shift onto a CGCS2000 grid (4527) where ogr2ogr puts it, to 0.1 m, saying positions are approximate', async () => {
    // Neither RiskAtlas nor PROJ has a shift for NAD27 near Tianjin: both carry longitude/latitude over ("ballpark").
    const gpkg = join(dir, 'nad27_cn.gpkg');
    gdal('ogr2ogr', ['-f', 'GPKG', '-a_srs', 'EPSG:4267', gpkg, points('tianjin', [[117.2, 39.1], [117.5, 39.3]])]);
    const layer = await readGeoPackage(gpkg);
    expect(layer.meta.crs?.datumShift).toBeNull();
    expect(layer.meta.warnings).toContain('NAD27: no published transformation to WGS 84 covers the layer: positions against other datums are approximate');
    const gk = join(dir, 'nad27_cn_gk.gpkg');
    gdal('ogr2ogr', ['-f', 'GPKG', '-t_srs', 'EPSG:4527', gk, gpkg]);
    const expected = coordsOf(gk);
    const ours = (await readVectorInGrid(gpkg, ref, 4527)).features.features.map((f) => (f.geometry as Point).coordinates as [number, number]);
    ours.forEach(([x, y], i) => expect(Math.hypot(x - expected[i]![0], y - expected[i]![1]), `point ${i + 1}`).toBeLessThan(0.1));
  });

  it('aligns a NAD27 GeoTIFF written by gdal_translate onto a UTM grid with the values gdalwarp gives the same cells (nearest neighbour)', async () => {
    // 60 × 40 cells of 0.01° over North Carolina, each holding its own number.
    const asc = join(dir, 'ids.asc');
    const rows = Array.from({ length: 40 }, (_, r) => Array.from({ length: 60 }, (_, c) => r * 60 + c + 1).join(' '));
    writeFileSync(asc, `ncols 60\nnrows 40\nxllcorner -80.2\nyllcorner 35.2\ncellsize 0.01\nNODATA_value -1\n${rows.join('\n')}\n`);
    const tif = join(dir, 'nad27.tif');
    gdal('gdal_translate', ['-q', '-a_srs', 'EPSG:4267', '-ot', 'Int32', asc, tif]);
    const grid = { epsg: 32617, originX: 580_000, originY: 3_930_000, cellSize: 200, width: 60, height: 50 };
    const warped = join(dir, 'warped.asc');
    gdal('gdalwarp', ['-q', '-t_srs', 'EPSG:32617', '-te', '580000', '3920000', '592000', '3930000', '-tr', '200', '200', '-r', 'near', '-of', 'AAIGrid', tif, warped]);
    const expected = readFileSync(warped, 'utf8').split('\n').slice(6).join(' ').trim().split(/\s+/).map(Number);
    const src = await openGeoTiff(tif);
    try {
      expect(src.meta.crs).toMatchObject({ epsg: 4267, identification: { level: 'declared', source: 'GeoTIFF keys' }, datumShift: { code: 1173 } });
      const ours = await alignRaster(src, grid, 'nearest');
      let same = 0;
      ours.forEach((v, i) => (v === expected[i] ? same++ : undefined));
      // Cells whose centre lies within centimetres of a pixel edge may round either way.
      expect(same / ours.length).toBeGreaterThan(0.99);
    } finally {
      await src.close();
    }
  });
});
