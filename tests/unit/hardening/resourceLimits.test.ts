/**
 * Resource limits: files whose headers claim absurd sizes are refused with a coded error
 * before anything of that size is allocated; files too large to hold in memory are refused
 * before they are read; a zip cannot unpack beyond its cap even when it lies about its
 * sizes; deeply nested geometries (GeoJSON, WKB, KML) cannot exhaust the stack; XML entities
 * are not expanded.
 *
 * "Before allocating" is measured: the growth of the JS heap plus array buffers across the
 * read must stay under {@link ALLOCATION_SLACK} — a reader that honoured a 10⁹-record header
 * would need gigabytes (or die trying).
 */
import { describe, expect, it } from 'vitest';
import { closeSync, copyFileSync, mkdtempSync, openSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { inspect } from '../../../src-main/engine/io/inspect';
import { openGeoTiff, MAX_RASTER_PIXELS } from '../../../src-main/engine/io/geotiff';
import { readGeoJson, MAX_COLLECTION_DEPTH } from '../../../src-main/engine/io/geojson';
import { readShapefile } from '../../../src-main/engine/io/shapefile';
import { readGeoPackage } from '../../../src-main/engine/io/geopackage';
import { MAX_WHOLE_FILE_BYTES } from '../../../src-main/engine/io/fileAccess';
import { loadSqlJs } from '../../../src-main/engine/io/sqlite';
import { writeGeoPackage } from '../../../src-main/engine/export/geopackageWriter';
import { encodeTiff } from '../../fixtures/io/makeFixtures';
import { codeOf } from '../../fixtures/errorCode';

const sample = join(import.meta.dirname, '..', '..', '..', 'resources', 'sample', 'county');
const dir = mkdtempSync(join(tmpdir(), 'ra-limits-'));
/** Memory a refused read may use (for its own buffers, the file's bytes, sql.js), in bytes. */
const ALLOCATION_SLACK = 64 * 1024 * 1024;

/** The error code of `p`, asserting that the heap + array buffers grew by less than the slack meanwhile. */
async function refusedWithin(p: () => Promise<unknown>): Promise<string> {
  const used = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  let peak = before;
  // Sample while the read runs: a reader allocating a huge buffer and then failing would be missed after the fact.
  const timer = setInterval(() => (peak = Math.max(peak, used())), 1);
  try {
    const code = await codeOf(p());
    peak = Math.max(peak, used());
    expect(peak - before).toBeLessThan(ALLOCATION_SLACK);
    return code;
  } finally {
    clearInterval(timer);
  }
}

/** A copy of the demo townships shapefile under a new name, with `patch` applied to one part. */
function townships(name: string, part: 'shp' | 'dbf', patch: (v: DataView) => void): string {
  for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg']) copyFileSync(join(sample, `townships.${ext}`), join(dir, `${name}.${ext}`));
  const bytes = new Uint8Array(readFileSync(join(dir, `${name}.${part}`)));
  patch(new DataView(bytes.buffer));
  writeFileSync(join(dir, `${name}.${part}`), bytes);
  return join(dir, `${name}.shp`);
}

/** A sparse file of `bytes` (no disk is used), as a hostile or mistaken multi-gigabyte input. */
function sparse(name: string, bytes: number, head: string): string {
  const path = join(dir, name);
  writeFileSync(path, head);
  const fd = openSync(path, 'r+');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return path;
}

/**
 * Overwrite the uncompressed sizes a zip declares for its entries (local header and central
 * directory), as a hostile archive would: `size(name)` gives the new size, or undefined to keep it.
 */
function setDeclaredSizes(z: Uint8Array, size: (name: string) => number | undefined): void {
  const v = new DataView(z.buffer, z.byteOffset, z.byteLength);
  const name = (at: number, len: number): string => new TextDecoder().decode(z.subarray(at, at + len));
  for (let i = 0; i + 46 <= z.length; i++) {
    const sig = v.getUint32(i, true);
    if (sig === 0x04034b50) {
      const n = size(name(i + 30, v.getUint16(i + 26, true)));
      if (n !== undefined) v.setUint32(i + 22, n, true);
    } else if (sig === 0x02014b50) {
      const n = size(name(i + 46, v.getUint16(i + 28, true)));
      if (n !== undefined) v.setUint32(i + 24, n, true);
    }
  }
}

describe('absurd header values are refused before allocating', () => {
  it('a GeoTIFF claiming 10⁹ × 10⁹ pixels: E_RASTER_TOO_LARGE (the cap is 2³¹ samples)', async () => {
    const path = join(dir, 'huge.tif');
    writeFileSync(path, encodeTiff([{ width: 1e9, height: 1e9, dtype: 'float32', tile: 256, headerOnly: true, geoTransform: [0, 1, 0, 0, 0, -1], geoKeys: { model: 1, projected: 4546 } }]));
    expect(1e18).toBeGreaterThan(MAX_RASTER_PIXELS);
    expect(await refusedWithin(() => openGeoTiff(path))).toBe('E_RASTER_TOO_LARGE');
    const r = await inspect(path);
    expect(r.ok ? 'ok' : r.error).toMatchObject({ code: 'E_RASTER_TOO_LARGE', file: path, params: { width: 1e9, height: 1e9 } });
  });

  it('a GeoTIFF with 65,535 bands of 2¹⁶ × 2¹⁶ pixels is refused the same way', async () => {
    const path = join(dir, 'bands.tif');
    writeFileSync(path, encodeTiff([{ width: 65_536, height: 65_536, bands: 3, dtype: 'uint8', tile: 256, headerOnly: true, geoTransform: [0, 1, 0, 0, 0, -1], geoKeys: { model: 1, projected: 4546 } }]));
    expect(await refusedWithin(() => openGeoTiff(path))).toBe('E_RASTER_TOO_LARGE');
  });

  it('a .dbf claiming 10⁹ records: E_DBF_CORRUPT', async () => {
    const path = townships('dbf1e9', 'dbf', (v) => v.setUint32(4, 1e9, true));
    expect(await refusedWithin(() => readShapefile(path))).toBe('E_DBF_CORRUPT');
  });

  it('a .dbf claiming 65,535-byte records and a 65,535-byte header: E_DBF_CORRUPT', async () => {
    const path = townships('dbfwide', 'dbf', (v) => (v.setUint16(8, 0xffff, true), v.setUint16(10, 0xffff, true)));
    expect(await refusedWithin(() => readShapefile(path))).toBe('E_DBF_CORRUPT');
  });

  it('a .shp record claiming 2³¹ − 1 parts and points: E_SHP_CORRUPT', async () => {
    // First record: header 100 bytes + record header 8; shape type at +0, box +4…+36, numParts +36, numPoints +40.
    const path = townships('shpcount', 'shp', (v) => (v.setInt32(108 + 36, 0x7fffffff, true), v.setInt32(108 + 40, 0x7fffffff, true)));
    expect(await refusedWithin(() => readShapefile(path))).toBe('E_SHP_CORRUPT');
  });

  it('a .shp header claiming a 4 GiB file: E_SHP_CORRUPT', async () => {
    const path = townships('shplen', 'shp', (v) => v.setInt32(24, 0x7fffffff, false));
    expect(await refusedWithin(() => readShapefile(path))).toBe('E_SHP_CORRUPT');
  });

  describe('GeoPackage geometry blobs claiming huge counts or nesting: E_GPKG_INVALID', () => {
    /** A GeoPackage of one square whose geometry blob is then replaced by `wkb` (after an 8-byte GP header). */
    async function gpkgWithBlob(name: string, wkb: Uint8Array): Promise<string> {
      const path = join(dir, `${name}.gpkg`);
      const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
      await writeGeoPackage(path, 't', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: square }] }, 4546);
      const SQL = await loadSqlJs();
      const db = new SQL.Database(readFileSync(path));
      const blob = new Uint8Array(8 + wkb.length);
      blob.set([0x47, 0x50, 0, 0x01]);
      new DataView(blob.buffer).setInt32(4, 4546, true);
      blob.set(wkb, 8);
      db.run('UPDATE t SET geom = ?', [blob]);
      writeFileSync(path, db.export());
      db.close();
      return path;
    }
    const le = (...parts: [number, 'u8' | 'u32'][]): Uint8Array => {
      const out: number[] = [];
      for (const [x, kind] of parts) {
        if (kind === 'u8') out.push(x);
        else out.push(x & 255, (x >>> 8) & 255, (x >>> 16) & 255, (x >>> 24) & 255);
      }
      return Uint8Array.from(out);
    };

    it('a polygon claiming 2³² − 1 rings', async () => {
      const path = await gpkgWithBlob('rings', le([1, 'u8'], [3, 'u32'], [0xffffffff, 'u32']));
      expect(await refusedWithin(() => readGeoPackage(path))).toBe('E_GPKG_INVALID');
    });

    it('a linestring claiming 2³² − 1 points', async () => {
      const path = await gpkgWithBlob('points', le([1, 'u8'], [2, 'u32'], [0xffffffff, 'u32']));
      expect(await refusedWithin(() => readGeoPackage(path))).toBe('E_GPKG_INVALID');
    });

    it('a multipolygon claiming 2³¹ members', async () => {
      const path = await gpkgWithBlob('members', le([1, 'u8'], [6, 'u32'], [0x80000000, 'u32']));
      expect(await refusedWithin(() => readGeoPackage(path))).toBe('E_GPKG_INVALID');
    });

    it('geometry collections nested 100,000 deep (recursion would blow the stack)', async () => {
      const head = le([1, 'u8'], [7, 'u32'], [1, 'u32']);
      const wkb = new Uint8Array(head.length * 100_000);
      for (let i = 0; i < 100_000; i++) wkb.set(head, i * head.length);
      const path = await gpkgWithBlob('nested', wkb);
      const r = await inspect(path);
      expect(r.ok ? 'ok' : r.error.code).toBe('E_GPKG_INVALID');
      expect(r.ok ? '' : r.error.message).toMatch(/nested too deeply/);
    });
  });
});

