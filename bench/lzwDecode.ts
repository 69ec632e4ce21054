/**
 * LZW decode speed on real benchmark tiles, next to Node's native inflate on the same data:
 * the raw compressed tiles of one Float32 GeoTIFF (tiled 256×256, no predictor) are pulled
 * out of the file and decoded in memory, so only the decoder is timed (no file reads, no
 * GeoTIFF parsing, no predictor).
 *
 *   node --import tsx bench/lzwDecode.ts [file.tif] [--tiles N] [--rounds R]
 *
 * Default file: `.cache/inputs-n8000-lzw-s1-v2/h_flood.tif`; the Deflate file of the same name
 * in the matching `-deflate-` folder is used for the inflate column (and, when its tiles decode
 * to the same bytes, as a correctness check of the LZW output). Speeds are MB of decoded
 * output per CPU second (process.cpuUsage): on a shared machine CPU time is the steadier
 * figure; the best of R rounds is reported.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { inflateSync } from 'node:zlib';
import { fromFile } from 'geotiff';
import { decodeLzw } from '../src-main/engine/codecs/lzw';

const CACHE = join(import.meta.dirname, '.cache');

interface Tiles {
  tiles: Uint8Array[];
  /** Decoded bytes of one full tile. */
  tileBytes: number;
  compression: number;
}

/** The compressed bytes of the first `limit` tiles (spread evenly over the file). */
async function readTiles(path: string, limit: number): Promise<Tiles> {
  const tiff = await fromFile(path);
  const img = await tiff.getImage();
  const fd = img.fileDirectory;
  // loadValue also fetches the deferred (large, out-of-IFD) arrays such as TileOffsets.
  const load = async (name: 'TileOffsets' | 'TileByteCounts'): Promise<ArrayLike<number | bigint>> =>
    ((await fd.loadValue(name)) ?? []) as ArrayLike<number | bigint>;
  const offsets = await load('TileOffsets');
  const counts = await load('TileByteCounts');
  const bps = img.getBytesPerPixel();
  const tileBytes = img.getTileWidth() * img.getTileHeight() * bps;
  await tiff.close();
  const file = readFileSync(path);
  const n = offsets.length;
  const take = Math.min(n, limit);
  const tiles: Uint8Array[] = [];
  for (let k = 0; k < take; k++) {
    const i = Math.floor((k * n) / take);
    const o = Number(offsets[i]);
    tiles.push(new Uint8Array(file.subarray(o, o + Number(counts[i]))));
  }
  return { tiles, tileBytes, compression: Number(fd.getValue('Compression') ?? 1) };
}

/** Best MB/s (decoded output per CPU second) over `rounds` passes over all tiles. */
function time(tiles: Uint8Array[], decode: (t: Uint8Array) => Uint8Array, rounds: number): { mbps: number; cpu: number; outBytes: number } {
  let best = Infinity;
  let outBytes = 0;
  for (let r = 0; r < rounds; r++) {
    outBytes = 0;
    const c0 = process.cpuUsage();
    for (const t of tiles) outBytes += decode(t).length;
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1e6);
  }
  return { mbps: outBytes / best / 1e6, cpu: best, outBytes };
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { tiles: { type: 'string', default: '1024' }, rounds: { type: 'string', default: '5' } },
});
const lzwPath = positionals[0] ?? join(CACHE, 'inputs-n8000-lzw-s1-v2', 'h_flood.tif');
if (!existsSync(lzwPath)) {
  console.error(`No LZW input at ${lzwPath}.\nGenerate it with:  npm run bench -- --size 8000 --compression lzw --no-gdal`);
  process.exit(1);
}
const limit = Number(values.tiles);
const rounds = Number(values.rounds);
const lzw = await readTiles(lzwPath, limit);
if (lzw.compression !== 5) {
  console.error(`${lzwPath} is not LZW (compression ${lzw.compression})`);
  process.exit(1);
}
const packed = lzw.tiles.reduce((s, t) => s + t.length, 0);
console.log(`${lzwPath}: ${lzw.tiles.length} tiles, ${(packed / 1e6).toFixed(1)} MB LZW → ${((lzw.tiles.length * lzw.tileBytes) / 1e6).toFixed(1)} MB (ratio ${(packed / (lzw.tiles.length * lzw.tileBytes)).toFixed(3)})`);

const l = time(lzw.tiles, (t) => decodeLzw(t, lzw.tileBytes), rounds);
console.log(`decodeLzw     ${l.mbps.toFixed(0).padStart(5)} MB/s (cpu ${l.cpu.toFixed(2)} s for ${(l.outBytes / 1e6).toFixed(0)} MB, best of ${rounds})`);

const deflatePath = lzwPath.replace('-lzw-', '-deflate-');
if (deflatePath !== lzwPath && existsSync(deflatePath)) {
  const defl = await readTiles(deflatePath, limit);
  const d = time(defl.tiles, (t) => inflateSync(t), rounds);
  console.log(`inflateSync   ${d.mbps.toFixed(0).padStart(5)} MB/s (cpu ${d.cpu.toFixed(2)} s, ${deflatePath})`);
  console.log(`LZW / inflate ${(l.mbps / d.mbps).toFixed(2)}×`);
  // Same generator and seed → same pixels: the LZW tiles must decode to the inflated bytes.
  if (defl.tiles.length === lzw.tiles.length && defl.tileBytes === lzw.tileBytes) {
    let same = 0;
    for (let i = 0; i < lzw.tiles.length; i++) if (Buffer.from(decodeLzw(lzw.tiles[i]!, lzw.tileBytes)).equals(inflateSync(defl.tiles[i]!))) same++;
    console.log(`check: ${same}/${lzw.tiles.length} LZW tiles equal their inflated Deflate twin`);
  }
} else {
  console.log(`(no Deflate twin at ${deflatePath}: inflate column skipped)`);
}
