/**
 * GeoPackage vector layers, read with sql.js (SQLite compiled to WebAssembly; no native
 * module): gpkg_contents and gpkg_geometry_columns name the feature tables, the SRS comes
 * from gpkg_spatial_ref_sys (an EPSG code is declared; another organisation's definition is
 * identified from its WKT), geometries are GeoPackage binary blobs (GP header, optional
 * envelope, WKB).
 */
import { readFile } from 'node:fs/promises';
import type { Feature, FeatureCollection } from 'geojson';
import type { Database } from 'sql.js';
import { loadSqlJs } from './sqlite';
import { RiskAtlasError } from '../../../src-shared/errors';
import { isKnownEpsg } from '../crs/registry';
import { identifyWkt } from '../crs/identify';
import { crsAt, settleLayerCrs } from '../crs/layerCrs';
import { fileSize, MAX_WHOLE_FILE_BYTES } from './fileAccess';
import type { CrsRef, Extent, FieldInfo, FieldType, VectorLayer } from '../../../src-shared/layer';
import type { ReadOptions } from './readOptions';
import { featureExtent, geometryKind } from './vectorMeta';
import { parseWkb } from './wkb';

const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/** Decode a GeoPackage geometry blob (null for an empty geometry). */
export function parseGpkgGeometry(blob: Uint8Array): Feature['geometry'] | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry blob (no "GP" magic)');
  const flags = blob[3]!;
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 7];
  if (envelope === undefined) throw new Error(`invalid envelope indicator ${(flags >> 1) & 7}`);
  if (flags & 0x10) return null; // empty geometry
  return parseWkb(blob, 8 + envelope);
}

const TYPE_MAP: Record<string, FieldType> = { INTEGER: 'integer', INT: 'integer', SMALLINT: 'integer', MEDIUMINT: 'integer', TINYINT: 'integer', REAL: 'number', DOUBLE: 'number', FLOAT: 'number', BOOLEAN: 'boolean', DATE: 'date', DATETIME: 'date' };

function rows(db: Database, sql: string, params: (string | number)[] = []): Record<string, unknown>[] {
  const st = db.prepare(sql);
  try {
    st.bind(params);
    const out: Record<string, unknown>[] = [];
    while (st.step()) out.push(st.getAsObject());
    return out;
  } finally {
    st.free();
  }
}

const quoteId = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/**
 * Read a feature layer of a GeoPackage (the first one, or `opts.layer`). Coordinates stay in
 * the layer's CRS; `opts.crs` (stated by the user) wins over the srs table, with a warning when
 * they differ. Errors: E_GPKG_INVALID (not SQLite / not a GeoPackage / bad geometry),
 * E_GPKG_NO_GEOMETRY (no feature table), E_CRS_MISSING (undefined SRS, unless
 * `opts.allowMissingCrs`) / E_CRS_UNKNOWN.
 */
