/**
 * Overview (reduced-resolution) tiles computed from the full-resolution tiles as they
 * arrive. Each overview factor divides the tile size, so every overview pixel's block of
 * source pixels lies in one full-resolution tile; an overview tile is complete once all of
 * its (factor × factor, fewer at the image's edges) source tiles have been folded in.
 * Pixels are the mean (floats by default) or the mode (integers: classes stay classes) of
 * the block's real pixels, ignoring nodata, NaN and edge padding.
 */
import type { PixelArray } from '../../../../src-shared/layer';
import type { Level } from './ifd';
import type { ImageSettings } from './options';
import { fillTile } from './tileCodec';

/** An overview tile being filled, and how many of its source tiles are still to come. */
interface OvBuffer {
  data: PixelArray;
  remaining: number;
}

/** A finished overview tile of one band: tile (tx, ty) of its level. */
export interface OverviewTile {
  tx: number;
  ty: number;
  data: PixelArray;
}

/**
 * Overview tiles waiting for source tiles. With tiles sent in row order that is about one
 * row of overview tiles per level; in a random order, at worst the whole overview pyramid.
 */
export class OverviewReducer {
  private readonly buffers: Map<number, OvBuffer>[];
  /** The valid pixels of one block (the largest factor squared). */
  private readonly scratch: Float64Array;
  /** Nodata as stored in the dtype, for comparisons. */
  private readonly ndCast: number | null;

  constructor(
    private readonly levels: Level[],
    private readonly s: ImageSettings,
  ) {
    this.buffers = levels.map(() => new Map());
    this.ndCast = s.tile.ndCast;
    const factors = s.overviewFactors;
    this.scratch = new Float64Array(factors.length ? factors[factors.length - 1] ** 2 : 0);
  }

  /** True while some overview tile still waits for source tiles. */
  get pending(): boolean {
    return this.buffers.some((b) => b.size > 0);
  }

  private isValid(v: number): boolean {
    return !Number.isNaN(v) && v !== this.ndCast;
  }

  /**
   * Reduce full-resolution tile (tx, ty) of `band` (in the dtype) into overview level `li`;
   * only real image pixels (not edge padding) count. Returns the overview tile once all its
   * source tiles have arrived, and frees its buffer; else null. `tile` is not kept.
   */
  reduce(li: number, tx: number, ty: number, band: number, tile: PixelArray): OverviewTile | null {
    const L = this.levels[li];
    const f = L.factor;
    const { T, info, fill } = this.s.tile;
    const otx = Math.floor(tx / f);
    const oty = Math.floor(ty / f);
    const key = band * L.ntx * L.nty + oty * L.ntx + otx;
    const bufs = this.buffers[li];
    let ob = bufs.get(key);
    if (!ob) {
      const ntx0 = this.levels[0].ntx;
      const nty0 = this.levels[0].nty;
      const sx = Math.min(ntx0, (otx + 1) * f) - otx * f;
      const sy = Math.min(nty0, (oty + 1) * f) - oty * f;
      ob = { data: fillTile(this.s.tile), remaining: sx * sy };
      bufs.set(key, ob);
    }
    const vw = Math.min(T, this.s.width - tx * T);
    const vh = Math.min(T, this.s.height - ty * T);
    const step = T / f;
    const dx0 = (tx % f) * step;
    const dy0 = (ty % f) * step;
    const out = ob.data;
    const s = this.scratch;
    const ow = Math.ceil(vw / f);
    const oh = Math.ceil(vh / f);
    for (let oy = 0; oy < oh; oy++) {
      const r0 = oy * f;
      const r1 = Math.min(r0 + f, vh);
      for (let ox = 0; ox < ow; ox++) {
        const c0 = ox * f;
        const c1 = Math.min(c0 + f, vw);
        let n = 0;
        for (let r = r0; r < r1; r++) {
          for (let c = c0; c < c1; c++) {
            const v = tile[r * T + c];
            if (this.isValid(v)) s[n++] = v;
          }
        }
        let val = fill;
        if (n > 0) {
          if (this.s.resampling === 'average') {
            let sum = 0;
            for (let i = 0; i < n; i++) sum += s[i];
            val = sum / n;
            if (info.format !== 3) val = Math.round(val);
          } else {
            // Mode; ties go to the smallest value so the result is deterministic.
            const v = s.subarray(0, n).sort();
            let best = v[0];
            let bestN = 0;
            let i = 0;
            while (i < n) {
              let j = i;
              while (j < n && v[j] === v[i]) j++;
              if (j - i > bestN) {
                bestN = j - i;
                best = v[i];
              }
              i = j;
            }
            val = best;
          }
        }
        out[(dy0 + oy) * T + dx0 + ox] = val;
      }
    }
    ob.remaining--;
    if (ob.remaining > 0) return null;
    bufs.delete(key);
    return { tx: otx, ty: oty, data: out };
  }
}
