/** Histograms for the workflow panels: of an indicator on the analysis grid, of a raster's valid values. */
import { openGeoTiff } from '../../engine/io/geotiff';
import { gridWarnings } from '../../engine/indicators/check';
import { applyTransform } from '../../engine/indicators/transforms';
import { transformOf } from '../../engine/model/document';
import type { ProjectContext } from '../context';
import { modelWithIndicator } from '../model/edit';
import { histogramOf } from '../../engine/classify/valueHistogram';
import type { IndicatorHistogram } from './contract';
import { indicatorOnGrid, studyGrid } from './grid';

/**
 * The histogram of an indicator on the analysis grid: indicator `indicator` of the current
 * model, or `spec` — one being edited (see {@link modelWithIndicator}); without `indicator`,
 * the model's last indicator (where the edited one goes). With the warnings of its raw grid
 * (all one value, all nodata — then the histogram is empty: no bins, no valid cell).
 */
export async function indicatorHistogram(ctx: ProjectContext, a: { indicator?: string; spec?: unknown; normalised: boolean; bins: number }): Promise<IndicatorHistogram> {
  const m = a.spec === undefined ? ctx.loadedModel() : modelWithIndicator(ctx, a.spec);
  const id = a.indicator ?? m.doc.indicators[m.doc.indicators.length - 1]!.id;
  const { grid, mask } = await studyGrid(m);
  const raw = await indicatorOnGrid(m, id, grid, mask, false);
  const spec = m.doc.indicators.find((i) => i.id === id)!;
  const warnings = gridWarnings(spec, m.doc.layers[spec.layer]!, raw);
  if (warnings.some((w) => w.code === 'W_INDICATOR_NODATA')) return { min: 0, max: 0, edges: [], counts: [], validCells: 0, warnings };
  return { ...histogramOf(a.normalised ? applyTransform(raw, transformOf(spec), spec.direction) : raw, a.bins), warnings };
}

/** The valid values of band 1 of a GeoTIFF (nodata and NaN left out). */
export async function rasterValues(path: string): Promise<Float64Array> {
  const src = await openGeoTiff(path);
  try {
    const { width, height, nodata } = src.meta;
    const all = await src.readWindow(0, 0, width, height, 0);
    return all.filter((v) => !Number.isNaN(v) && v !== nodata);
  } finally {
    await src.close();
  }
}