describe('files too large to hold in memory are refused before reading', () => {
  const cases: [string, string, string][] = [
    ['GeoJSON', 'big.geojson', '{"type":"FeatureCollection","features":['],
    ['CSV', 'big.csv', '经度,纬度\n'],
    ['GeoPackage', 'big.gpkg', 'SQLite format 3\0'],
  ];
  for (const [name, file, head] of cases) {
    it(`a ${name} of 3 GiB: E_FILE_TOO_LARGE naming the file`, async () => {
      const path = sparse(file, 3 * 1024 ** 3, head);
      const r = await inspect(path);
      expect(r.ok ? r : r.error).toMatchObject({ code: 'E_FILE_TOO_LARGE', file: path });
    });
  }

  it(`a shapefile whose .dbf is over ${MAX_WHOLE_FILE_BYTES / 2 ** 20} MiB: E_FILE_TOO_LARGE naming the .dbf`, async () => {
    const shp = townships('bigdbf', 'shp', () => undefined);
    sparse('bigdbf.dbf', MAX_WHOLE_FILE_BYTES + 1, '');
    const r = await inspect(shp);
    expect(r.ok ? r : r.error).toMatchObject({ code: 'E_FILE_TOO_LARGE', file: join(dir, 'bigdbf.dbf') });
  });
});

