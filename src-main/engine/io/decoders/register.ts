/**
 * Plugging RiskAtlas's block decoders into geotiff.js (`addDecoder`), replacing its own
 * Deflate (pako), LZW and PackBits decoders:
 * Deflate (8, 32946) through Node's native zlib, LZW (5) and PackBits (32773), predictors
 * undone in the file's byte order — all by ./block. (RiskAtlas's own window reader,
 * ./blockReader, uses ./block directly; these plug-ins serve the formats it leaves to
 * geotiff.js and any direct use of geotiff.js.)
 * geotiff.js reads the registry per compression code at every `readRasters`, so registering
 * once per thread (this module is imported by io/geotiff) covers every reader in that thread.
 */
import { addDecoder, BaseDecoder } from 'geotiff';
import { decodeBlock, type BlockFormat } from './block';

/** What geotiff.js hands a decoder, plus the file facts our decoders need. */
interface BlockParameters {
  tileWidth: number;
  tileHeight: number;
  predictor: number;
  bitsPerSample: number | number[] | ArrayLike<number>;
  planarConfiguration: number;
  samplesPerPixel: number;
  littleEndian: boolean;
  /** Tiles always decode to a full block; a strip (the last one) may be shorter. */
  tiled: boolean;
  compression: number;
}

/** The subset of geotiff.js's ImageFileDirectory used to build the parameters. */
interface FileDirectoryLike {
  hasTag(name: string): boolean;
  loadValue(name: string): Promise<unknown>;
  deferredArrays?: Map<unknown, { littleEndian?: boolean }>;
}

/**
 * geotiff.js's file directory does not record the file's byte order, which undoing a
 * predictor needs; the reader notes it here for every image it opens.
 */
const byteOrders = new WeakMap<object, boolean>();

/**
 * Record the byte order of an image's file directory (call with `image.fileDirectory` and
 * `image.littleEndian` right after `getImage`). Without it the decoders fall back to a
 * deferred tag array's byte order, and else assume little-endian as geotiff.js itself does.
 */
export function noteByteOrder(fileDirectory: object, littleEndian: boolean): void {
  byteOrders.set(fileDirectory, littleEndian);
}

function byteOrderOf(fd: FileDirectoryLike): boolean {
  const noted = byteOrders.get(fd);
  if (noted !== undefined) return noted;
  for (const arr of fd.deferredArrays?.values() ?? []) if (typeof arr.littleEndian === 'boolean') return arr.littleEndian;
  return true;
}

async function blockParameters(fd: FileDirectoryLike): Promise<BlockParameters> {
  const tiled = !fd.hasTag('StripOffsets');
  const num = async (name: string): Promise<number> => Number(await fd.loadValue(name)) || 0;
  const height = await num('ImageLength');
  return {
    tileWidth: tiled ? await num('TileWidth') : await num('ImageWidth'),
    tileHeight: tiled ? await num('TileLength') : Math.min(height, (await num('RowsPerStrip')) || height),
    planarConfiguration: (await num('PlanarConfiguration')) || 1,
    bitsPerSample: ((await fd.loadValue('BitsPerSample')) as number[] | undefined) ?? [8],
    samplesPerPixel: (await num('SamplesPerPixel')) || 1,
    predictor: (await num('Predictor')) || 1,
    littleEndian: byteOrderOf(fd),
    tiled,
    compression: (await num('Compression')) || 1,
  };
}

/**
 * A geotiff.js decoder running {@link decodeBlock}. geotiff.js calls `decode()`, whose base
 * version would apply the predictor again (in host byte order), so `decode()` is replaced.
 */
class RiskAtlasDecoder extends BaseDecoder {
  private format(): BlockFormat {
    const p = this.parameters as unknown as BlockParameters;
    const b = p.bitsPerSample;
    const bits = typeof b === 'number' ? [b] : Array.from(b, Number);
    if (p.predictor !== 1 && bits.some((x) => x % 8 !== 0 || x !== bits[0])) throw new Error('a predictor needs byte-sized samples of one size');
    return {
      compression: p.compression,
      predictor: p.predictor,
      width: p.tileWidth,
      height: p.tileHeight,
      samples: p.planarConfiguration === 2 ? 1 : p.samplesPerPixel,
      bytesPerSample: Math.max(1, (bits[0] ?? 8) >> 3),
      littleEndian: p.littleEndian,
      tiled: p.tiled,
    };
  }

  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    return decodeBlock(new Uint8Array(buffer), this.format()).buffer;
  }

  override async decode(buffer: ArrayBufferLike): Promise<ArrayBufferLike> {
    return this.decodeBlock(buffer);
  }
}

let registered = false;

/**
 * Register the decoders with geotiff.js for this thread (idempotent unless `again`, which
 * re-registers after something else replaced them, as the read benchmark does). Called when
 * io/geotiff is loaded, so any code reading GeoTIFFs through RiskAtlas uses them.
 */
export function registerFastDecoders(again = false): void {
  if (registered && !again) return;
  registered = true;
  const params = blockParameters as unknown as Parameters<typeof addDecoder>[2];
  // preferWorker=false: geotiff.js's own worker pool is not used; the engine parallelises by tiles.
  const decoder = async () => RiskAtlasDecoder as unknown as typeof BaseDecoder;
  addDecoder([8, 32946], decoder, params, false);
  addDecoder(5, decoder, params, false);
  addDecoder(32773, decoder, params, false);
}
