/**
 * `npm run bench:read` — how fast a whole N×N Float32 GeoTIFF (tiled 256) is read, with
 * RiskAtlas's decoders (src-main/engine/io/decoders) and with geotiff.js's own, and by GDAL.
 *
 *   npm run bench:read -- [--size 10000] [--compression deflate,lzw] [--decoders ours,geotiffjs]
 *
 * Reads go through the RiskAtlas reader (`openGeoTiff().readWindow`) one row of tiles at a
 * time, as the engine does, in one thread. GDAL reads the same file with its Python
 * bindings, band.ReadAsArray() in 256-row blocks (the Python start-up is included).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { addDecoder, type BaseDecoder } from 'geotiff';
import { openGeoTiff } from '../src-main/engine/io/geotiff';
import { registerFastDecoders } from '../src-main/engine/io/decoders/register';
import { ensureRaster } from './generate';

const CACHE = join(import.meta.dirname, '.cache');
const GEOTIFF_COMPRESSION = new URL('../node_modules/geotiff/dist-module/compression/', import.meta.url);

/** Put geotiff.js's own Deflate/LZW/PackBits decoders back (the registry is per thread). */
function useGeotiffJsDecoders(): void {
  const own = (file: string) => async () => ((await import(new URL(file, GEOTIFF_COMPRESSION).href)) as { default: typeof BaseDecoder }).default;
  addDecoder([8, 32946], own('deflate.js'));
  addDecoder(5, own('lzw.js'));
  addDecoder(32773, own('packbits.js'));
}

async function readAll(path: string): Promise<{ seconds: number; checksum: number }> {
  const t0 = performance.now();
  const src = await openGeoTiff(path);
  let checksum = 0;
  try {
    const { width, height } = src.meta;
    for (let y = 0; y < height; y += 256) {
      const rows = Math.min(256, height - y);
      const v = await src.readWindow(0, y, width, rows);
      // Touch the values so the read cannot be optimised away, and to compare decoders.
      for (let i = 0; i < v.length; i += 997) checksum += v[i]!;
    }
  } finally {
    await src.close();
  }
  return { seconds: (performance.now() - t0) / 1000, checksum };
}

function gdalRead(path: string): number | null {
  if (!existsSync('/usr/bin/python3')) return null;
  const py = 'import sys,time\nfrom osgeo import gdal\nt=time.time()\nd=gdal.Open(sys.argv[1]);b=d.GetRasterBand(1)\nfor y in range(0,d.RasterYSize,256): b.ReadAsArray(0,y,d.RasterXSize,min(256,d.RasterYSize-y))\nprint(time.time()-t)';
  const r = spawnSync('/usr/bin/python3', ['-c', py, path], { env: { ...process.env, GDAL_PAM_ENABLED: 'NO' } });
  return r.status === 0 ? Number(r.stdout.toString().trim()) : null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: 'string', default: '10000' }, compression: { type: 'string', default: 'deflate,lzw' }, decoders: { type: 'string', default: 'ours,geotiffjs' }, seed: { type: 'string', default: '1' } } });
  const size = Number(values.size);
  const rows: string[] = ['| file | decoders | read s | M cells/s |', '| --- | --- | ---: | ---: |'];
  for (const compression of values.compression.split(',') as ('deflate' | 'lzw')[]) {
    process.stderr.write(`raster ${size}² ${compression} …\n`);
    const path = await ensureRaster(CACHE, size, compression, Number(values.seed));
    const sums = new Set<number>();
    for (const dec of values.decoders.split(',')) {
      if (dec === 'geotiffjs') useGeotiffJsDecoders();
      else registerFastDecoders(true);
      const r = await readAll(path);
      sums.add(r.checksum);
      rows.push(`| ${size}² Float32 ${compression} | ${dec === 'ours' ? 'RiskAtlas' : 'geotiff.js 3.0.5'} | ${r.seconds.toFixed(2)} | ${(size * size / r.seconds / 1e6).toFixed(1)} |`);
      process.stderr.write(`${rows.at(-1)}\n`);
    }
    const g = gdalRead(path);
    if (g !== null) rows.push(`| ${size}² Float32 ${compression} | GDAL ${spawnSync('/usr/bin/gdalinfo', ['--version']).stdout.toString().split(',')[0]!.replace('GDAL ', '')} | ${g.toFixed(2)} | ${(size * size / g / 1e6).toFixed(1)} |`);
    if (sums.size > 1) throw new Error(`decoders disagree on ${path}`);
  }
  process.stdout.write(rows.join('\n') + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:read: ${(err as Error).message}\n`);
  process.exit(1);
});
