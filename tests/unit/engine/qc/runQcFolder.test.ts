/**
 * QC of a delivery folder (no model yet): the demo county gives the same findings as QC of its
 * model, and a folder of broken layers gives each its rule, with locations to zoom to.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runQc, runQcFolder } from '../../../../src-main/engine/qc/runQc';
import { transformer } from '../../../../src-main/engine/crs/registry';
import { encodeTiff, makeFixtures } from '../../../fixtures/io/makeFixtures';

const sample = join(__dirname, '../../../../resources/sample/county');
const key = (f: { rule: string; feature?: number }): string => `${f.rule}#${f.feature ?? ''}`;

describe('QC of a folder', () => {
  it('finds in the demo county folder exactly what QC of its model finds (the model document is skipped)', async () => {
    const folder = await runQcFolder(sample, { surveyYear: 2022 });
    const model = await runQc(join(sample, 'model.json'), { surveyYear: 2022 });
    expect(folder.counts).toEqual(model.counts);
    expect(folder.findings.map(key).sort()).toEqual(model.findings.map(key).sort());
    expect(folder.findings.every((f) => f.layer === 'buildings.shp')).toBe(true);
  });

  describe('a delivery with faults', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'ra-qcfolder-'));
      const fx = makeFixtures(join(dir, '.fixtures'));
      for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg']) copyFileSync(join(sample, `townships.${ext}`), join(dir, `townships.${ext}`));
      copyFileSync(join(sample, 'county_boundary.geojson'), join(dir, 'county_boundary.geojson'));
      for (const ext of ['shp', 'shx', 'dbf']) copyFileSync(fx.shpNoPrj.replace(/\.shp$/, `.${ext}`), join(dir, `no_prj.${ext}`));
      copyFileSync(fx.tifTruncated, join(dir, 'broken.tif'));
      // Shelters from Excel: lon/lat (CGCS2000), one negative capacity, one point outside the township it names.
      const toLonLat = transformer(4546, 4490);
      const [lon1, lat1] = toLonLat(480000, 4030000);
      const [lon2, lat2] = toLonLat(490000, 4020000); // in 东岭乡 (141030201), but says 城关镇
      writeFileSync(join(dir, '避难场所.csv'), `名称,经度,纬度,容纳人数,XZQDM\n一号,${lon1},${lat1},-20,141030100\n二号,${lon2},${lat2},300,141030100\n`);
      // A hazard raster in the analysis CRS whose western half is nodata.
      const w = 40;
      const h = 40;
      const data = Array.from({ length: w * h }, (_, i) => (i % w < w / 2 ? -9999 : 0.5));
      writeFileSync(join(dir, 'landslide.tif'), encodeTiff([{ width: w, height: h, dtype: 'float32', data, nodata: '-9999', geoTransform: [464000, 800, 0, 4046000, 0, -800], geoKeys: { model: 1, projected: 4546 } }]));
    });

    it('reports each fault under its rule, with the layer named by its file', async () => {
      const r = await runQcFolder(dir, { surveyYear: 2022 });
      const byLayer = (layer: string): string[] => r.findings.filter((f) => f.layer === layer).map((f) => f.rule).sort();
      // Without a CRS the layer still gets every rule that needs none: its codes lie under another county.
      expect(byLayer('no_prj.shp')).toEqual(['ADM-01', 'ADM-01', 'CRS-01']);
      expect(byLayer('broken.tif')).toEqual(['READ-01']);
      expect(r.findings.find((f) => f.layer === 'broken.tif')!.message).toMatch(/^E_TIFF_CORRUPT/);
      expect(byLayer('避难场所.csv')).toEqual(['PIP-01', 'RNG-04']);
      expect(byLayer('landslide.tif')).toEqual(['RAS-01']);
      expect(byLayer('townships.shp')).toEqual([]);
      expect(r.counts.error).toBe(5);
      expect(r.counts.warning).toBe(2);
    });

    it('locates the nodata gap of a raster inside its empty half, in the study area’s metric CRS', async () => {
      const r = await runQcFolder(dir, { surveyYear: 2022 });
      const gap = r.findings.find((f) => f.rule === 'RAS-01')!;
      expect(gap.message).toMatch(/% of the study area has no data/);
      const [x, y] = gap.at!;
      expect(x).toBeLessThan(464000 + 20 * 800); // the western, empty half
      expect(y).toBeGreaterThan(4014000);
      expect(y).toBeLessThan(4046000);
    });

    it('measures duplicate distances in metres for lon/lat layers (no study area: the layer’s own Gauss-Krüger zone)', async () => {
      const lone = mkdtempSync(join(tmpdir(), 'ra-qcdup-'));
      // Two points 3 m apart and one 1 km away, in degrees.
      const toLonLat = transformer(4546, 4490);
      const pts = [[480000, 4030000], [480003, 4030000], [481000, 4030000]].map(([x, y]) => toLonLat(x!, y!));
      writeFileSync(join(lone, '隐患点.csv'), `编号,经度,纬度,威胁人数\n${pts.map((p, i) => `${i + 1},${p[0]},${p[1]},10`).join('\n')}\n`);
      const r = await runQcFolder(lone, { surveyYear: 2022 });
      expect(r.findings.map(key)).toEqual(['DUP-01#2']);
      expect(r.findings[0]!.message).toMatch(/within 3\.0 m of feature 1/);
    });
  });
});
