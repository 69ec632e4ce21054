/**
 * The shapefile reader on fixtures made by `makeFixtures` (independent of the production
 * writer): encodings, zip, sidecar faults and geometry decoding. Cross-checked against two
 * independent readers: shpjs (always, on the cases it reads the same way: simple polygons,
 * points, UTF-8 and GBK DBFs named by a .cpg) and OGR where GDAL's Python bindings are installed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import { parseDbf, parseShp } from 'shpjs';
import { readShapefile } from '../../../../src-main/engine/io/shapefile';
import { makeFixtures, writeShapefile, SHP, TOWNSHIPS, PRJ, type FixturePaths } from '../../../fixtures/io/makeFixtures';
import { codeOf } from '../../../fixtures/errorCode';
import { hasReference, PYTHON } from '../../../fixtures/referenceTools';

let dir: string;
let f: FixturePaths;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ra-shp-'));
  f = makeFixtures(dir);
});

const ringArea = (r: number[][]): number => r.reduce((s, p, i) => s + (i ? (r[i - 1]![0]! - p[0]!) * (r[i - 1]![1]! + p[1]!) : 0), 0) / 2;

/**
 * Coordinates with every ring replaced by its sorted vertex list: the other readers keep the
 * file's ring order (outer clockwise), RiskAtlas returns RFC 7946 order (outer counter-clockwise).
 */
const ringsAsVertexSets = (coordinates: unknown): string =>
  JSON.stringify(coordinates, (_k, v) => (Array.isArray(v) && Array.isArray(v[0]) && Array.isArray(v[0][0]) && typeof v[0][0][0] === 'number' ? v.map((r: number[][]) => r.map((p) => p.join(',')).sort()) : v));

/**
 * shpjs's reading of a shapefile: its own .shp and .dbf decoders, the .cpg passed as the DBF
 * encoding. No .prj is given, so it keeps the file's coordinates as RiskAtlas does (with one it
 * would reproject to WGS84). Dates come back as local `Date`s; they are written as RiskAtlas
 * writes them, `YYYY-MM-DD`.
 */
function readWithShpjs(shpPath: string): { geometry: Geometry | null; properties: Record<string, unknown> }[] {
  const base = shpPath.slice(0, -'.shp'.length);
  const geometries = parseShp(readFileSync(shpPath));
  const cpg = existsSync(`${base}.cpg`) ? readFileSync(`${base}.cpg`, 'utf8') : undefined;
  const rows = parseDbf(readFileSync(`${base}.dbf`), cpg);
  const day = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return geometries.map((geometry, i) => ({
    geometry,
    properties: Object.fromEntries(Object.entries(rows[i]!).map(([k, v]) => [k, v instanceof Date ? day(v) : v])),
  }));
}

