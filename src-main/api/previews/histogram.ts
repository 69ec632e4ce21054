/** Histograms for the workflow panels: of an indicator on the analysis grid, of a raster's valid values. */
import { openGeoTiff } from '../../engine/io/geotiff';
import type { ProjectContext } from '../context';
import { modelWithIndicator } from '../model/edit';
import { histogramOf } from '../../engine/classify/valueHistogram';
import type { Histogram } from './contract';
import { indicatorOnGrid, studyGrid } from './grid';

/**
 * The histogram of an indicator on the analysis grid: indicator `indicator` of the current
 * model, or `spec` — one being edited (see {@link modelWithIndicator}); without `indicator`,
 * the model's last indicator (where the edited one goes).
 */
export async function indicatorHistogram(ctx: ProjectContext, a: { indicator?: string; spec?: unknown; normalised: boolean; bins: number }): Promise<Histogram> {
  const m = a.spec === undefined ? ctx.loadedModel() : modelWithIndicator(ctx, a.spec);
  const id = a.indicator ?? m.doc.indicators[m.doc.indicators.length - 1]!.id;
  const { grid, mask } = await studyGrid(m);
  return histogramOf(await indicatorOnGrid(m, id, grid, mask, a.normalised), a.bins);
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
