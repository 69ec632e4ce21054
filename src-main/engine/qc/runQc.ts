/**
 * Quality control of a model's input layers: reads every layer and runs the rules in
 * `rules.ts`, plus the checks that need the study area (overlap, raster coverage, PGA
 * range, points in their declared township). Never throws for bad data: a layer that
 * cannot be read is itself a finding.
 */
import { RiskAtlasError, toErrorInfo } from '../errors';
import { transformer } from '../crs/registry';
import { openGeoTiff } from '../io/geotiff';
import { detectFormat, readVector } from '../io/openLayer';
import { reprojectFeatures } from '../crs/reprojectFeatures';
import { featureExtent } from '../io/vectorMeta';
import type { Extent, LayerMeta } from '../io/layer';
import { alignRaster } from '../grid/resample';
import { gridForExtent } from '../grid/gridSpec';
import { pointInRing, polygonMask, polygonRings } from '../grid/rasterizePolygons';
import { loadModel, resolveModelPath } from '../model/loadModel';
import { readVectorInGrid } from '../model/indicators';
import { toCsv } from '../export/csv';
import { checkCrs, checkVector, finding, RULES, type Finding, type Severity } from './rules';

export interface QcReport {
  model: string;
  rules: typeof RULES;
  findings: Finding[];
  counts: Record<Severity, number>;
}

/** Raster nodata share above this inside the study area is a finding. */
export const NODATA_SHARE_LIMIT = 0.05;

function lonLatExtent(meta: LayerMeta): [number, number, number, number] | null {
  const ext = meta.extent;
  if (!ext || !meta.crs?.epsg) return null;
  const t = transformer(meta.crs.epsg, 4490);
  const corners = [t(ext[0], ext[1]), t(ext[2], ext[3]), t(ext[0], ext[3]), t(ext[2], ext[1])];
  return [Math.min(...corners.map((c) => c[0])), Math.min(...corners.map((c) => c[1])), Math.max(...corners.map((c) => c[0])), Math.max(...corners.map((c) => c[1]))];
}

const overlaps = (a: Extent, b: Extent): boolean => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/**
 * Run QC on the layers of the model at `modelPath`.
 * @param surveyYear the census year (buildings cannot be younger).
 */
export async function runQc(modelPath: string, opts: { surveyYear?: number; duplicateMetres?: number } = {}): Promise<QcReport> {
  const m = await loadModel(modelPath);
  const doc = m.doc;
  const epsg = doc.grid.epsg;
  const findings: Finding[] = [];
  const studyRef = doc.layers[doc.grid.studyArea]!;
  const study = await readVectorInGrid(resolveModelPath(m, studyRef.path), studyRef, epsg);
  const studyExtent = featureExtent(study.features);
  if (!studyExtent) throw new RiskAtlasError('E_MODEL_LAYER', 'the study-area layer has no geometry', { file: studyRef.path });
  const grid = gridForExtent(epsg, studyExtent, doc.grid.cellSize);
  const mask = polygonMask(grid, study.features.features);
  const countyCode = String(study.features.features[0]?.properties?.XZQDM ?? '');
  const unitsId = doc.statistics?.units;
  const units = unitsId ? await readVectorInGrid(resolveModelPath(m, doc.layers[unitsId]!.path), doc.layers[unitsId]!, epsg).catch(() => null) : null;

  for (const [id, ref] of Object.entries(doc.layers)) {
    const path = resolveModelPath(m, ref.path);
    try {
      if ((await detectFormat(path)) === 'GeoTIFF') {
        const src = await openGeoTiff(path);
        try {
          findings.push(...checkCrs(id, src.meta, lonLatExtent(src.meta)));
          if (!src.meta.crs?.epsg) continue;
          const values = await alignRaster(src, grid, 'nearest');
          let inside = 0;
          let missing = 0;
          let outOfRange = 0;
          const isPga = ref.hazard === 'earthquake' && ref.units === 'g';
          values.forEach((v, i) => {
            if (!mask[i]) return;
            inside++;
            if (Number.isNaN(v)) missing++;
            else if (isPga && (v < 0 || v > 2)) outOfRange++;
          });
          if (inside && missing / inside > NODATA_SHARE_LIMIT) {
            findings.push(finding(missing === inside ? 'EXT-01' : 'RAS-01', id, `${((missing / inside) * 100).toFixed(1)} % of the study area has no data`));
          }
          if (outOfRange) findings.push(finding('RNG-01', id, `${outOfRange} cells with PGA outside 0–2 g`));
        } finally {
          await src.close();
        }
        continue;
      }
      const original = await readVector(path, ref.crs === undefined ? undefined : { crs: ref.crs });
      findings.push(...checkCrs(id, original.meta, lonLatExtent(original.meta)));
      if (!original.meta.crs?.epsg) continue;
      const layer = { meta: original.meta, features: reprojectFeatures(original.features, original.meta.crs.epsg, epsg) };
      const ext = featureExtent(layer.features);
      if (ext && !overlaps(ext, studyExtent)) findings.push(finding('EXT-01', id, 'no feature lies within the study area'));
      findings.push(...checkVector(id, ref.name, layer, { surveyYear: opts.surveyYear ?? new Date().getFullYear(), duplicateMetres: opts.duplicateMetres ?? 5, ...(countyCode ? { adminPrefix: countyCode } : {}) }));
      // Points that name their township: is the point inside it?
      const codeField = layer.meta.fields.find((f) => /^(XZQDM|行政区划代码)$/i.test(f.name))?.name;
      if (units && id !== unitsId && codeField && layer.meta.geometryType === 'Point') {
        const byCode = new Map(units.features.features.map((u) => [String(u.properties?.XZQDM ?? ''), polygonRings(u.geometry) as number[][][]]));
        layer.features.features.forEach((f, i) => {
          const code = String(f.properties?.[codeField] ?? '');
          const rings = byCode.get(code);
          const g = f.geometry;
          if (!rings || g?.type !== 'Point') return;
          const [x, y] = g.coordinates as [number, number];
          if (!rings.some((r) => pointInRing(x, y, r))) findings.push(finding('PIP-01', id, `point is not inside township ${code}`, { feature: i + 1, at: [x, y] }));
        });
      }
    } catch (err) {
      const info = toErrorInfo(err);
      findings.push(finding(info.code === 'E_CRS_MISSING' ? 'CRS-01' : 'READ-01', id, `${info.code}: ${info.message}`));
    }
  }
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { model: m.path, rules: RULES, findings, counts };
}

/** The report as an Excel-friendly CSV (UTF-8 with BOM). */
export function qcReportCsv(r: QcReport): string {
  return toCsv(
    ['规则', '级别', '图层', '要素', 'X', 'Y', '说明'],
    r.findings.map((f) => [f.rule, f.severity, f.layer, f.feature ?? '', f.at?.[0] ?? '', f.at?.[1] ?? '', f.message]),
  );
}
