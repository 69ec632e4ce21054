/**
 * GeoPackage writer (sql.js): one feature table with its SRS, contents and geometry-column
 * registration, geometries as GeoPackage binary (little-endian WKB with an XY envelope),
 * attribute columns typed from the data. Chinese field names and values are stored as
 * UTF-8 text, as the format requires, so QGIS and ArcGIS show them right.
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import { crsFromEpsg } from '../crs/registry';
import { crsToWkt } from '../crs/wkt';
import { loadSqlJs } from '../io/sqlite';
import { featureExtent, geometryKind } from '../io/vectorMeta';
import { writeFileAtomic } from './atomicFile';

const WKB_TYPES: Record<Geometry['type'], number> = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6, GeometryCollection: 7 };

/** Little-endian 2D WKB of a GeoJSON geometry. */
export function encodeWkb(g: Geometry): Uint8Array {
  const parts: number[] = [];
  const buf = new DataView(new ArrayBuffer(8));
  const u8 = (v: number): void => void parts.push(v);
  const u32 = (v: number): void => {
    buf.setUint32(0, v, true);
    for (let i = 0; i < 4; i++) parts.push(buf.getUint8(i));
  };
  const f64 = (v: number): void => {
    buf.setFloat64(0, v, true);
    for (let i = 0; i < 8; i++) parts.push(buf.getUint8(i));
  };
  const pt = (p: Position): void => (f64(p[0]!), f64(p[1]!));
  const line = (l: Position[]): void => (u32(l.length), l.forEach(pt));
  const write = (geom: Geometry): void => {
    u8(1);
    u32(WKB_TYPES[geom.type]);
    switch (geom.type) {
      case 'Point':
        return pt(geom.coordinates);
      case 'LineString':
        return line(geom.coordinates);
      case 'Polygon':
        return (u32(geom.coordinates.length), geom.coordinates.forEach(line));
      case 'MultiPoint':
        return (u32(geom.coordinates.length), geom.coordinates.forEach((c) => write({ type: 'Point', coordinates: c })));
      case 'MultiLineString':
        return (u32(geom.coordinates.length), geom.coordinates.forEach((c) => write({ type: 'LineString', coordinates: c })));
      case 'MultiPolygon':
        return (u32(geom.coordinates.length), geom.coordinates.forEach((c) => write({ type: 'Polygon', coordinates: c })));
      case 'GeometryCollection':
        return (u32(geom.geometries.length), geom.geometries.forEach(write));
    }
  };
  write(g);
  return Uint8Array.from(parts);
}

/** GeoPackage binary: "GP", version 0, flags (little-endian, XY envelope), SRS id, envelope, WKB. */
function gpkgBlob(g: Geometry, srsId: number): Uint8Array {
  const ext = featureExtent({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: g }] })!;
  const head = new DataView(new ArrayBuffer(8 + 32));
  head.setUint8(0, 0x47);
  head.setUint8(1, 0x50);
  head.setUint8(2, 0);
  head.setUint8(3, 0b0000_0011); // envelope [minx, maxx, miny, maxy], little-endian
  head.setInt32(4, srsId, true);
  [ext[0], ext[2], ext[1], ext[3]].forEach((v, i) => head.setFloat64(8 + 8 * i, v, true));
  const wkb = encodeWkb(g);
  const out = new Uint8Array(40 + wkb.length);
  out.set(new Uint8Array(head.buffer));
  out.set(wkb, 40);
  return out;
}

const quoteId = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/**
 * Write `fc` (coordinates in `epsg`) as the feature table `table` of a new GeoPackage at
 * `path` (replacing any file there, atomically). Throws E_WRITE on mixed geometry kinds.
 */
export async function writeGeoPackage(path: string, table: string, fc: FeatureCollection, epsg: number): Promise<void> {
  const kind = geometryKind(fc);
  if (kind === 'Mixed') throw new RiskAtlasError('E_WRITE', 'a GeoPackage feature table holds one geometry type; this layer mixes several', { file: path });
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  try {
    const crs = crsFromEpsg(epsg);
    db.run('PRAGMA application_id = 1196444487'); // 'GPKG'
    db.run('PRAGMA user_version = 10300');
    db.run(`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
      CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name));`);
    db.run("INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', ''), ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', '')");
    db.run('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)', [crs.name, epsg, 'EPSG', epsg, crsToWkt(epsg), '']);
    const props = fc.features[0]?.properties ?? {};
    const columns = Object.keys(props).map((name) => {
      const values = fc.features.map((f: Feature) => f.properties?.[name]).filter((v) => v !== null && v !== undefined);
      const type = values.every((v) => typeof v === 'number' && Number.isInteger(v)) && values.length ? 'INTEGER' : values.every((v) => typeof v === 'number') && values.length ? 'REAL' : 'TEXT';
      return { name, type };
    });
    db.run(`CREATE TABLE ${quoteId(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom ${kind.toUpperCase()}${columns.map((c) => `, ${quoteId(c.name)} ${c.type}`).join('')})`);
    const ext = featureExtent(fc);
    // A fixed timestamp keeps the file byte-identical between identical runs.
    db.run('INSERT INTO gpkg_contents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [table, 'features', table, '', '2026-01-01T00:00:00.000Z', ext?.[0] ?? null, ext?.[1] ?? null, ext?.[2] ?? null, ext?.[3] ?? null, epsg]);
    db.run('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)', [table, 'geom', kind === 'None' ? 'GEOMETRY' : kind.toUpperCase(), epsg]);
    const insert = db.prepare(`INSERT INTO ${quoteId(table)} (geom${columns.map((c) => `, ${quoteId(c.name)}`).join('')}) VALUES (?${', ?'.repeat(columns.length)})`);
    try {
      for (const f of fc.features) {
        const v = columns.map((c) => {
          const x = f.properties?.[c.name];
          return x === undefined || x === null ? null : c.type === 'TEXT' ? String(x) : Number(x);
        });
        insert.run([f.geometry ? gpkgBlob(f.geometry, epsg) : null, ...v]);
      }
    } finally {
      insert.free();
    }
    await writeFileAtomic(path, db.export());
  } finally {
    db.close();
  }
}
