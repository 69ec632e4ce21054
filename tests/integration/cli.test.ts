/**
 * The `riskatlas` command as a user runs it (the real bin script, a child process):
 * demo outputs checked with GDAL as the independent reader, inspect on every demo
 * format, and the exit codes and one-line errors for bad input and bad usage.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBadInputs } from '../fixtures/io/badInputs';

const root = join(import.meta.dirname, '..', '..');
const sample = join(root, 'resources', 'sample', 'county');
const hasGdal = existsSync('/usr/bin/gdalinfo');

function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'riskatlas.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8' }, timeout: 120_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('riskatlas demo', () => {
  const out = mkdtempSync(join(tmpdir(), 'ra-demo-'));
  let run: ReturnType<typeof cli>;
  beforeAll(() => {
    run = cli('demo', '--out', out);
  }, 180_000);

  it('exits 0 and writes the continuous index, the 5-grade GeoTIFF, the PNG and the statistics', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const f of ['risk_index.tif', 'risk_grade.tif', 'risk_grade.png', 'risk_stats.csv', 'provenance.json', 'zoning.tif', 'zoning.shp', 'zoning.gpkg']) expect(existsSync(join(out, f))).toBe(true);
    expect(run.stdout).toContain('高');
  });

  it.skipIf(!hasGdal)('GDAL reads both GeoTIFFs as CGCS2000 with their nodata values', () => {
    for (const [f, nodata] of [['risk_index.tif', -9999], ['risk_grade.tif', 0]] as const) {
      const info = JSON.parse(execFileSync('/usr/bin/gdalinfo', ['-json', join(out, f)], { encoding: 'utf8' }));
      expect(info.coordinateSystem.wkt).toContain('CGCS2000');
      expect(info.coordinateSystem.wkt).toMatch(/ID\["EPSG",4546\]\]$/);
      expect(info.bands[0].noDataValue).toBe(nodata);
    }
  });

  it.skipIf(!hasGdal)('the grade raster holds only the grades 1–5 (and nodata), each present', () => {
    // Keep the dataset referenced: GDAL's Python bindings crash if it is collected before the band.
    const py = `from osgeo import gdal\nimport sys\nds = gdal.Open(sys.argv[1])\nb = ds.GetRasterBand(1).ReadAsArray()\nprint(sorted(set(b.ravel().tolist())))`;
    const keys = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, join(out, 'risk_grade.tif')], { encoding: 'utf8' }));
    expect(keys).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it.skipIf(!hasGdal)('writes the zoning polygons as a GeoPackage GDAL reads with the same zones as the shapefile', () => {
    const py = 'import sys\nfrom osgeo import ogr\nfor p in sys.argv[1:]:\n  ds = ogr.Open(p)\n  l = ds.GetLayer(0)\n  print(l.GetFeatureCount(), round(sum(f.GetGeometryRef().GetArea() for f in l)), sorted(set(f.GetField("FQMC") for f in l)))';
    const [gpkg, shp] = execFileSync('/usr/bin/python3', ['-c', py, join(out, 'zoning.gpkg'), join(out, 'zoning.shp')], { encoding: 'utf8' }).trim().split('\n');
    expect(gpkg).toBe(shp);
    expect(gpkg).toContain('重点防治区');
  });

  it.skipIf(!hasGdal)('writes the zoning polygons as a shapefile GDAL reads with CRS, Chinese names and areas adding up', () => {
    expect(existsSync(join(out, 'zoning.tif'))).toBe(true);
    // GDAL 3.6's ogrinfo has no -json: read through the OGR Python bindings.
    const py = [
      'import sys, json',
      'from osgeo import ogr',
      'ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayer(0); srs = lyr.GetSpatialRef()',
      "m = [x for x in srs.FindMatches() if x[1] == 100]",
      "print(json.dumps({'epsg': m[0][0].GetAuthorityCode(None) if m else None, 'valid': all(f.GetGeometryRef().IsValid() for f in lyr), 'props': [f.items() for f in lyr]}, ensure_ascii=False))",
    ].join('\n');
    const info = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, join(out, 'zoning.shp')], { encoding: 'utf8' }));
    expect(info.epsg).toBe('4546');
    expect(info.valid).toBe(true);
    const props = info.props;
    expect(props.length).toBeGreaterThan(3);
    expect(new Set(props.map((p: { FQMC: string }) => p.FQMC))).toEqual(new Set(['重点防治区', '次重点防治区', '一般防治区']));
    for (const p of props) expect(String(p.MC)).toMatch(/(镇|乡).+防治区$/);
    const area = props.reduce((s: number, p: { MJ_KM2: number }) => s + p.MJ_KM2, 0);
    const classes = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8')).classification.classes;
    expect(area).toBeCloseTo(classes.reduce((s: number, c: { areaKm2: number }) => s + c.areaKm2, 0), 1);
  });

  it('records the model, weights and breaks in provenance.json', () => {
    const p = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    expect(p.model.name).toContain('示范县');
    expect(p.classification.breaks).toHaveLength(6);
    expect(p.weights.H).toBeDefined();
  });

  it('writes the statistics as UTF-8 CSV with a BOM for Excel, per grade and per township', () => {
    const csv = readFileSync(join(out, 'risk_stats.csv'), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('较高');
    expect(csv.split('\r\n').filter((l) => /^\d{9},/.test(l)).length).toBe(6 * 5);
    expect(csv.split('\r\n')[0]).toContain('人口(人)');
    expect(csv).toContain('全域,黄河示范县,1,高');
    // People per grade add up to the county's population (≈ 50,000 in the demo).
    const people = csv.split('\r\n').filter((l) => l.startsWith('全域,')).reduce((sum, l) => sum + Number(l.split(',').pop()), 0);
    expect(Math.abs(people - 50_000)).toBeLessThan(500);
  });
});

describe('riskatlas inspect', () => {
  it('describes a GeoTIFF as JSON with EPSG, size, dtype and nodata', () => {
    const r = cli('inspect', join(sample, 'dem.tif'), '--json');
    expect(r.status).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m).toMatchObject({ kind: 'raster', format: 'GeoTIFF', dtype: 'float32', nodata: -9999, bands: 1, crs: { epsg: 4546 } });
    expect(m.width).toBeGreaterThan(100);
  });

  it('describes a GeoTIFF in geographic CGCS2000', () => {
    expect(JSON.parse(cli('inspect', join(sample, 'pga.tif'), '--json').stdout).crs.epsg).toBe(4490);
  });

  it('describes a loose and a zipped shapefile with GBK Chinese names', () => {
    for (const f of ['townships.shp', 'townships.zip']) {
      const r = cli('inspect', join(sample, f), '--json');
      expect(r.status).toBe(0);
      const m = JSON.parse(r.stdout);
      expect(m).toMatchObject({ kind: 'vector', format: 'Shapefile', featureCount: 6, crs: { epsg: 4546 } });
      expect(m.geometryType).toMatch(/Polygon/);
      expect(m.fields.map((x: { name: string }) => x.name)).toContain('XZQMC');
    }
  });

  it('suggests the census category of a layer (catalogue pre-fill)', () => {
    const m = JSON.parse(cli('inspect', join(sample, 'hidden_dangers.shp'), '--json').stdout);
    expect(m.catalog).toMatchObject({ category: 'hiddenDanger', name: '地质灾害隐患点' });
  });

  it('describes a GeoJSON', () => {
    const m = JSON.parse(cli('inspect', join(sample, 'schools.geojson'), '--json').stdout);
    expect(m).toMatchObject({ kind: 'vector', format: 'GeoJSON', geometryType: 'Point' });
    expect(m.featureCount).toBeGreaterThan(0);
  });

  it('prints a readable summary without --json', () => {
    const r = cli('inspect', join(sample, 'dem.tif'));
    expect(r.stdout).toMatch(/EPSG:4546/);
    expect(r.stdout).toMatch(/nodata:\s+-9999/);
  });

  it('exits 1 with one line naming the file for a truncated GeoTIFF', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-bad-'));
    const bad = join(dir, 'truncated.tif');
    const full = readFileSync(join(sample, 'dem.tif'));
    writeFileSync(bad, full.subarray(0, Math.floor(full.length / 3)));
    const r = cli('inspect', bad);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(bad);
    expect(lines[0]).toContain('E_TIFF_CORRUPT');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('gives every kind of bad input its own code and one Chinese line naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-badzh-'));
    const cases = await writeBadInputs(dir);
    for (const [file, code] of cases) {
      const r = spawnSync(process.execPath, [join(root, 'bin', 'riskatlas.mjs'), 'inspect', file], { encoding: 'utf8', env: { ...process.env, LANG: 'zh_CN.UTF-8' } });
      expect(r.status, file).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines, file).toHaveLength(1);
      expect(lines[0], file).toContain(file);
      expect(lines[0], file).toContain(`[${code}]`);
      expect(lines[0], file).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('exits 1 for a missing file and a zero-byte file, each with its own code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-bad-'));
    writeFileSync(join(dir, 'empty.geojson'), '');
    expect(cli('inspect', join(dir, 'nope.tif')).stderr).toContain('E_FILE_NOT_FOUND');
    const empty = cli('inspect', join(dir, 'empty.geojson'));
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('E_FILE_EMPTY');
  });

  it('speaks Chinese when LANG is zh_CN', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'riskatlas.mjs'), 'inspect', '/nonexistent.tif'], { encoding: 'utf8', env: { ...process.env, LANG: 'zh_CN.UTF-8' } });
    expect(r.stderr).toContain('找不到文件');
  });
});

describe('riskatlas qc', () => {
  it('passes the demo county (warnings only) and writes the report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-qc-'));
    const r = cli('qc', join(sample, 'model.json'), '--year', '2022', '--out', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/0 error\(s\)/);
    expect(readFileSync(join(dir, 'qc_report.csv'), 'utf8').charCodeAt(0)).toBe(0xfeff);
  });

  it('exits 1 and lists the findings when a layer has errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-qc-'));
    for (const f of readdirSync(sample)) copyFileSync(join(sample, f), join(dir, f));
    const crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4546' } };
    const pts = [[470000, 4030000, 6000], [470002, 4030001, -3]].map(([x, y, n]) => ({ type: 'Feature', properties: { MC: '场所', RNRS: n }, geometry: { type: 'Point', coordinates: [x, y] } }));
    writeFileSync(join(dir, 'shelters_extra.geojson'), JSON.stringify({ type: 'FeatureCollection', crs, features: pts }));
    const m = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    m.layers.shelters_extra = { path: 'shelters_extra.geojson', name: '避难场所补充', category: 'capacity' };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(m));
    const r = cli('qc', join(dir, 'model.json'), '--year', '2022');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/RNG-04\terror\tshelters_extra\t1/);
    expect(r.stdout).toMatch(/DUP-01\twarning\tshelters_extra\t1/);
  });
});

describe('riskatlas qc <folder>', () => {
  it('checks every layer file of a delivery folder and writes the CSV, JSON and printable HTML reports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-qcdir-'));
    for (const f of readdirSync(sample)) copyFileSync(join(sample, f), join(dir, f));
    writeFileSync(join(dir, 'broken.tif'), readFileSync(join(sample, 'dem.tif')).subarray(0, 5000));
    const out = join(dir, 'report');
    const r = cli('qc', dir, '--year', '2022', '--out', out);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/READ-01\terror\tbroken\.tif\t1/);
    expect(r.stdout).toMatch(/DUP-01\twarning\tbuildings\.shp\t4/);
    const html = readFileSync(join(out, 'qc_report.html'), 'utf8');
    expect(html).toContain('broken.tif');
    expect(html).toContain('E_TIFF_CORRUPT');
    expect(JSON.parse(readFileSync(join(out, 'qc_report.json'), 'utf8')).counts).toEqual({ error: 1, warning: 4, info: 0 });
  });
});

describe('riskatlas qc <file> and inspect on files from elsewhere', () => {
  const hasOgr = existsSync('/usr/bin/ogr2ogr');

  it('checks one shapefile and one GeoTIFF, saying how each CRS and encoding was found', () => {
    const shp = cli('qc', join(sample, 'townships.shp'), '--year', '2022');
    expect(shp.status).toBe(0);
    expect(shp.stdout).toMatch(/layer townships\.shp: EPSG:4546 CGCS2000 \/ 3-degree Gauss-Kruger CM 111E — matched \(\.prj parameters.*encoding gbk \(cpg\)/);
    const tif = cli('qc', join(sample, 'dem.tif'));
    expect(tif.status).toBe(0);
    expect(tif.stdout).toMatch(/layer dem\.tif: EPSG:4546 .* — declared \(GeoTIFF keys\)/);
  });

  it.skipIf(!hasOgr)('checks a NAD27 GeoPackage written by ogr2ogr (declared, with its datum shift) and describes a .prj it cannot identify with candidates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-qcfile-'));
    const src = join(dir, 'pts.geojson');
    writeFileSync(src, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { NAME: 'São Benedito' }, geometry: { type: 'Point', coordinates: [-40.86, -4.05] } }] }));
    execFileSync('/usr/bin/ogr2ogr', ['-f', 'GPKG', '-a_srs', 'EPSG:4267', join(dir, 'nad27.gpkg'), src]);
    const gpkg = cli('qc', join(dir, 'nad27.gpkg'));
    expect(gpkg.stdout).toMatch(/layer nad27\.gpkg: EPSG:4267 NAD27 — declared \(GeoPackage srs table\)/);
    execFileSync('/usr/bin/ogr2ogr', ['-f', 'ESRI Shapefile', '-a_srs', '+proj=longlat +ellps=GRS80 +no_defs', join(dir, 'brazil.shp'), src]);
    const unknown = cli('inspect', join(dir, 'brazil.shp'));
    expect(unknown.status).toBe(0);
    expect(unknown.stdout).toMatch(/CRS: +unknown: GCS_unknown \(not identified as an EPSG CRS; candidates EPSG:4674 SIRGAS 2000/);
    expect(unknown.stdout).toMatch(/state it: --crs EPSG:<code>, e\.g\. EPSG:4674 \(SIRGAS 2000\)/);
    expect(unknown.stdout).toMatch(/encoding: windows-1252 \(from the language-driver byte of the \.dbf\)/);
    const stated = cli('inspect', join(dir, 'brazil.shp'), '--crs', 'EPSG:4674', '--json');
    expect(JSON.parse(stated.stdout).crs).toMatchObject({ epsg: 4674, identification: { level: 'stated' } });
    expect(cli('qc', join(dir, 'brazil.shp')).stdout).toMatch(/CRS-03\terror\tbrazil\.shp\t1/);
  });

  it('refuses --encoding it cannot decode as a usage error', () => {
    expect(cli('inspect', join(sample, 'townships.shp'), '--encoding', 'klingon').status).toBe(2);
  });
});

describe('riskatlas usage', () => {
  it('--version and --help exit 0', () => {
    expect(cli('--version').stdout).toMatch(/^riskatlas \d+\.\d+\.\d+/);
    const h = cli('--help');
    expect(h.status).toBe(0);
    for (const c of ['demo', 'serve', 'inspect', 'run']) expect(h.stdout).toContain(c);
  });
  it('exits 2 on usage errors', () => {
    expect(cli('frobnicate').status).toBe(2);
    expect(cli('run', 'model.json').status).toBe(2);
    expect(cli('inspect').status).toBe(2);
    expect(cli('--bogus').status).toBe(2);
    expect(cli().status).toBe(2);
  });
  it('exits 1 naming the model file when a model is invalid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-model-'));
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ riskatlas: 'model', version: 1 }));
    const r = cli('run', join(dir, 'm.json'), '--out', join(dir, 'out'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('m.json');
    expect(r.stderr).toContain('E_MODEL_INVALID');
  });
  it('exits 1 at once with one line naming the model file when the run is too large (10⁹ cells), before computing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-huge-'));
    const m = JSON.parse(readFileSync(join(sample, 'model.json'), 'utf8'));
    m.grid.cellSize = 1;
    for (const f of readdirSync(sample)) copyFileSync(join(sample, f), join(dir, f));
    writeFileSync(join(dir, 'model.json'), JSON.stringify(m));
    const r = cli('run', join(dir, 'model.json'), '--out', join(dir, 'out'));
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^riskatlas: .*model\.json: .* cells RiskAtlas runs unasked; choose a larger cell size, or run it knowingly \(riskatlas run --allow-large-grid\)\) \[E_RUN_TOO_LARGE\]$/);
    expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : []).toEqual([]);
  });
});
