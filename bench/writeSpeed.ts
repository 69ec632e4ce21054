/**
 * `node --import tsx bench/writeSpeed.ts` — where the CPU goes when RiskAtlas writes a
 * Float32 GeoTIFF (tiled 256, Deflate, floating-point predictor 3), on a synthetic N×N
 * "smooth surface plus noise" raster (like a risk index: compressible, but not trivially):
 * - `predictor`: predictor 3 alone over every full-resolution tile (`predictTileBytes`);
 * - `deflate node:zlib L6` / `libdeflate L6` / `libdeflate L1`: compressing those predicted
 *   tiles (the writer uses libdeflate at level 6; node:zlib and L1 are for comparison);
 * - `encodeGeoTiff`: the whole in-memory encoding (predictor + compression + layout);
 * - `GeoTiffTileWriter`: the streaming writer to a temporary file, tiles sent in row order.
 *
 *   node --import tsx bench/writeSpeed.ts [--size 4000] [--rounds 3] [--writer path/to/export/geotiff/index.ts]
 *
 * CPU seconds (process.cpuUsage, user + system, all threads) are the figures to compare: the
 * machine is shared, so wall time is noisy. Each row is the best of `--rounds`. `--writer`
 * loads another copy of the writer module (e.g. from a worktree of an older revision) to
 * measure before/after; it must export `encodeGeoTiff` and `GeoTiffTileWriter`, and
 * `predictTileBytes` (shim it for revisions without it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { deflateSync } from 'node:zlib';
import { zlib as libdeflateZlib } from 'libdeflate';
import type * as Writer from '../src-main/engine/export/geotiff';
import { mulberry32 } from '../resources/sample/prng';

const { values: args } = parseArgs({
  options: { size: { type: 'string', default: '4000' }, rounds: { type: 'string', default: '3' }, writer: { type: 'string' } },
});
const N = Number(args.size);
const ROUNDS = Number(args.rounds);
const T = 256;
const mod = (await import(args.writer ? pathToFileURL(resolve(args.writer)).href : '../src-main/engine/export/geotiff')) as typeof Writer;

/**
 * Smooth field in about [0.25, 0.75] with ±0.0025 uniform noise and ~4 % nodata holes: the
 * statistics of the benchmark's real 8000² risk index (std 0.1, neighbour difference std
 * 0.002, 4.4 % nodata), which set how hard Deflate has to work.
 */
function raster(n: number): Float32Array {
  const rnd = mulberry32(42);
  const a = new Float32Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const v = 0.5 + 0.15 * Math.sin(x / 157) * Math.cos(y / 211) + 0.08 * Math.sin((x + 2 * y) / 53) + 0.005 * (rnd() - 0.5);
      const hole = (x - 0.2 * n) ** 2 + (y - 0.3 * n) ** 2 < (0.09 * n) ** 2 || (x - 0.7 * n) ** 2 + (y - 0.8 * n) ** 2 < (0.06 * n) ** 2;
      a[y * n + x] = hole ? -9999 : v;
    }
  }
  return a;
}

function tilesOf(img: Float32Array, n: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let ty = 0; ty < Math.ceil(n / T); ty++) {
    for (let tx = 0; tx < Math.ceil(n / T); tx++) {
      const t = new Float32Array(T * T).fill(-9999);
      for (let r = 0; r < T && ty * T + r < n; r++) {
        const s = (ty * T + r) * n + tx * T;
        t.set(img.subarray(s, s + Math.min(T, n - tx * T)), r * T);
      }
      out.push(t);
    }
  }
  return out;
}

/** Best CPU and wall seconds of `ROUNDS` runs of `fn`, and its last result. */
async function measure<R>(fn: () => R | Promise<R>): Promise<{ cpu: number; wall: number; result: R }> {
  let cpu = Infinity;
  let wall = Infinity;
  let result!: R;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    result = await fn();
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
    wall = Math.min(wall, (performance.now() - t0) / 1000);
  }
  return { cpu, wall, result };
}

const opts: Writer.GeoTiffOptions = { width: N, height: N, dtype: 'float32', nodata: -9999, epsg: 4546, geoTransform: [400000, 30, 0, 3100000, 0, -30], tileSize: T };
const image = raster(N);
const tiles = tilesOf(image, N);
const rawMB = (tiles.length * T * T * 4) / 1e6;
console.log(`${N}×${N} Float32, ${tiles.length} tiles of ${T}², ${rawMB.toFixed(0)} MB raw; best of ${ROUNDS}; writer ${args.writer ?? 'src-main'}`);
const row = (name: string, cpu: number, wall: number, extra = '') =>
  console.log(`${name.padEnd(24)} cpu ${cpu.toFixed(3).padStart(7)} s  wall ${wall.toFixed(3).padStart(7)} s  ${(rawMB / cpu).toFixed(0).padStart(5)} MB/s cpu  ${extra}`);

const pred = await measure(() => tiles.map((t) => mod.predictTileBytes(opts, t)));
row('predictor 3', pred.cpu, pred.wall);
const predicted = pred.result;
const ratio = (parts: Uint8Array[]) => `ratio ${(parts.reduce((s, p) => s + p.length, 0) / (rawMB * 1e6)).toFixed(4)}`;
for (const [name, fn] of [
  ['deflate node:zlib L6', (b: Uint8Array) => deflateSync(b, { level: 6 })],
  ['deflate libdeflate L6', (b: Uint8Array) => libdeflateZlib(b, 6)],
  ['deflate libdeflate L1', (b: Uint8Array) => libdeflateZlib(b, 1)],
] as const) {
  const m = await measure(() => predicted.map(fn));
  row(name, m.cpu, m.wall, ratio(m.result));
}
const enc = await measure(() => mod.encodeGeoTiff(image, opts));
row('encodeGeoTiff', enc.cpu, enc.wall, `${(enc.result.length / 1e6).toFixed(2)} MB`);
const dir = await mkdtemp(join(tmpdir(), 'ra-writespeed-'));
try {
  const streamed = await measure(async () => {
    const w = await mod.GeoTiffTileWriter.create(join(dir, 'out.tif'), opts);
    const [ntx] = w.tiles;
    for (let i = 0; i < tiles.length; i++) await w.writeTile(i % ntx, Math.floor(i / ntx), tiles[i]!);
    await w.finish();
  });
  row('GeoTiffTileWriter', streamed.cpu, streamed.wall);
} finally {
  await rm(dir, { recursive: true, force: true });
}
