/**
 * What a run needs of each input layer before it computes anything — a CRS with an EPSG code
 * and, for a shapefile, a decided text encoding — checked in one place for the run (which
 * refuses, naming the layer) and for QC (which reports it under its rule, before the run).
 * Also what the run's provenance records of each input: how its CRS was identified, the datum
 * shift applied on the way to the grid and its accuracy, the encoding and its evidence.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import type { CrsLevel, DatumShift, LayerMeta } from '../../../src-shared/layer';
import { requireEpsg } from '../crs/layerCrs';
import { datumRouteBetween } from '../crs/registry';
import type { DatumRoute } from '../crs/datumShift';
import { inspect } from '../io/inspect';
import type { ModelDocument } from '../model/document';
import { resolveModelPath, type LoadedModel } from '../model/loadModel';

/**
 * The refusal a run makes about a layer from its metadata alone, or null: E_CRS_MISSING,
 * E_CRS_UNIDENTIFIED (a CRS that matched no EPSG CRS), E_ENCODING_UNDECIDED.
 */
export function inputRefusal(meta: LayerMeta, file: string): RiskAtlasError | null {
  try {
    requireEpsg(meta.crs, file);
  } catch (err) {
    return err as RiskAtlasError;
  }
  if (meta.kind === 'vector' && meta.encodingEvidence === 'undecided') {
    return new RiskAtlasError('E_ENCODING_UNDECIDED', `${meta.encoding ?? 'no encoding'} is a stand-in: no .cpg, no language-driver byte, and text that is neither UTF-8 nor GBK; state the layer's "encoding"`, { file });
  }
  return null;
}

/** The layers a run reads: those the grid, indicators and statistics name, and the admin layers (one becomes the assessment units). */
export function runLayerIds(doc: ModelDocument): string[] {
  const ids = new Set<string>([doc.grid.studyArea]);
  if (doc.grid.exclude) ids.add(doc.grid.exclude.layer);
  for (const ind of doc.indicators) {
    ids.add(ind.layer);
    if (ind.population) ids.add(ind.population);
  }
  if (doc.statistics?.units) ids.add(doc.statistics.units);
  if (doc.statistics?.population) ids.add(doc.statistics.population);
  for (const [id, ref] of Object.entries(doc.layers)) if (ref.category === 'admin') ids.add(id);
  return [...ids];
}

/** What provenance records of one input layer. */
export interface InputRecord {
  path: string;
  crs: { epsg: number; name: string; level: CrsLevel | null; source: string | null; overrules?: string };
  /** The layer datum's shift to WGS 84 (null: none published for where the layer lies). */
  datumShift: DatumShift | null;
  /** How its coordinates reach the grid's datum, and how accurately. */
  toGrid: DatumRoute;
  encoding?: string;
  encodingEvidence?: string;
}

/**
 * Read every layer the run uses (as the run reads it, with the CRS and encoding the model
 * states) and refuse the first the run could not compute with — the reader's error, or the
 * refusal of {@link inputRefusal}. Returns the provenance record of each, by layer id.
 */
export async function checkInputs(m: LoadedModel): Promise<Record<string, InputRecord>> {
  const out: Record<string, InputRecord> = {};
  for (const id of runLayerIds(m.doc)) {
    const ref = m.doc.layers[id]!;
    const res = await inspect(resolveModelPath(m, ref.path), { crs: ref.crs, encoding: ref.encoding });
    if (!res.ok) throw new RiskAtlasError(res.error.code, res.error.message, { file: ref.path, ...(res.error.params ? { params: res.error.params } : {}) });
    const refusal = inputRefusal(res.value, ref.path);
    if (refusal) throw refusal;
    const meta = res.value;
    const crs = meta.crs!;
    out[id] = {
      path: ref.path,
      crs: { epsg: crs.epsg!, name: crs.name, level: crs.identification?.level ?? null, source: crs.identification?.source ?? null, ...(crs.identification?.overrules ? { overrules: crs.identification.overrules } : {}) },
      datumShift: crs.datumShift ?? null,
      toGrid: datumRouteBetween(crs, m.doc.grid.epsg),
      ...(meta.kind === 'vector' && meta.encoding ? { encoding: meta.encoding, encodingEvidence: meta.encodingEvidence } : {}),
    };
  }
  return out;
}