export async function readGeoPackage(path: string, opts: ReadOptions & { layer?: string } = {}): Promise<VectorLayer> {
  await fileSize(path, MAX_WHOLE_FILE_BYTES);
  const bytes = new Uint8Array(await readFile(path));
  if (new TextDecoder().decode(bytes.subarray(0, 15)) !== 'SQLite format 3') throw new RiskAtlasError('E_GPKG_INVALID', 'not an SQLite database', { file: path });
  const SQL = await loadSqlJs();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
  } catch (err) {
    throw new RiskAtlasError('E_GPKG_INVALID', (err as Error).message, { file: path });
  }
  try {
    let layers: Record<string, unknown>[];
    try {
      layers = rows(
        db,
        `SELECT c.table_name AS t, g.column_name AS geom, g.srs_id AS srs FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name`,
      );
    } catch (err) {
      const msg = (err as Error).message;
      if (/no such table: gpkg_geometry_columns/.test(msg)) throw new RiskAtlasError('E_GPKG_NO_GEOMETRY', 'the file has no gpkg_geometry_columns table', { file: path });
      throw new RiskAtlasError('E_GPKG_INVALID', msg, { file: path });
    }
    if (!layers.length) throw new RiskAtlasError('E_GPKG_NO_GEOMETRY', 'no feature table is registered in gpkg_contents', { file: path });
    const layer = opts.layer ? layers.find((l) => l.t === opts.layer) : layers[0];
    if (!layer) throw new RiskAtlasError('E_GPKG_NO_GEOMETRY', `no feature layer "${opts.layer}"`, { file: path });
    const table = String(layer.t);
    const geomCol = String(layer.geom);
    const warnings: string[] = layers.length > 1 && !opts.layer ? [`GeoPackage holds ${layers.length} feature layers; read "${table}"`] : [];

    const srs = rows(db, 'SELECT organization AS org, organization_coordsys_id AS code, definition AS def FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [Number(layer.srs)])[0];

    const columns = rows(db, `PRAGMA table_info(${quoteId(table)})`);
    const pk = columns.find((c) => Number(c.pk) === 1)?.name;
    const fieldCols = columns.filter((c) => c.name !== geomCol && c.name !== pk);
    const fields: FieldInfo[] = fieldCols.map((c) => ({ name: String(c.name), type: TYPE_MAP[String(c.type).toUpperCase().replace(/\(.*/, '')] ?? 'string' }));
    const features: Feature[] = [];
    const st = db.prepare(`SELECT ${[geomCol, ...fields.map((f) => f.name)].map(quoteId).join(', ')} FROM ${quoteId(table)}`);
    try {
      while (st.step()) {
        const values = st.get();
        const blob = values[0];
        let geometry: Feature['geometry'] | null = null;
        if (blob instanceof Uint8Array) {
          try {
            geometry = parseGpkgGeometry(blob);
          } catch (err) {
            throw new RiskAtlasError('E_GPKG_INVALID', `feature ${features.length + 1}: ${(err as Error).message}`, { file: path });
          }
        }
        const properties = Object.fromEntries(fields.map((f, i) => [f.name, values[i + 1] ?? null]));
        features.push({ type: 'Feature', properties, geometry: geometry as Feature['geometry'] });
      }
    } finally {
      st.free();
    }
    const fc: FeatureCollection = { type: 'FeatureCollection', features };
    const extent = featureExtent(fc);
    const crs = settleLayerCrs({
      found: () => {
        if (!srs || Number(layer.srs) <= 0) throw new RiskAtlasError('E_CRS_MISSING', `layer "${table}" has an undefined SRS (srs_id ${String(layer.srs)})`, { file: path });
        return srsCrs(String(srs.org), Number(srs.code), String(srs.def), extent);
      },
      stated: opts.crs,
      extent,
      file: path,
      warnings,
      allowMissing: opts.allowMissingCrs,
    });
    return {
      meta: { kind: 'vector', format: 'GeoPackage', path, crs, featureCount: features.length, geometryType: geometryKind(fc), fields, extent, warnings },
      features: fc,
    };
  } catch (err) {
    // SQLite's own complaints (a damaged page, a column missing from a mangled schema) mean
    // the file is not a usable GeoPackage.
    if (err instanceof RiskAtlasError) throw err;
    throw new RiskAtlasError('E_GPKG_INVALID', (err as Error).message, { file: path, cause: err });
  } finally {
    db.close();
  }
}

/** The CRS of an srs table row: an EPSG code RiskAtlas can compute is declared; otherwise the definition's WKT is identified. */
function srsCrs(org: string, code: number, wkt: string, extent: Extent | null): CrsRef {
  if (org.toUpperCase() === 'EPSG' && isKnownEpsg(code)) {
    return crsAt(code, { level: 'declared', source: 'GeoPackage srs table' }, extent);
  }
  return identifyWkt(wkt, 'GeoPackage srs definition', extent);
}
