/** Handlers of the layer methods (`layer.*`, `upload.*`, `map.identify`). */
import { RiskAtlasError } from '../../../src-shared/errors';
import { inspect } from '../../engine/io/inspect';
import type { ProjectContext } from '../context';
import type { Handlers, PathGuard } from '../handlers';
import type { layersArgs } from './contract';
import { layerFeatures } from './features';
import { identify } from './identify';
import { importPath, importUploads, uploadsOf } from './import';
import { removeLayer, updateLayer } from './update';

export function createLayersHandlers(ctx: ProjectContext, allowed: PathGuard): Handlers<typeof layersArgs> {
  return {
    'layer.inspect': async ({ path }) => {
      const res = await inspect(allowed(path));
      if (!res.ok) throw new RiskAtlasError(res.error.code, res.error.message, { file: res.error.file ?? path });
      return res.value;
    },
    'layer.import': async ({ path, crs }) => importPath(ctx, allowed(path), crs),
    'upload.begin': async ({ fileName, size }) => uploadsOf(ctx).begin(fileName, size),
    'upload.chunk': async ({ uploadId, offset, data }) => uploadsOf(ctx).chunk(uploadId, offset, data),
    'upload.abort': async ({ uploadId }) => ({ aborted: await uploadsOf(ctx).abort(uploadId) }),
    'layer.importUploads': async ({ uploadIds, crs }) => importUploads(ctx, uploadIds, crs),
    'layer.update': async ({ id, ...patch }) => updateLayer(ctx, id, patch),
    'layer.remove': async ({ id }) => ({ removed: await removeLayer(ctx, id) }),
    'layer.features': async ({ id, offset, limit, sort, filter }) => layerFeatures(ctx, id, { offset, limit, ...(sort ? { sort } : {}), ...(filter ? { filter } : {}) }),
    'map.identify': async ({ x, y, tolerance, layers }) => ({ hits: await identify(ctx, x, y, tolerance, layers) }),
  };
}
