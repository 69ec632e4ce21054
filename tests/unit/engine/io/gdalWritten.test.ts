/**
 * Layer files written by GDAL/OGR (not by RiskAtlas), read as GDAL reads them: .prj files
 * identified at the right level, DBF text decoded by the evidence the file carries. Skipped
 * without GDAL.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readShapefile } from '../../../../src-main/engine/io/shapefile';
import { inspect } from '../../../../src-main/engine/io/inspect';
import { hasReference, gdal } from '../../../fixtures/referenceTools';

const dir = mkdtempSync(join(tmpdir(), 'ra-gdal-'));
const SOURCE = join(dir, 'source.geojson');
writeFileSync(
  SOURCE,
  JSON.stringify({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { NAME: 'São Benedito', XZQMC: '城关镇' }, geometry: { type: 'Point', coordinates: [-40.86, -4.05] } },
      { type: 'Feature', properties: { NAME: 'Crateús', XZQMC: '东川乡' }, geometry: { type: 'Point', coordinates: [-40.68, -5.18] } },
    ],
  }),
);
/** A shapefile written by ogr2ogr from the two points (`args` say CRS, fields and encoding). */
const shapefile = (name: string, args: string[]): string => {
  const p = join(dir, `${name}.shp`);
  gdal('ogr2ogr', ['-f', 'ESRI Shapefile', ...args, p, SOURCE]);
  return p;
};

describe.skipIf(!hasReference('ogr2ogr'))('shapefiles written by ogr2ogr', () => {
  it('matches the .prj GDAL writes for CGCS2000 3-degree GK zone 39 to EPSG:4527 and for ETRS89 LAEA to EPSG:3035', async () => {
    const z39 = await readShapefile(shapefile('z39', ['-a_srs', 'EPSG:4527']));
    expect(z39.meta.crs).toMatchObject({ epsg: 4527, identification: { level: 'matched', source: '.prj parameters (datum, ellipsoid, projection)' } });
    const laea = await readShapefile(shapefile('laea', ['-a_srs', 'EPSG:3035']));
    expect(laea.meta.crs).toMatchObject({ epsg: 3035, identification: { level: 'matched' } });
  });

  it('leaves a .prj without authority on GRS80 with an unknown datum unknown, and lists candidates for the place (SIRGAS 2000 in Brazil)', async () => {
    const p = shapefile('grs80', ['-a_srs', '+proj=longlat +ellps=GRS80 +no_defs']);
    expect(readFileSync(p.replace(/shp$/, 'prj'), 'utf8')).toMatch(/D_Unknown_based_on_GRS80_ellipsoid/);
    const res = await inspect(p);
    expect(res.ok).toBe(true);
    const crs = res.ok ? res.value.crs : null;
    expect(crs).toMatchObject({ epsg: null, identification: { level: 'unknown', source: '.prj' } });
    expect(crs!.identification!.candidates![0]).toEqual({ epsg: 4674, name: 'SIRGAS 2000' });
    expect(crs!.identification!.candidates!.map((c) => c.epsg)).not.toContain(4490);
  });

  it('decodes a DBF with language-driver byte 0x57 and Latin accents as Windows-1252 ("São Benedito", not "S鉶 Benedito")', async () => {
    // ogr2ogr's default: LDID 87, text in ISO-8859-1, no .cpg.
    const p = shapefile('latin', ['-select', 'NAME']);
    expect(readFileSync(p.replace(/shp$/, 'dbf'))[29]).toBe(0x57);
    const l = await readShapefile(p);
    expect(l.features.features.map((f) => f.properties!.NAME)).toEqual(['São Benedito', 'Crateús']);
    expect(l.meta).toMatchObject({ encoding: 'windows-1252', encodingEvidence: 'ldid' });
  });

  it('decodes a GBK DBF without .cpg: by its language-driver byte 0x4D, and by its bytes when that is zero too', async () => {
    const p = shapefile('gbk', ['-select', 'XZQMC', '-lco', 'ENCODING=LDID/77']);
    const dbf = p.replace(/shp$/, 'dbf');
    expect(readFileSync(dbf)[29]).toBe(0x4d);
    const byLdid = await readShapefile(p);
    expect(byLdid.features.features.map((f) => f.properties!.XZQMC)).toEqual(['城关镇', '东川乡']);
    expect(byLdid.meta).toMatchObject({ encoding: 'gbk', encodingEvidence: 'ldid' });
    const bytes = readFileSync(dbf);
    bytes[29] = 0;
    writeFileSync(dbf, bytes);
    const byContent = await readShapefile(p);
    expect(byContent.features.features.map((f) => f.properties!.XZQMC)).toEqual(['城关镇', '东川乡']);
    expect(byContent.meta).toMatchObject({ encoding: 'gbk', encodingEvidence: 'content' });
  });

  it('leaves Latin text with neither .cpg nor language-driver byte undecided, and decodes it as stated', async () => {
    const p = shapefile('nodriver', ['-select', 'NAME']);
    const dbf = p.replace(/shp$/, 'dbf');
    const bytes = readFileSync(dbf);
    bytes[29] = 0;
    writeFileSync(dbf, bytes);
    const undecided = await readShapefile(p);
    expect(undecided.meta.encodingEvidence).toBe('undecided');
    expect(undecided.meta.warnings.join(' ')).toMatch(/neither UTF-8 nor GBK/);
    const stated = await readShapefile(p, { encoding: 'windows-1252' });
    expect(stated.features.features[0]!.properties!.NAME).toBe('São Benedito');
    expect(stated.meta.encodingEvidence).toBe('stated');
  });

  it('decodes by the .cpg GDAL writes with ENCODING=CP936, before anything else', async () => {
    const p = shapefile('cp936', ['-select', 'XZQMC', '-lco', 'ENCODING=CP936']);
    const l = await readShapefile(p);
    expect(l.features.features[1]!.properties!.XZQMC).toBe('东川乡');
    expect(l.meta).toMatchObject({ encoding: 'gbk', encodingEvidence: 'cpg' });
    rmSync(p.replace(/shp$/, 'cpg'));
  });
});
