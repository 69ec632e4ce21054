/**
 * The analysis grid in any projected CRS measured in metres: the same small model — a study
 * area and shelters in longitude/latitude, a hazard raster in WGS 84 — runs on an ETRS89 LAEA
 * (3035) and a WGS 84 UTM (32632) grid in Germany and on a CGCS2000 Gauss-Krüger grid (4527)
 * in China, writing GeoTIFFs, zoning polygons (.shp with its .prj, .gpkg) that declare the
 * grid's CRS; a grid in degrees is refused with the projected CRS that suits the place.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGeoTiff } from '../../src-main/engine/export/geotiff';
import { runModel } from '../../src-main/engine/pipeline/run';
import { openGeoTiff } from '../../src-main/engine/io/geotiff';
import { readShapefile } from '../../src-main/engine/io/shapefile';
import { readGeoPackage } from '../../src-main/engine/io/geopackage';
import { codeOf } from '../fixtures/errorCode';

const W = 30;
const H = 20;
/** Degrees per raster cell (about 100–200 m). */
const STEP = 0.002;

/** A model around (lon, lat) with its grid in `epsg` and cells of 100 m; returns its path. */
async function modelAround(lon: number, lat: number, epsg: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `ra-grid${epsg}-`));
  const hazard = Float32Array.from({ length: W * H }, (_, i) => ((i % W) + Math.floor(i / W)) / (W + H));
  await writeGeoTiff(join(dir, 'hazard.tif'), hazard, { width: W, height: H, dtype: 'float32', nodata: -9999, epsg: 4326, geoTransform: [lon, STEP, 0, lat + H * STEP, 0, -STEP] });
  const x0 = lon + 2 * STEP;
  const y0 = lat + 2 * STEP;
  const x1 = lon + (W - 2) * STEP;
  const y1 = lat + (H - 2) * STEP;
  const area = { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
  writeFileSync(join(dir, 'area.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'a' }, geometry: area }] }));
  const shelters = [[x0 + 0.01, y0 + 0.01], [x1 - 0.01, y1 - 0.01]].map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: c } }));
  writeFileSync(join(dir, 'shelters.geojson'), JSON.stringify({ type: 'FeatureCollection', features: shelters }));
  writeFileSync(
    join(dir, 'model.json'),
    JSON.stringify({
      riskatlas: 'model',
      version: 2,
      name: `grid ${epsg}`,
      grid: { epsg, cellSize: 100, studyArea: 'area' },
      layers: {
        area: { path: 'area.geojson', name: 'area', category: 'admin' },
        hazard: { path: 'hazard.tif', name: 'h', category: 'hazard' },
        shelters: { path: 'shelters.geojson', name: 's', category: 'capacity' },
      },
      indicators: [
        { id: 'h', layer: 'hazard', resample: 'bilinear' },
        { id: 'c', layer: 'shelters', rasterize: 'distance', direction: 'negative' },
      ],
      components: { H: { h: 1 }, C: { c: 1 } },
      risk: { operator: 'weightedSum', weights: { H: 0.7, C: 0.3 } },
      classification: { method: 'equalInterval', classes: 5, scheme: 'high5' },
      zoning: {},
      outputs: {},
    }),
  );
  return join(dir, 'model.json');
}

describe('analysis grid in any projected CRS in metres', () => {
  for (const [epsg, lon, lat, name] of [
    [3035, 9.5, 50, 'ETRS89 LAEA Europe'],
    [32632, 9.5, 50, 'WGS 84 / UTM zone 32N'],
    [4527, 117.2, 39.1, 'CGCS2000 3-degree Gauss-Kruger zone 39'],
  ] as const) {
    it(`runs on a grid in EPSG:${epsg} (${name}) and writes outputs that declare it`, async () => {
      const modelPath = await modelAround(lon, lat, epsg);
      const out = join(modelPath, '..', 'out');
      const s = await runModel(modelPath, out, { workers: 0 });
      expect(s.grid.epsg).toBe(epsg);
      expect(s.grid.width).toBeGreaterThan(5);
      expect(s.indicators.find((i) => i.id === 'h')!.validCells).toBeGreaterThan(0);
      const src = await openGeoTiff(s.files.index);
      try {
        expect(src.meta.crs).toMatchObject({ epsg, identification: { level: 'declared', source: 'GeoTIFF keys' } });
      } finally {
        await src.close();
      }
      // The zoning polygons: the .shp's .prj and the GeoPackage's srs table name the grid's CRS.
      expect((await readShapefile(s.files.zones!)).meta.crs?.epsg).toBe(epsg);
      expect((await readGeoPackage(s.files.zonesGpkg!)).meta.crs?.epsg).toBe(epsg);
      const provenance = JSON.parse(readFileSync(s.files.provenance, 'utf8')) as { inputs: Record<string, { crs: { epsg: number; level: string }; toGrid: { kind: string } }> };
      expect(provenance.inputs.area).toMatchObject({ crs: { epsg: 4326, level: 'declared' } });
      expect(provenance.inputs.hazard!.toGrid.kind).toMatch(/^(same|shift)$/);
    }, 120_000);
  }

  it('refuses a grid in degrees and names the projected CRS for the study area', async () => {
    const modelPath = await modelAround(9.5, 50, 4326);
    const err = await runModel(modelPath, join(modelPath, '..', 'out'), { workers: 0 }).catch((e: Error) => e);
    expect(await codeOf(Promise.reject(err))).toBe('E_MODEL_INVALID');
    expect((err as Error).message).toMatch(/EPSG:4326 \(WGS 84\) is geographic \(degrees\).*use EPSG:32632 \(WGS 84 \/ UTM zone 32N\)/);
  });
});
