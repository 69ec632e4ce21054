/**
 * Survey points from CSV (shelters, warehouses, hidden-danger points often arrive this
 * way, saved from Excel): the text encoding is detected (UTF-8 with or without BOM, else
 * GBK as Excel writes on a Chinese Windows), the delimiter guessed (comma, tab, semicolon),
 * and the coordinate columns found by name. Longitude/latitude columns are taken as
 * CGCS2000 (EPSG:4490) unless the user states the CRS — a CSV names no datum, so the CRS is
 * marked `assumed`; projected x/y need the CRS stated.
 */
import { readFile } from 'node:fs/promises';
import type { Feature, FeatureCollection } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import { crsAt, settleLayerCrs } from '../crs/layerCrs';
import type { ReadOptions } from './readOptions';
import { fileSize, MAX_WHOLE_FILE_BYTES } from './fileAccess';
import type { FieldInfo, VectorLayer } from '../../../src-shared/layer';
import { featureExtent } from './vectorMeta';

const LON = /^(经度|东经|lon|lng|long|longitude|经度\(°\)|经度（°）)$/i;
const LAT = /^(纬度|北纬|lat|latitude|纬度\(°\)|纬度（°）)$/i;
const X = /^(x|x坐标|横坐标|东坐标|easting|x_coord)$/i;
const Y = /^(y|y坐标|纵坐标|北坐标|northing|y_coord)$/i;

/** Decode CSV bytes: BOM or valid UTF-8 → UTF-8, otherwise GBK. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder().decode(bytes.subarray(3)), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gbk' };
  }
}

/** Split CSV text into rows of cells (RFC 4180 quoting; CRLF or LF). */
export function parseCsv(text: string, delimiter: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) row.push(cell), (cell = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      if (row.some((c) => c !== '')) out.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  row.push(cell);
  if (row.some((c) => c !== '')) out.push(row);
  return out;
}

function guessDelimiter(firstLine: string): string {
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/**
 * Read points from a CSV file. Rows whose coordinates are missing or not numbers are
 * skipped and counted in the warnings.
 * @param opts.crs EPSG code of the coordinates (required for projected x/y columns, unless
 *   opts.allowMissingCrs).
 * Errors: E_FILE_*, E_CSV_NO_COORDS, E_CRS_MISSING, E_CRS_UNKNOWN.
 */
export async function readCsvPoints(path: string, opts: Pick<ReadOptions, 'crs' | 'allowMissingCrs'> = {}): Promise<VectorLayer> {
  await fileSize(path, MAX_WHOLE_FILE_BYTES);
  const { text, encoding } = decodeText(new Uint8Array(await readFile(path)));
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const rows = parseCsv(text, guessDelimiter(firstLine));
  const header = (rows[0] ?? []).map((h) => h.trim());
  const find = (re: RegExp): number => header.findIndex((h) => re.test(h));
  let xi = find(LON);
  let yi = find(LAT);
  let geographic = true;
  if (xi < 0 || yi < 0) {
    xi = find(X);
    yi = find(Y);
    geographic = false;
  }
  if (xi < 0 || yi < 0) throw new RiskAtlasError('E_CSV_NO_COORDS', `columns: ${header.join(', ').slice(0, 200)}`, { file: path });
  const fieldNames = header.filter((_, i) => i !== xi && i !== yi);
  const features: Feature[] = [];
  let skipped = 0;
  for (const r of rows.slice(1)) {
    const x = Number(r[xi]?.trim());
    const y = Number(r[yi]?.trim());
    if (!r[xi]?.trim() || !r[yi]?.trim() || !Number.isFinite(x) || !Number.isFinite(y)) {
      skipped++;
      continue;
    }
    const properties: Record<string, string | number | null> = {};
    header.forEach((h, i) => {
      if (i === xi || i === yi) return;
      const raw = (r[i] ?? '').trim();
      properties[h] = raw === '' ? null : /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : raw;
    });
    features.push({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [x, y] } });
  }
  const fields: FieldInfo[] = fieldNames.map((name) => {
    const vals = features.map((f) => f.properties![name]).filter((v) => v !== null);
    const numeric = vals.length > 0 && vals.every((v) => typeof v === 'number');
    return { name, type: numeric ? (vals.every((v) => Number.isInteger(v)) ? 'integer' : 'number') : 'string' };
  });
  const fc: FeatureCollection = { type: 'FeatureCollection', features };
  const extent = featureExtent(fc);
  const warnings = skipped ? [`${skipped} row(s) without valid coordinates skipped`] : [];
  const crs = settleLayerCrs({
    found: () => {
      if (!geographic) throw new RiskAtlasError('E_CRS_MISSING', 'projected x/y columns need the CRS stated', { file: path });
      return crsAt(4490, { level: 'assumed', source: 'CSV longitude/latitude columns, taken as CGCS2000 (within 1 m of WGS 84)' }, extent);
    },
    stated: opts.crs,
    extent,
    file: path,
    warnings,
    allowMissing: opts.allowMissingCrs,
  });
  return {
    meta: {
      kind: 'vector',
      format: 'CSV',
      path,
      crs,
      featureCount: features.length,
      geometryType: features.length ? 'Point' : 'None',
      fields,
      extent,
      encoding,
      warnings,
    },
    features: fc,
  };
}