describe('zip bombs', () => {
  it('a zip whose entries declare more than 200 MiB in total is refused before anything is unpacked (E_ZIP_CORRUPT)', async () => {
    // Eleven 1-KiB entries, each declaring 20 MiB in its headers (a real 210 MiB bomb is in tests/unit/engine/io/shapefile.test.ts).
    const entries = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`part${i}.dbf`, new Uint8Array(1024)]));
    const z = zipSync({ 'a.shp': readFileSync(join(sample, 'townships.shp')), ...entries }, { level: 9 });
    setDeclaredSizes(z, (name) => (name.startsWith('part') ? 20 * 1024 * 1024 : undefined));
    const path = join(dir, 'bomb11.zip');
    writeFileSync(path, z);
    // fflate allocates each entry's declared size when it inflates it: refusing only while unpacking would cost 200 MiB first.
    expect(await refusedWithin(() => readShapefile(path))).toBe('E_ZIP_CORRUPT');
    const r = await inspect(path);
    expect(r.ok ? r : r.error).toMatchObject({ code: 'E_ZIP_CORRUPT', message: expect.stringMatching(/220 MiB.*zip bomb/) });
  });

  it('a zip lying about its sizes (100 MiB of zeros declared as 100 bytes) unpacks no more than it declares', async () => {
    const z = zipSync({ 'a.shp': new Uint8Array(100 * 1024 * 1024) }, { level: 1 });
    setDeclaredSizes(z, () => 100);
    const path = join(dir, 'liar.zip');
    writeFileSync(path, z);
    // The 100 bytes it yields are no shapefile: a coded refusal, and memory never approached 100 MiB.
    expect(await refusedWithin(() => readShapefile(path))).toMatch(/^E_(SHP|ZIP)_CORRUPT$/);
  });
});