describe('shapefile attributes and encodings', () => {
  it('decodes GBK Chinese township names declared by .cpg, with every DBF field type', async () => {
    const l = await readShapefile(f.shpGbkCpg);
    expect(l.meta).toMatchObject({ format: 'Shapefile', featureCount: 2, geometryType: 'Polygon', encoding: 'gbk', crs: { epsg: 4546 }, extent: [0, 0, 200, 100], warnings: [] });
    expect(l.meta.fields).toEqual([
      { name: 'XZQDM', type: 'string' },
      { name: 'XZQMC', type: 'string' },
      { name: 'RK', type: 'integer' },
      { name: 'MJ', type: 'number' },
      { name: 'SFCZ', type: 'boolean' },
      { name: 'GXRQ', type: 'date' },
    ]);
    expect(l.features.features.map((x) => x.properties)).toEqual(TOWNSHIPS.map((t) => t.props));
  });

  it('detects GBK when there is no .cpg (invalid as UTF-8)', async () => {
    const l = await readShapefile(f.shpGbkNoCpg);
    expect(l.meta.encoding).toBe('gbk');
    expect(l.features.features.map((x) => x.properties!.XZQMC)).toEqual(['城关镇', '东川乡']);
  });

  it('reads UTF-8 declared by .cpg and detects UTF-8 without a .cpg', async () => {
    const a = await readShapefile(f.shpUtf8);
    const b = await readShapefile(f.shpUtf8NoCpg);
    expect([a.meta.encoding, b.meta.encoding]).toEqual(['utf-8', 'utf-8']);
    expect(b.features.features.map((x) => x.properties!.XZQMC)).toEqual(['城关镇', '东川乡']);
  });

  it('takes GBK from the DBF language driver byte when there is no .cpg', async () => {
    // Pure-ASCII names would pass as UTF-8; the LDID 0x4D (code page 936) must win.
    const shp = writeShapefile(join(dir, 'ldid'), { type: SHP.Point, records: [{ parts: [[[1, 2]]], props: { MC: '东川乡' } }], fields: [{ name: 'MC', type: 'C', length: 10 }], encoding: 'gbk', ldid: 0x4d, prj: PRJ.cgcs2000 });
    expect((await readShapefile(shp)).meta.encoding).toBe('gbk');
  });

  it('accepts the .cpg spellings of Chinese code pages (936, CP936, GB2312, GB18030)', async () => {
    for (const cpg of ['936', 'CP936', 'GB2312', 'GB18030', 'ANSI 936']) {
      const shp = writeShapefile(join(dir, `cpg_${cpg.replace(/\W/g, '')}`), { type: SHP.Point, records: [{ parts: [[[1, 2]]], props: { MC: '城关镇' } }], fields: [{ name: 'MC', type: 'C', length: 10 }], encoding: 'gbk', cpg, prj: PRJ.cgcs2000 });
      const l = await readShapefile(shp);
      expect(l.features.features[0]!.properties!.MC, cpg).toBe('城关镇');
    }
  });

  it('still detects UTF-8 when a writer cut a multi-byte character at the field width', async () => {
    // 城关镇 is 9 UTF-8 bytes; a 7-byte field ends inside 镇.
    const shp = writeShapefile(join(dir, 'cututf8'), { type: SHP.Point, records: [{ parts: [[[1, 2]]], props: { MC: '城关镇' } }, { parts: [[[1, 2]]], props: { MC: '东川' } }], fields: [{ name: 'MC', type: 'C', length: 7 }], encoding: 'utf-8', prj: PRJ.cgcs2000 });
    const l = await readShapefile(shp);
    expect(l.meta.encoding).toBe('utf-8');
    expect(l.features.features.map((x) => x.properties!.MC)).toEqual(['城关', '东川']);
  });

  it('renames duplicate (10-character-truncated) field names instead of losing a column', async () => {
    const shp = writeShapefile(join(dir, 'dupe'), { type: SHP.Point, records: [{ parts: [[[1, 2]]], props: { POPULATION: 5 } }], fields: [{ name: 'POPULATION', type: 'N', length: 4 }, { name: 'POPULATION', type: 'N', length: 4 }], prj: PRJ.cgcs2000 });
    const l = await readShapefile(shp);
    expect(l.meta.fields.map((x) => x.name)).toEqual(['POPULATION', 'POPULATION_1']);
    expect(l.meta.warnings.join()).toMatch(/duplicate field/);
  });
});

