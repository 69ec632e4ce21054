/** Handlers of the preview methods (`indicator.histogram`, `preview.composite`, `live.update`). */
import type { ProjectContext } from '../context';
import type { Handlers } from '../handlers';
import { previewComposite } from './composite';
import type { previewsArgs } from './contract';
import { indicatorHistogram } from './histogram';
import { liveUpdate } from './live';

export function createPreviewsHandlers(ctx: ProjectContext): Handlers<typeof previewsArgs> {
  return {
    'indicator.histogram': async (a) => indicatorHistogram(ctx, a),
    'preview.composite': async ({ doc, maxCells }) => previewComposite(ctx, doc, maxCells),
    'live.update': async (a) => liveUpdate(ctx, a),
  };
}