describe('deep nesting cannot exhaust the stack', () => {
  it(`GeometryCollections nested 100,000 deep in GeoJSON: E_GEOJSON_INVALID (at most ${MAX_COLLECTION_DEPTH} levels)`, async () => {
    const n = 100_000;
    const path = join(dir, 'nested.geojson');
    writeFileSync(path, '{"type":"GeometryCollection","geometries":['.repeat(n) + ']}'.repeat(n));
    const r = await inspect(path);
    expect(r.ok ? r : r.error).toMatchObject({ code: 'E_GEOJSON_INVALID', file: path });
    expect(r.ok ? '' : r.error.message).toMatch(/nested more than 8 deep/);
  });

  it('a few levels of GeometryCollection are still read', async () => {
    const path = join(dir, 'nested3.geojson');
    const pt = { type: 'Point', coordinates: [111, 36] };
    writeFileSync(path, JSON.stringify({ type: 'GeometryCollection', geometries: [{ type: 'GeometryCollection', geometries: [pt, { type: 'GeometryCollection', geometries: [pt] }] }] }));
    const l = await readGeoJson(path);
    expect(l.meta.extent).toEqual([111, 36, 111, 36]);
  });

  it('coordinates nested 1,000,000 deep: E_GEOJSON_INVALID, not a stack overflow', async () => {
    const n = 1_000_000;
    const path = join(dir, 'deepcoords.geojson');
    writeFileSync(path, `{"type":"Polygon","coordinates":${'['.repeat(n)}1${']'.repeat(n)}}`);
    const r = await inspect(path);
    expect(r.ok ? r : r.error).toMatchObject({ code: 'E_GEOJSON_INVALID' });
  });

  it('coordinates that are not numbers, or nest too shallowly, are refused with the feature named', async () => {
    const bad = [
      { type: 'Point', coordinates: ['111', 36] },
      { type: 'Point', coordinates: [111] },
      { type: 'LineString', coordinates: [111, 36] },
      { type: 'Polygon', coordinates: [[[111, 36], [112, null]]] },
    ];
    for (const [i, geometry] of bad.entries()) {
      const path = join(dir, `badcoords${i}.geojson`);
      writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry }] }));
      const r = await inspect(path);
      expect(r.ok ? r : r.error, JSON.stringify(geometry)).toMatchObject({ code: 'E_GEOJSON_INVALID', message: expect.stringMatching(/^features\[0\]\.geometry/) });
    }
  });
});

describe('KML: nesting and XML entities', () => {
  const kml = (body: string, doctype = ''): string => `<?xml version="1.0"?>${doctype}<kml xmlns="http://www.opengis.net/kml/2.2">${body}</kml>`;
  const point = '<Point><coordinates>111,36</coordinates></Point>';

  it('MultiGeometry nested 50,000 deep: E_KML_INVALID (it overflowed the stack before)', async () => {
    const n = 50_000;
    const path = join(dir, 'deepgeom.kml');
    writeFileSync(path, kml(`<Placemark>${'<MultiGeometry>'.repeat(n)}${point}${'</MultiGeometry>'.repeat(n)}</Placemark>`));
    const r = await inspect(path);
    expect(r.ok ? r : r.error).toMatchObject({ code: 'E_KML_INVALID', file: path, message: expect.stringMatching(/nested more than 100 deep/) });
  });

  it('folders nested a few levels are read', async () => {
    const path = join(dir, 'folders.kml');
    writeFileSync(path, kml(`<Document>${'<Folder>'.repeat(10)}<Placemark>${point}</Placemark>${'</Folder>'.repeat(10)}</Document>`));
    const r = await inspect(path);
    expect(r.ok ? r.value : r.error).toMatchObject({ featureCount: 1 });
  });

  it('entity expansion ("billion laughs") is refused, not expanded', async () => {
    let doctype = '<!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa">';
    for (let i = 0; i < 9; i++) doctype += `<!ENTITY e${i} "${`&${i ? `e${i - 1}` : 'a'};`.repeat(10)}">`;
    doctype += ']>';
    const path = join(dir, 'laughs.kml');
    writeFileSync(path, kml(`<Placemark><name>&e8;</name>${point}</Placemark>`, doctype));
    expect(await refusedWithin(() => import('../../../src-main/engine/io/kml').then((m) => m.readKml(path)))).toBe('E_KML_INVALID');
  });

  it('an external entity (XXE) never brings a local file into the layer', async () => {
    const secret = join(dir, 'xxe-secret.txt');
    writeFileSync(secret, 'TOP-SECRET');
    const path = join(dir, 'xxe.kml');
    writeFileSync(path, kml(`<Placemark><name>&x;</name>${point}</Placemark>`, `<!DOCTYPE kml [<!ENTITY x SYSTEM "file://${secret}">]>`));
    const r = await inspect(path);
    if (r.ok) expect(JSON.stringify(r.value)).not.toContain('TOP-SECRET');
    else expect(r.error.code).toBe('E_KML_INVALID');
  });
});