describe('shapefile containers and sidecars', () => {
  it('reads a zipped shapefile in a Chinese-named folder, ignoring other entries', async () => {
    const l = await readShapefile(f.zip);
    expect(l.meta).toMatchObject({ featureCount: 2, encoding: 'gbk', crs: { epsg: 4546 } });
    expect(l.features.features[0]!.properties!.XZQMC).toBe('城关镇');
  });

  it('finds sidecars whatever the letter case of the extensions (.SHP/.DBF/.PRJ)', async () => {
    const l = await readShapefile(f.shpUpperCaseExt);
    expect(l.meta).toMatchObject({ featureCount: 2, encoding: 'gbk', crs: { epsg: 4546 } });
  });

  it('refuses a zip that unpacks beyond 200 MB (zip bomb) with E_ZIP_CORRUPT', async () => {
    const zeros = new Uint8Array(210 * 1024 * 1024);
    writeFileSync(join(dir, 'bomb.zip'), zipSync({ 'a.shp': zeros }, { level: 1 }));
    expect(await codeOf(readShapefile(join(dir, 'bomb.zip')))).toBe('E_ZIP_CORRUPT');
  }, 60_000);

  it('gives E_ZIP_CORRUPT for a zip without a .shp and for bytes that are not a zip', async () => {
    writeFileSync(join(dir, 'noshp.zip'), zipSync({ 'a.txt': new Uint8Array(3) }));
    writeFileSync(join(dir, 'garbage.zip'), 'PK\x03\x04garbage');
    expect(await codeOf(readShapefile(join(dir, 'noshp.zip')))).toBe('E_ZIP_CORRUPT');
    expect(await codeOf(readShapefile(join(dir, 'garbage.zip')))).toBe('E_ZIP_CORRUPT');
  });

  it('asks for the CRS (E_CRS_MISSING) when .prj is missing, and takes it from opts.crs', async () => {
    expect(await codeOf(readShapefile(f.shpNoPrj))).toBe('E_CRS_MISSING');
    const l = await readShapefile(f.shpNoPrj, { crs: 4546 });
    expect(l.meta.crs).toMatchObject({ epsg: 4546, name: 'CGCS2000 / 3-degree Gauss-Kruger CM 111E' });
  });

  it('lets a stated CRS override a contradicting .prj, with a warning', async () => {
    const l = await readShapefile(f.shpGbkCpg, { crs: 4527 });
    expect(l.meta.crs?.epsg).toBe(4527);
    expect(l.meta.warnings.join()).toMatch(/EPSG:4546.*EPSG:4527/);
  });

  it('rebuilds a missing .shx by reading the .shp sequentially, with a warning', async () => {
    const l = await readShapefile(f.shpNoShx);
    expect(l.meta.featureCount).toBe(2);
    expect(l.meta.warnings).toEqual(['.shx missing: index rebuilt by reading the .shp sequentially']);
  });

  it('gives E_DBF_CORRUPT when the .dbf has fewer records than the .shp', async () => {
    expect(await codeOf(readShapefile(f.shpDbfShort))).toBe('E_DBF_CORRUPT');
  });

  it('gives E_SHP_CORRUPT for a truncated .shp, whether or not its length field was fixed up', async () => {
    expect(await codeOf(readShapefile(f.shpTruncated))).toBe('E_SHP_CORRUPT');
    expect(await codeOf(readShapefile(f.shpLengthLies))).toBe('E_SHP_CORRUPT');
  });

  it('gives E_SHP_MISSING_PART without a .dbf and E_FILE_NOT_FOUND / E_FILE_EMPTY for the .shp itself', async () => {
    expect(await codeOf(readShapefile(f.shpNoDbf))).toBe('E_SHP_MISSING_PART');
    expect(await codeOf(readShapefile(join(dir, 'nothere.shp')))).toBe('E_FILE_NOT_FOUND');
    writeFileSync(join(dir, 'zero.shp'), '');
    expect(await codeOf(readShapefile(join(dir, 'zero.shp')))).toBe('E_FILE_EMPTY');
  });

  it('gives E_SHP_CORRUPT, not a crash, for every truncation of a valid .shp', async () => {
    const full = readFileSync(f.shpGbkCpg);
    for (const e of ['dbf', 'prj', 'cpg']) writeFileSync(join(dir, `cut.${e}`), readFileSync(f.shpGbkCpg.replace(/shp$/, e)));
    for (let n = 1; n < full.length; n += 7) {
      writeFileSync(join(dir, 'cut.shp'), full.subarray(0, n));
      expect(await codeOf(readShapefile(join(dir, 'cut.shp'))), `cut at ${n}`).toBe('E_SHP_CORRUPT');
    }
  });
});

