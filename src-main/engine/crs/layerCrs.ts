/**
 * A layer's CRS as the readers settle it — the file's own (declared or matched), or the one the
 * user states, which wins but never silently — and as the run needs it: with an EPSG code.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import type { CrsRef, Extent } from '../../../src-shared/layer';
import { lonLatBoxOf } from './identify';
import { crsFromEpsg, isGeographic, type CrsFrom } from './registry';

/**
 * The CRS of EPSG code `epsg` for a layer with `extent` (in that CRS): the datum shift is the
 * one published for where the layer lies. Throws E_CRS_UNKNOWN for a code RiskAtlas cannot compute with.
 */
export function crsAt(epsg: number, from: CrsFrom, extent: Extent | null): CrsRef {
  return crsFromEpsg(epsg, from, lonLatBoxOf(crsFromEpsg(epsg).proj4, isGeographic(epsg), extent));
}

/** One line for people: "EPSG:4267 NAD27 — declared (GeoPackage srs table)", "unknown: … candidates EPSG:4674 SIRGAS 2000, …". */
export function describeCrs(crs: CrsRef | null): string {
  if (!crs) return 'no CRS';
  const id = crs.identification;
  if (crs.epsg === null) {
    const cands = id?.candidates?.length ? `; candidates ${id.candidates.map((c) => `EPSG:${c.epsg} ${c.name}`).join(', ')}` : '';
    return `unknown: ${crs.name} (not identified as an EPSG CRS${cands})`;
  }
  return `EPSG:${crs.epsg} ${crs.name}${id ? ` — ${id.level} (${id.source})` : ''}`;
}

/** The datum shift of a CRS in one line ("EPSG:1173 NAD27 to WGS 84 (4), ±10 m, USA - CONUS - onshore"). */
export function describeShift(crs: CrsRef | null): string {
  if (!crs || crs.datumShift === undefined) return '';
  const s = crs.datumShift;
  if (!s) return 'no published transformation to WGS 84 covers the layer: positions against other datums are approximate';
  return `${s.code === null ? '' : `EPSG:${s.code} `}${s.name}, ${s.accuracy === null ? 'accuracy not published' : `±${s.accuracy} m`}, ${s.area}`;
}

/**
 * The CRS of a layer from the file (`found`, which may throw or give null) and the user's
 * statement (`stated`, an EPSG code). A statement wins — the user is the only one who can
 * correct a file — with a warning when the file said something else. Without a statement a
 * file with no CRS is E_CRS_MISSING, unless `allowMissing` (QC reads such layers for the rules
 * that need no CRS) makes it null.
 * @param extent the layer's extent in the file's coordinates: picks the datum shift for the place.
 * Errors name `file`: E_CRS_MISSING, E_CRS_UNKNOWN (a stated or declared code RiskAtlas cannot compute).
 */
export function settleLayerCrs(opts: { found: () => CrsRef | null; stated?: number; extent: Extent | null; file: string; warnings: string[]; allowMissing?: boolean }): CrsRef | null {
  const crs = settle(opts);
  // Written out (not describeShift's words) so the readers' warning table sees every warning text.
  if (crs?.datumShift === null) opts.warnings.push(`${crs.name}: no published transformation to WGS 84 covers the layer: positions against other datums are approximate`);
  return crs;
}

function settle(opts: Parameters<typeof settleLayerCrs>[0]): CrsRef | null {
  const withFile = (err: unknown): never => {
    if (err instanceof RiskAtlasError && err.file === undefined) throw new RiskAtlasError(err.code, err.message, { file: opts.file, ...(err.params ? { params: err.params } : {}), cause: err });
    throw err;
  };
  if (opts.stated === undefined) {
    let crs: CrsRef | null;
    try {
      crs = opts.found();
    } catch (err) {
      if (opts.allowMissing && err instanceof RiskAtlasError && err.code === 'E_CRS_MISSING') return null;
      return withFile(err);
    }
    if (!crs && !opts.allowMissing) throw new RiskAtlasError('E_CRS_MISSING', 'the file names no CRS; state it', { file: opts.file });
    return crs;
  }
  let stated: CrsRef;
  try {
    stated = crsAt(opts.stated, { level: 'stated', source: 'stated by the user' }, opts.extent);
  } catch (err) {
    return withFile(err);
  }
  let found: CrsRef | null = null;
  try {
    found = opts.found();
  } catch {
    found = null; // an unreadable CRS in the file is what a statement is for
  }
  if (!found || found.epsg === opts.stated) return stated;
  opts.warnings.push(`the file's CRS is ${describeCrs(found)}; the stated EPSG:${opts.stated} ${stated.name} is used instead`);
  return { ...stated, identification: { ...stated.identification!, overrules: describeCrs(found) } };
}

/**
 * The CRS of a layer the run computes with: one with an EPSG code. Throws E_CRS_MISSING when the
 * layer has none and E_CRS_UNIDENTIFIED (candidates in the message) when its CRS matched no EPSG CRS.
 */
export function requireEpsg(crs: CrsRef | null, file: string): CrsRef & { epsg: number } {
  if (!crs) throw new RiskAtlasError('E_CRS_MISSING', 'the layer has no CRS; state it (a model layer\'s "crs")', { file });
  if (crs.epsg === null) {
    const cands = crs.identification?.candidates ?? [];
    // The candidates travel with the error (codes, and names one a line) so that the import box can offer them.
    const params = cands.length ? { params: { candidates: cands.map((c) => c.epsg).join(','), candidateNames: cands.map((c) => c.name).join('\n') } } : {};
    throw new RiskAtlasError('E_CRS_UNIDENTIFIED', `${describeCrs(crs)}; state it as the layer's "crs"`, { file, ...params });
  }
  return crs as CrsRef & { epsg: number };
}
