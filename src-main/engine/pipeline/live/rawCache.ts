/**
 * Raw indicator grids kept for a project between runs and edits: each indicator's raw tiles
 * (as pass 1 of a run makes them, Float32 where exact) and its statistics, under the key of
 * what they depend on (cacheKeys.ts). Tiles live in a {@link TileStore}: in memory up to a
 * budget, then in a temporary file. With them a run reads no input (runModel's `cache`
 * option) and the live recompute (liveEngine.ts) starts from the indicators.
 */
import { RiskAtlasError } from '../../../../src-shared/errors';
import type { RawStats } from '../../indicators/transforms';
import { TileStore, type StoredTile } from '../tileStore';

/** Default memory budget of the kept tiles (the rest go to a temporary file). */
export const RAW_CACHE_MEMORY = 512 * 1024 * 1024;

interface Entry {
  /** Store key of the entry's first tile (tile t is at base + t). */
  base: number;
  tiles: number;
  /** Set once every tile is in: only then is the entry used. */
  stats?: RawStats;
}

export class RawTileCache {
  private readonly store: TileStore;
  private readonly entries = new Map<string, Entry>();
  private nextBase = 0;

  /** @param budget bytes of tiles kept in memory before the temporary file. */
  constructor(budget = RAW_CACHE_MEMORY) {
    this.store = new TileStore(budget);
  }

  /** True when every tile and the statistics of `key` are kept. */
  has(key: string): boolean {
    return this.entries.get(key)?.stats !== undefined;
  }

  /** The statistics of a complete entry. */
  stats(key: string): RawStats | undefined {
    return this.entries.get(key)?.stats;
  }

  /** A copy of tile `t` of `key` (the caller may change or transfer it). */
  tile(key: string, t: number): Promise<StoredTile> {
    return this.store.get(this.entry(key).base + t);
  }

  /** Start (or restart) the entry `key` of `tiles` tiles; fill it with {@link put}, then {@link complete}. */
  async begin(key: string, tiles: number): Promise<void> {
    await this.drop(key);
    this.entries.set(key, { base: this.nextBase, tiles });
    this.nextBase += tiles;
  }

  /** Keep tile `t` of `key` (the array is kept as it is: do not change it afterwards). */
  put(key: string, t: number, tile: StoredTile): Promise<void> {
    return this.store.put(this.entry(key).base + t, tile);
  }

  /** Mark `key` complete with its statistics merged over every tile. */
  complete(key: string, stats: RawStats): void {
    this.entry(key).stats = stats;
  }

  /** Forget every entry whose key is not in `keep` (an input or an indicator changed). */
  async retain(keep: Set<string>): Promise<void> {
    for (const key of [...this.entries.keys()]) if (!keep.has(key)) await this.drop(key);
  }

  /** Bytes of tiles in memory and in the temporary file, and the complete entries. */
  usage(): { memory: number; disk: number; indicators: number } {
    return { ...this.store.usage, indicators: [...this.entries.values()].filter((e) => e.stats).length };
  }

  /** Free everything and delete the temporary file. */
  close(): Promise<void> {
    this.entries.clear();
    return this.store.close();
  }

  private entry(key: string): Entry {
    const e = this.entries.get(key);
    if (!e) throw new RiskAtlasError('E_INTERNAL', `raw tile cache: no entry ${key}`);
    return e;
  }

  private async drop(key: string): Promise<void> {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    // Only tiles that were put can be taken back (an entry may have been left half-filled).
    for (let t = 0; t < e.tiles; t++) await this.store.take(e.base + t).catch(() => undefined);
  }
}
