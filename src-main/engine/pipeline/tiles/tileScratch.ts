/**
 * Scratch arrays for the work on one tile, reused from tile to tile. A 512² tile needs a
 * dozen 2 MiB Float64 intermediates (normalised indicators, components, risks); allocating
 * them afresh for each of a run's hundreds of tiles kept V8's garbage collector busy for
 * about a sixth of an 8000² run. Arrays handed out since the last {@link TileScratch.release}
 * must not outlive the tile: copy anything that is returned or transferred.
 */
export class TileScratch {
  private readonly free = new Map<number, Float64Array[]>();
  private used: Float64Array[] = [];

  /** A Float64Array of `n` cells with arbitrary contents, valid until {@link release}. */
  f64(n: number): Float64Array {
    const a = this.free.get(n)?.pop() ?? new Float64Array(n);
    this.used.push(a);
    return a;
  }

  /** A scratch copy of `values` as Float64 (a stored Float32 tile widened for the Float64 transforms). */
  widen(values: Float32Array | Float64Array): Float64Array {
    const a = this.f64(values.length);
    a.set(values);
    return a;
  }

  /** Take back every array handed out; the next tile reuses them. */
  release(): void {
    for (const a of this.used) {
      const list = this.free.get(a.length);
      if (list) list.push(a);
      else this.free.set(a.length, [a]);
    }
    this.used = [];
  }
}

