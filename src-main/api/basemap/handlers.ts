/**
 * The offline basemap methods of the API (`basemap.open`, `basemap.tile`, `basemap.close`):
 * one tile source (MBTiles file or XYZ folder) per session, its tiles handed to the map as
 * data URLs through the same API as everything else (no tile server, no network).
 */
import { realpath } from 'node:fs/promises';
import { sep } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { openTileSource, TILE_MIME, type TileSource } from '../../engine/io/tileSource';
import type { ProjectContext } from '../context';
import type { Handlers } from '../handlers';
import type { basemapArgs } from './contract';

/**
 * True when `path` lies inside the open project's data folder (after resolving links, so
 * neither `..` nor a symlink leads out): the project owns it, serve mode may read it.
 */
async function insideProject(ctx: ProjectContext, path: string): Promise<boolean> {
  const dataDir = ctx.info()?.dataDir;
  if (!dataDir) return false;
  try {
    const [dir, real] = await Promise.all([realpath(dataDir), realpath(path)]);
    return real.startsWith(dir + sep);
  } catch {
    return false;
  }
}

/** Paths the user chose (`allowPath`, Electron dialogs) or inside the project's data folder may be opened. */
export function createBasemapHandlers(ctx: ProjectContext, allowPath: (path: string) => boolean): Handlers<typeof basemapArgs> {
  let source: TileSource | null = null;
  return {
    'basemap.open': async ({ path }) => {
      if (!allowPath(path) && !(await insideProject(ctx, path))) throw new RiskAtlasError('E_PATH_FORBIDDEN', 'this path was not chosen by the user and is not inside the project folder', { file: path });
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
