/**
 * The roll-up engine on a small generated province (8 counties, one disagreeing on purpose):
 * kept grades are the counties' own cell for cell, re-derived grades are natural breaks of the
 * mosaic index as a whole-array computation finds them, cities roll up separately with their
 * names, another CRS resamples every county by the stated rule (checked against gdalwarp),
 * counties in different CRSs are refused unless a CRS is named, and counties that do not
 * share a grading scheme, or come twice, are refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classOf, jenksBreaks } from '../../../../src-main/engine/classify/breaks';
import { openGeoTiff } from '../../../../src-main/engine/io/geotiff';
import { runModel } from '../../../../src-main/engine/pipeline/run';
import { rollUp, type RollupOptions } from '../../../../src-main/engine/rollup/rollup';
import { hasReference } from '../../../fixtures/referenceTools';
import { useTempDir } from '../../../fixtures/tempDir';
import { smallProvince, type SmallProvince } from './smallProvince';

const base: RollupOptions = { level: 'province', grades: 'keep', date: '2026年12月', dpi: 30 };

async function readAll(path: string): Promise<{ values: Float64Array; width: number; gt: number[]; nodata: number | null }> {
  const src = await openGeoTiff(path);
  try {
    return { values: await src.readWindow(0, 0, src.meta.width, src.meta.height, 0), width: src.meta.width, gt: src.meta.geoTransform, nodata: src.meta.nodata };
  } finally {
    await src.close();
  }
}

const codeOf = (e: unknown): string | undefined => (e as { code?: string }).code;

describe('rollUp', () => {
  const tmp = useTempDir('ra-rollup-');
  let p: SmallProvince;
  const sources = (): { runDir: string }[] => p.runs.map((runDir) => ({ runDir }));
  beforeAll(async () => {
    p = await smallProvince(tmp());
  }, 120_000);

  it('keeps each county\'s grades cell for cell on a shared lattice, and finds the seams of the county that disagrees', async () => {
    const out = join(tmp(), 'keep');
    const [r] = await rollUp(sources(), out, base);
    const prov = r!.provenance;
    expect(prov.grades.mode).toBe('keep');
    expect(prov.resampling).toEqual({ copy: p.province.counties.map((c) => c.code).sort() });
    expect(prov.area).toEqual({ code: '990000', name: '示范省' });
    const mosaic = await readAll(join(out, 'risk_grade.tif'));
    let graded = 0;
    for (const c of p.province.counties) {
      const own = await readAll(join(p.results, c.code, 'risk_grade.tif'));
      const dx = Math.round((own.gt[0]! - mosaic.gt[0]!) / 100);
      const dy = Math.round((mosaic.gt[3]! - own.gt[3]!) / 100);
      for (let i = 0; i < own.values.length; i++) {
        if (!own.values[i]) continue;
        graded++;
        const [col, row] = [(i % own.width) + dx, Math.floor(i / own.width) + dy];
        expect(mosaic.values[row * mosaic.width + col], `${c.code} cell ${i}`).toBe(own.values[i]);
      }
    }
    expect(mosaic.values.filter((v) => v > 0).length).toBe(graded);
    // The disagreeing county (row 0, column 1) against each of its three neighbours, and nothing else.
    const odd = p.province.counties.find((c) => c.disagrees)!.code;
    const seams = JSON.parse(readFileSync(join(out, 'seam_report.json'), 'utf8')) as { findings: { layer: string }[] };
    const pairs = new Set(seams.findings.map((f) => f.layer.replace(/ \S+ \| /, '|').replace(/ \S+$/, '')));
    expect([...pairs].sort()).toEqual(p.province.neighbours.filter((n) => n.split('|').includes(odd)).sort());
    expect(prov.seams.pairsWithSeams).toBe(3);
  });

  it('re-derives the grades as natural breaks of the whole mosaic index and grades every cell by them', async () => {
    const out = join(tmp(), 'rederive');
    const [r] = await rollUp(sources(), out, { ...base, grades: 'rederive' });
    const prov = r!.provenance;
    const index = await readAll(join(out, 'risk_index.tif'));
    const valid = [...index.values].filter((v) => v !== index.nodata);
    const breaks = jenksBreaks(valid, 5);
    expect(prov.grades).toMatchObject({ mode: 'rederive', method: 'jenks', breaks, exactBreaks: true });
    const grades = await readAll(join(out, 'risk_grade.tif'));
    for (let i = 0; i < index.values.length; i++) expect(grades.values[i]).toBe(index.values[i] === index.nodata ? 0 : 5 - classOf(index.values[i]!, breaks));
    // The counties' own grades stay beside them, and the seam check looks at those.
    expect(existsSync(join(out, 'county_grade.tif'))).toBe(true);
    expect(prov.seams.pairsWithSeams).toBe(3);
    expect(prov.warnings).toEqual([]);
  });

  it('rolls up each city into its own folder, named from the regions.csv beside the county models', async () => {
    const out = join(tmp(), 'cities');
    const rs = await rollUp(sources(), out, { ...base, level: 'city' });
    expect(rs.map((r) => [r.outDir, r.provenance.area.name, r.provenance.counties.length])).toEqual([
      [join(out, '990100'), '东原市', 6],
      [join(out, '990200'), '西岭市', 2],
    ]);
    const byCity = readFileSync(join(out, '990100', 'stats_by_city.csv'), 'utf8');
    expect(byCity).toContain('990100,东原市,6,1,高');
    expect(existsSync(join(out, '990200', 'maps', '西岭市自然灾害综合风险图.pdf'))).toBe(true);
  });

  it.skipIf(!hasReference('gdalinfo'))('resamples every county into another CRS by the stated rule, as gdalwarp does with the mosaic', async () => {
    const keep = join(tmp(), 'keep');
    const out = join(tmp(), 'gk108');
    const [r] = await rollUp(sources(), out, { ...base, epsg: 4545 });
    const prov = r!.provenance;
    expect(prov.grid.epsg).toBe(4545);
    expect(prov.crs.chosen).toBe('requested');
    expect(Object.keys(prov.resampling)).toEqual(['point']);
    expect(prov.warnings.join()).toContain('resampled');
    const g = prov.grid;
    const warped = join(tmp(), 'warped.tif');
    execFileSync('/usr/bin/gdalwarp', ['-q', '-overwrite', '-t_srs', 'EPSG:4545', '-r', 'near', '-te', String(g.originX), String(g.originY - g.height * g.cellSize), String(g.originX + g.width * g.cellSize), String(g.originY), '-tr', '100', '100', join(keep, 'risk_grade.tif'), warped]);
    const [mine, ref] = [await readAll(join(out, 'risk_grade.tif')), await readAll(warped)];
    let both = 0;
    let same = 0;
    for (let i = 0; i < mine.values.length; i++) {
      if (!mine.values[i] || !ref.values[i]) continue;
      both++;
      if (mine.values[i] === ref.values[i]) same++;
    }
    // Nearest-neighbour sampling of the same grades: cells differ only where a border or a class edge runs between the two samplings.
    expect(both).toBeGreaterThan(0.95 * mine.values.filter((v) => v > 0).length);
    expect(same / both).toBeGreaterThan(0.97);
    const keepArea = JSON.parse(readFileSync(join(keep, 'provenance.json'), 'utf8')).statistics.reduce((s: number, x: { areaKm2: number }) => s + x.areaKm2, 0);
    const area = prov.statistics.reduce((s, x) => s + x.areaKm2, 0);
    // Only cells along the province's outer edge can fall off (their nearest county cell lies outside): about one in a hundred here.
    expect(Math.abs(area - keepArea) / keepArea).toBeLessThan(0.02);
  });

  it('refuses counties in different CRSs unless one is named, and then resamples only the other', async () => {
    const c = p.province.counties[0]!;
    const doc = JSON.parse(readFileSync(c.model, 'utf8'));
    const foreign = join(p.province.dir, `${c.code}_gk108.json`);
    writeFileSync(foreign, JSON.stringify({ ...doc, grid: { ...doc.grid, epsg: 4545 } }));
    const run = join(tmp(), 'foreign', c.code);
    await runModel(foreign, run, { workers: 0 });
    const mixed = [{ runDir: run }, ...sources().slice(1)];
    const err = await rollUp(mixed, join(tmp(), 'mixed'), base).catch((e: unknown) => e);
    expect(codeOf(err)).toBe('E_CRS_MISMATCH');
    expect((err as Error).message).toContain('EPSG:4545');
    // The province lies in the 3° zone of CM 111°E: that is the CRS suggested, as a project suggests one for its study area.
    expect((err as Error).message).toContain('use e.g. EPSG:4546');
    const [r] = await rollUp(mixed, join(tmp(), 'mixed'), { ...base, epsg: 4546, maps: false });
    expect(r!.provenance.resampling).toEqual({ point: [c.code], copy: p.province.counties.slice(1).map((x) => x.code).sort() });
  });

  it('refuses counties that grade by other names, a county given twice, a geographic CRS and an empty folder', async () => {
    const other = join(tmp(), 'renamed');
    cpSync(p.runs[1]!, other, { recursive: true });
    const prov = JSON.parse(readFileSync(join(other, 'provenance.json'), 'utf8'));
    prov.classification.classes[0].name = '极高';
    writeFileSync(join(other, 'provenance.json'), JSON.stringify(prov));
    expect(codeOf(await rollUp([...sources().slice(0, 1), { runDir: other }], join(tmp(), 'x'), base).catch((e: unknown) => e))).toBe('E_ROLLUP_MISMATCH');
    const twice = await rollUp([...sources(), sources()[0]!], join(tmp(), 'x'), base).catch((e: unknown) => e);
    expect(codeOf(twice)).toBe('E_ROLLUP_MISMATCH');
    expect((twice as Error).message).toContain('two results');
    expect(codeOf(await rollUp(sources(), join(tmp(), 'x'), { ...base, epsg: 4490 }).catch((e: unknown) => e))).toBe('E_ARG_INVALID');
    expect(codeOf(await rollUp([], join(tmp(), 'x'), base).catch((e: unknown) => e))).toBe('E_FILE_NOT_FOUND');
    expect(codeOf(await rollUp([{ runDir: join(tmp(), 'keep') }], join(tmp(), 'x'), base).catch((e: unknown) => e))).toBe('E_ARG_INVALID');
  });

  it('stops between tiles when cancelled, leaving no mosaic behind — also once the mosaic is written and the grades are being re-derived', async () => {
    for (const [grades, step] of [['keep', 'mosaic'], ['rederive', 'grade']] as const) {
      const out = join(tmp(), `cancelled-${grades}`);
      const abort = new AbortController();
      // 25 m cells in tiles of 256: two tiles, and the roll-up is stopped after the first of the step.
      const err = await rollUp(sources(), out, { ...base, grades, cellSize: 25, tileSize: 256, maps: false, onProgress: (q) => q.step === step && abort.abort(), signal: abort.signal }).catch((e: unknown) => e);
      expect(codeOf(err), grades).toBe('E_CANCELLED');
      for (const f of ['risk_index.tif', 'risk_grade.tif', 'county.tif', 'county_grade.tif', 'provenance.json']) expect(existsSync(join(out, f)), `${grades} ${f}`).toBe(false);
    }
  });

  it.skipIf(!hasReference('gdalinfo'))('writes GeoTIFFs GDAL reads in the roll-up CRS, with overviews and the county table', () => {
    const gdalinfo = (f: string) => JSON.parse(execFileSync('/usr/bin/gdalinfo', ['-json', join(tmp(), 'keep', f)], { encoding: 'utf8' }));
    const county = gdalinfo('county.tif');
    expect(county.coordinateSystem.wkt).toMatch(/ID\["EPSG",4546\]\]$/);
    expect(county.bands[0].type).toBe('UInt16');
    expect(JSON.parse(county.metadata[''].RISKATLAS_COUNTIES)).toHaveLength(8);
    const grade = gdalinfo('risk_grade.tif');
    expect(grade.bands[0].overviews.length).toBeGreaterThan(0);
    expect(grade.metadata[''].RISKATLAS_CLASS_NAMES).toBe('高,较高,中,较低,低');
  });
});
