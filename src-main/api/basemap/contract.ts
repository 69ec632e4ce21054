/**
 * The contract's part for the offline basemap: an MBTiles file or a folder of XYZ tiles (Web
 * Mercator), tiles as data URLs; no network.
 */
import { z } from 'zod';
import { empty, userPath } from '../schemas';

/** An open offline basemap (see engine/io/tileSource.ts). */
export interface BasemapInfo {
  kind: 'mbtiles' | 'xyz';
  name: string;
  format: 'png' | 'jpg' | 'webp';
  minZoom: number;
  maxZoom: number;
  /** Lon/lat [west, south, east, north] when the source states it. */
  bounds: [number, number, number, number] | null;
}

export const basemapArgs = {
  /** Open the basemap at `path` (a path the user chose, or one inside the project); replaces the open one. */
  'basemap.open': z.object({ path: userPath }).strict(),
  /** One tile at XYZ (z, x, y); `dataUrl` is null where the source has none. */
  'basemap.tile': z.object({ z: z.number().int().min(0).max(30), x: z.number().int().min(0), y: z.number().int().min(0) }).strict(),
  'basemap.close': empty,
} as const;

export interface BasemapResults {
  'basemap.open': BasemapInfo;
  'basemap.tile': { dataUrl: string | null };
  'basemap.close': { closed: boolean };
}