describe('shapefile geometry', () => {
  it('keeps coordinates in the file CRS and returns polygons with holes in RFC 7946 ring order', async () => {
    const g = (await readShapefile(f.shpGbkCpg)).features.features[0]!.geometry as Polygon;
    expect(g.type).toBe('Polygon');
    expect(g.coordinates).toHaveLength(2);
    expect(g.coordinates[0]!.map((p) => p.slice()).sort()).toEqual([[0, 0], [0, 0], [0, 100], [100, 0], [100, 100]].sort());
    expect(ringArea(g.coordinates[0]!)).toBeGreaterThan(0); // outer counter-clockwise
    expect(ringArea(g.coordinates[1]!)).toBeLessThan(0); // hole clockwise
  });

  it('gives a hole to the part that contains it, not to the first part whose bounding box does', async () => {
    const g = (await readShapefile(f.shpNested)).features.features[0]!.geometry as MultiPolygon;
    expect(g.type).toBe('MultiPolygon');
    const withHole = g.coordinates.find((p) => p.length === 2)!;
    expect(withHole[0]!.some((p) => p[0] === 30 && p[1] === 15)).toBe(true); // the L
    expect(g.coordinates.find((p) => p.length === 1)![0]!.some((p) => p[0] === 70 && p[1] === 70)).toBe(true); // the Γ, no hole
  });

  it('reads PolyLineZ with z kept, single- and multi-part, and null shapes as null geometry', async () => {
    const l = await readShapefile(f.shpPolylineZ);
    expect(l.meta.featureCount).toBe(3);
    expect(l.features.features.map((x) => x.geometry)).toEqual([
      { type: 'LineString', coordinates: [[0, 0, 100], [10, 5, 95.5], [20, 5, 90]] },
      { type: 'MultiLineString', coordinates: [[[0, 10, 50], [5, 15, 49]], [[30, 30, 10], [40, 40, 9]]] },
      null,
    ]);
    expect(l.features.features[1]!.properties!.HLMC).toBe('支流');
  });

  it('reads MultiPoint and PointZ / PolygonZ', async () => {
    expect((await readShapefile(f.shpMultiPoint)).features.features[0]!.geometry).toEqual({ type: 'MultiPoint', coordinates: [[110.5, 36.1], [110.6, 36.2]] });
    const pz = writeShapefile(join(dir, 'pz'), { type: SHP.PointZ, records: [{ parts: [[[1, 2, 3]]], props: { A: 1 } }], fields: [{ name: 'A', type: 'N', length: 2 }], prj: PRJ.cgcs2000 });
    expect((await readShapefile(pz)).features.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [1, 2, 3] });
    const gz = writeShapefile(join(dir, 'gz'), { type: SHP.PolygonZ, records: [{ parts: [[[0, 0, 1], [0, 1, 1], [1, 1, 1], [1, 0, 1], [0, 0, 1]]], props: { A: 1 } }], fields: [{ name: 'A', type: 'N', length: 2 }], prj: PRJ.cgcs2000 });
    expect((await readShapefile(gz)).features.features[0]!.geometry.type).toBe('Polygon');
  });

  it.skipIf(!hasReference('osgeo'))('agrees with OGR on features, attributes and geometry (GBK, holes, PolyLineZ)', async () => {
    const py = `import sys, json
from osgeo import ogr, gdal
gdal.UseExceptions()
ds = ogr.Open(sys.argv[1])
lyr = ds.GetLayer(0)
out = []
for f in lyr:
    g = f.GetGeometryRef()
    out.append({'props': {k: f.GetField(k) for k in f.keys()}, 'geom': json.loads(g.ExportToJson()) if g else None})
print(json.dumps(out, ensure_ascii=False))`;
    for (const path of [f.shpGbkCpg, f.shpNested, f.shpPolylineZ]) {
      const ogr = JSON.parse(execFileSync(PYTHON, ['-c', py, path], { encoding: 'utf8' })) as { props: Record<string, unknown>; geom: { type: string; coordinates: unknown } | null }[];
      const ours = (await readShapefile(path)).features.features;
      expect(ours).toHaveLength(ogr.length);
      ours.forEach((feat, i) => {
        const o = ogr[i]!;
        if (o.props.XZQMC !== undefined) expect(feat.properties!.XZQMC).toBe(o.props.XZQMC);
        if (!o.geom) return expect(feat.geometry).toBeNull();
        expect(feat.geometry.type).toBe(o.geom.type);
        expect(ringsAsVertexSets((feat.geometry as Polygon).coordinates)).toBe(ringsAsVertexSets(o.geom.coordinates));
      });
    }
  });
});

describe('shapefile reader against shpjs (an independent decoder)', () => {
  /** Our reading and shpjs's must give the same features: geometry type, rings as vertex sets, and every attribute. */
  async function expectSameAsShpjs(shpPath: string): Promise<void> {
    const ours = (await readShapefile(shpPath)).features.features;
    const theirs = readWithShpjs(shpPath);
    expect(ours).toHaveLength(theirs.length);
    ours.forEach((feat, i) => {
      const t = theirs[i]!;
      expect(feat.properties, `feature ${i}`).toEqual(t.properties);
      expect(feat.geometry.type, `feature ${i}`).toBe(t.geometry!.type);
      expect(ringsAsVertexSets((feat.geometry as Polygon).coordinates), `feature ${i}`).toBe(ringsAsVertexSets((t.geometry as Polygon).coordinates));
    });
  }

  it('reads the same polygons (one with a hole) and the same GBK Chinese attributes of every DBF type, .cpg "GBK"', async () => {
    await expectSameAsShpjs(f.shpGbkCpg);
  });

  it('reads the same polygons and UTF-8 Chinese attributes, .cpg "UTF-8"', async () => {
    await expectSameAsShpjs(f.shpUtf8);
  });

  it('reads the same points and multipoints', async () => {
    const points = writeShapefile(join(dir, 'shpjs_points'), {
      type: SHP.Point,
      records: [
        { parts: [[[482_000.5, 4_030_000.25]]], props: { MC: '第一小学', XSS: 420 } },
        { parts: [[[-1e-7, 1e15]]], props: { MC: '避难场所', XSS: 0 } },
        { parts: [[[110.8, 36.4]]], props: { MC: 'school 3', XSS: 7 } },
      ],
      fields: [{ name: 'MC', type: 'C', length: 20 }, { name: 'XSS', type: 'N', length: 6 }],
      encoding: 'utf-8',
      cpg: 'UTF-8',
      prj: PRJ.cgcs2000,
    });
    await expectSameAsShpjs(points);
    await expectSameAsShpjs(f.shpMultiPoint);
  });
});
