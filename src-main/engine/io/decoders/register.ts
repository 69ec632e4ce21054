/**
 * Plugging RiskAtlas's block decoders into geotiff.js (`addDecoder`), replacing its own
 * Deflate (pako), LZW and PackBits decoders:
 * - Deflate (8, 32946) through Node's native zlib `inflateSync` — C speed; it blocks the
 *   calling thread, which is a worker thread whenever the engine runs a model;
 * - LZW (5) and PackBits (32773) by ./lzw and ./packbits;
 * - predictors 2 and 3 undone by ./predictor in the file's byte order.
 * geotiff.js reads the registry per compression code at every `readRasters`, so registering
 * once per thread (this module is imported by io/geotiff) covers every reader in that thread.
 */
import { inflateSync } from 'node:zlib';
import { addDecoder, BaseDecoder } from 'geotiff';
import { decodeLzw } from './lzw';
import { decodePackBits } from './packbits';
import { undoPredictor } from './predictor';

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
  };
}

/** Base of our decoders: decompress (subclass), check the size, undo the predictor. */
abstract class BlockDecoder extends BaseDecoder {
  /** geotiff.js stores what blockParameters returned; typed here with our extra fields. */
  private get block(): BlockParameters {
    return this.parameters as unknown as BlockParameters;
  }
  /** Bytes of one full block. */
  protected get blockBytes(): number {
    return this.block.tileWidth * this.block.tileHeight * this.samples * this.bytesPerSample;
  }
  /** Samples interleaved in one block (1 when each band is stored in its own blocks). */
  protected get samples(): number {
    return this.block.planarConfiguration === 2 ? 1 : this.block.samplesPerPixel;
  }
  protected get bytesPerSample(): number {
    const b = this.block.bitsPerSample;
    const first = typeof b === 'number' ? b : Number(b[0] ?? 8);
    return Math.max(1, first >> 3);
  }
  protected abstract inflate(input: Uint8Array): Uint8Array;

  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    return this.decodeBytes(new Uint8Array(buffer)).buffer;
  }

  /** geotiff.js calls decode(); the predictor is undone here, so the base class must not. */
  override async decode(buffer: ArrayBufferLike): Promise<ArrayBufferLike> {
    return this.decodeBlock(buffer);
  }

  private decodeBytes(input: Uint8Array): Uint8Array {
    const p = this.block;
    let out = this.inflate(input);
    const full = this.blockBytes;
    if (out.length < full && p.tiled) throw new Error(`a tile decodes to ${out.length} bytes instead of ${full}`);
    // geotiff.js takes the returned ArrayBuffer whole, so it must be exactly the block.
    // (Small zlib outputs live inside a shared pool; Buffer#slice would not copy, so copy
    // through the Uint8Array constructor.)
    if (out.byteOffset !== 0 || out.buffer.byteLength !== out.length) out = new Uint8Array(out);
    if (p.predictor !== 1) {
      if (p.bitsPerSample !== undefined && typeof p.bitsPerSample !== 'number' && Array.from(p.bitsPerSample).some((b) => b % 8 !== 0 || b !== Number((p.bitsPerSample as ArrayLike<number>)[0]))) {
        throw new Error('a predictor needs byte-sized samples of one size');
      }
      undoPredictor(out, { predictor: p.predictor, width: p.tileWidth, bytesPerSample: this.bytesPerSample, samples: this.samples, littleEndian: p.littleEndian });
    }
    return out;
  }
}

/** Deflate via native zlib; the output buffer is sized to the block, so zlib allocates once. */
class NativeDeflateDecoder extends BlockDecoder {
  protected inflate(input: Uint8Array): Uint8Array {
    const full = this.blockBytes;
    const out = inflateSync(input, { chunkSize: Math.max(64, full) });
    return out.length > full ? out.subarray(0, full) : out;
  }
}

class LzwDecoder extends BlockDecoder {
  protected inflate(input: Uint8Array): Uint8Array {
    return decodeLzw(input, this.blockBytes);
  }
}

class PackBitsDecoder extends BlockDecoder {
  protected inflate(input: Uint8Array): Uint8Array {
    return decodePackBits(input, this.blockBytes);
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
  addDecoder([8, 32946], async () => NativeDeflateDecoder as unknown as typeof BaseDecoder, params, false);
  addDecoder(5, async () => LzwDecoder as unknown as typeof BaseDecoder, params, false);
  addDecoder(32773, async () => PackBitsDecoder as unknown as typeof BaseDecoder, params, false);
}
