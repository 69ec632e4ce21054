/**
 * KML and KMZ (Google Earth; survey teams' handheld GPS and 奥维地图 exports arrive this way).
 * Parsed with @xmldom/xmldom and converted by @tmcw/togeojson (Placemarks with Point,
 * LineString, Polygon with holes, MultiGeometry; ExtendedData/SimpleData become properties).
 * KML coordinates are WGS84 longitude/latitude by definition (OGC KML 2.2 §6.2), so the
 * layer's CRS is EPSG:4326 unless the user states another.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { kml as kmlToGeoJson } from '@tmcw/togeojson';
import type { Feature, FeatureCollection } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import { crsAt, settleLayerCrs } from '../crs/layerCrs';
import type { ReadOptions } from './readOptions';
import { fileSize, MAX_WHOLE_FILE_BYTES } from './fileAccess';
import type { VectorLayer } from '../../../src-shared/layer';
import { featureExtent, geometryKind, inferFields } from './vectorMeta';
import { unzipEntries } from './zipArchive';

/** The KML text of a .kml file, or of the main document of a .kmz (doc.kml, else the first .kml). */
async function kmlText(path: string): Promise<string> {
  const bytes = new Uint8Array(await readFile(path));
  const zipped = extname(path).toLowerCase() === '.kmz' || (bytes[0] === 0x50 && bytes[1] === 0x4b);
  if (!zipped) return new TextDecoder().decode(bytes);
  const entries = unzipEntries(bytes, path, (name) => /\.kml$/i.test(name));
  const names = Object.keys(entries).sort();
  const main = names.find((n) => /(^|\/)doc\.kml$/i.test(n)) ?? names[0];
  if (!main) throw new RiskAtlasError('E_KML_INVALID', 'the KMZ archive holds no .kml document', { file: path });
  return new TextDecoder().decode(entries[main]);
}

/** The deepest element nesting a KML document may have (Document/Folder/…/Placemark/MultiGeometry/…). */
export const MAX_KML_DEPTH = 100;

/** How deep elements nest below `root` (root = 1), walked without recursion. */
function elementDepth(root: { childNodes: ArrayLike<unknown> }): number {
  let max = 0;
  const stack: [{ childNodes?: ArrayLike<unknown>; nodeType?: number }, number][] = [[root, 1]];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    if (d > max) max = d;
    if (d > MAX_KML_DEPTH) break; // deep enough to refuse; no need to walk the rest
    const kids = node.childNodes ?? [];
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i] as { nodeType?: number; childNodes?: ArrayLike<unknown> };
      if (k.nodeType === 1) stack.push([k, d + 1]);
    }
  }
  return max;
}

/**
 * Read a KML or KMZ file as a vector layer (coordinates lon/lat, EPSG:4326 as KML declares,
 * unless the user states `opts.crs`). Placemarks without geometry are dropped with a warning;
 * `name` and `description` are kept as fields.
 * Errors: E_FILE_NOT_FOUND, E_FILE_EMPTY, E_FILE_TOO_LARGE, E_ZIP_CORRUPT (KMZ), E_KML_INVALID
 * (malformed XML, no <kml> root), E_CRS_UNKNOWN (a stated code RiskAtlas does not know).
 */
export async function readKml(path: string, opts: Pick<ReadOptions, 'crs'> = {}): Promise<VectorLayer> {
  await fileSize(path, MAX_WHOLE_FILE_BYTES);
  const text = await kmlText(path);
  const problems: string[] = [];
  let doc;
  try {
    // xmldom throws a ParseError on fatal errors (unbalanced tags) and reports the rest.
    doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') problems.push(msg);
      },
    }).parseFromString(text, 'text/xml');
  } catch (err) {
    throw new RiskAtlasError('E_KML_INVALID', (err as Error).message.slice(0, 200), { file: path, cause: err });
  }
  const root = doc.documentElement;
  if (problems.length || !root || root.localName !== 'kml') {
    throw new RiskAtlasError('E_KML_INVALID', problems[0]?.slice(0, 200) ?? `the root element is <${root?.localName ?? 'none'}>, not <kml>`, { file: path });
  }
  const depth = elementDepth(root);
  // togeojson recurses into nested MultiGeometry: a hostile file nesting thousands of levels
  // would exhaust the stack. Real KML nests folders a handful of levels.
  if (depth > MAX_KML_DEPTH) throw new RiskAtlasError('E_KML_INVALID', `elements nested more than ${MAX_KML_DEPTH} deep`, { file: path });
  let converted: FeatureCollection;
  try {
    converted = kmlToGeoJson(doc as unknown as Document) as FeatureCollection;
  } catch (err) {
    throw new RiskAtlasError('E_KML_INVALID', (err as Error).message.slice(0, 200), { file: path, cause: err });
  }
  const features: Feature[] = converted.features.filter((f) => f.geometry);
  const dropped = converted.features.length - features.length;
  const warnings = dropped ? [`${dropped} placemark(s) without geometry skipped`] : [];
  const fc: FeatureCollection = { type: 'FeatureCollection', features };
  const extent = featureExtent(fc);
  const crs = settleLayerCrs({ found: () => crsAt(4326, { level: 'declared', source: 'KML (WGS 84 by its specification)' }, extent), stated: opts.crs, extent, file: path, warnings });
  return {
    meta: { kind: 'vector', format: 'KML', path, crs, featureCount: features.length, geometryType: geometryKind(fc), fields: inferFields(fc), extent, warnings },
    features: fc,
  };
}
