/**
 * The offline basemap methods of the API (`basemap.open`, `basemap.tile`, `basemap.close`):
 * one tile source (MBTiles file or XYZ folder) per session, its tiles handed to the map as
 * data URLs through the same API as everything else (no tile server, no network).
 */
import { RiskAtlasError } from '../engine/errors';
import { openTileSource, TILE_MIME, type TileSource } from '../engine/io/tileSource';
import type { ApiHandlers } from './dispatch';

type BasemapMethods = Pick<ApiHandlers, 'basemap.open' | 'basemap.tile' | 'basemap.close'>;

/** `allowPath` as for layer.import: only paths the user chose (Electron) or the project owns. */
export function createBasemapHandlers(allowPath: (path: string) => boolean): BasemapMethods {
  let source: TileSource | null = null;
  return {
    'basemap.open': async ({ path }) => {
      if (!allowPath(path)) throw new RiskAtlasError('E_PATH_FORBIDDEN', 'this path was not chosen by the user', { file: path });
      const next = await openTileSource(path);
      source?.close();
      source = next;
      return next.info;
    },
    'basemap.tile': async ({ z, x, y }) => {
      if (!source) throw new RiskAtlasError('E_ARG_INVALID', 'no basemap is open');
      const bytes = await source.tile(z, x, y);
      return { dataUrl: bytes ? `data:${TILE_MIME[source.info.format]};base64,${Buffer.from(bytes).toString('base64')}` : null };
    },
    'basemap.close': async () => {
      const was = source !== null;
      source?.close();
      source = null;
      return { closed: was };
    },
  };
}
