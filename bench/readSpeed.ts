/**
 * `npm run bench:read` — how fast a whole N×N Float32 GeoTIFF (tiled 256, no predictor)
 * is read, one row of tiles at a time in one thread:
 * - `riskatlas`: the RiskAtlas reader (`openGeoTiff().readWindow`, own block reader);
 * - `plugins`: geotiff.js `readRasters` with RiskAtlas's decoders plugged in (`addDecoder`);
 * - `geotiffjs`: geotiff.js 3.0.5 as shipped (pako Deflate, its LZW);
 * - GDAL through its Python bindings (band.ReadAsArray in 256-row blocks; Python start-up included).
 *
 *   npm run bench:read -- [--size 10000] [--compression deflate,lzw] [--paths riskatlas,plugins,geotiffjs]
 *
 * Wall and CPU seconds are both printed: on a shared machine the CPU time is the steadier figure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { addDecoder, fromFile, type BaseDecoder } from 'geotiff';
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

type Path = 'riskatlas' | 'plugins' | 'geotiffjs';

/** Read every cell, 256 rows at a time; returns seconds and a checksum of sampled cells. */
async function readAll(path: string, how: Path): Promise<{ wall: number; cpu: number; checksum: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let checksum = 0;
  const touch = (v: ArrayLike<number>): void => {
    for (let i = 0; i < v.length; i += 997) checksum += v[i]!;
  };
  if (how === 'riskatlas') {
    const src = await openGeoTiff(path);
    try {
      const { width, height } = src.meta;
      for (let y = 0; y < height; y += 256) touch(await src.readWindow(0, y, width, Math.min(256, height - y)));
    } finally {
      await src.close();
    }
  } else {
    if (how === 'geotiffjs') useGeotiffJsDecoders();
    else registerFastDecoders(true);
    const tiff = await fromFile(path);
    try {
      const img = await tiff.getImage(0);
      const width = img.getWidth();
      const height = img.getHeight();
      for (let y = 0; y < height; y += 256) {
        touch((await img.readRasters({ window: [0, y, width, Math.min(height, y + 256)], interleave: true })) as unknown as ArrayLike<number>);
      }
    } finally {
      await tiff.close();
    }
  }
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, checksum };
}

function gdalRead(path: string): { wall: number; cpu: number } | null {
  if (!existsSync('/usr/bin/python3')) return null;
  const py = 'import sys,time\nfrom osgeo import gdal\nt=time.time();c=time.process_time()\nd=gdal.Open(sys.argv[1]);b=d.GetRasterBand(1)\nfor y in range(0,d.RasterYSize,256): b.ReadAsArray(0,y,d.RasterXSize,min(256,d.RasterYSize-y))\nprint(time.time()-t, time.process_time()-c)';
  const r = spawnSync('/usr/bin/python3', ['-c', py, path], { env: { ...process.env, GDAL_PAM_ENABLED: 'NO' } });
  if (r.status !== 0) return null;
  const [wall, cpu] = r.stdout.toString().trim().split(' ').map(Number);
  return { wall: wall!, cpu: cpu! };
}

const LABEL: Record<Path, string> = { riskatlas: 'RiskAtlas reader', plugins: 'geotiff.js + RiskAtlas decoders', geotiffjs: 'geotiff.js 3.0.5 as shipped' };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: 'string', default: '10000' }, compression: { type: 'string', default: 'deflate,lzw' }, paths: { type: 'string', default: 'riskatlas,plugins,geotiffjs' }, seed: { type: 'string', default: '1' } } });
  const size = Number(values.size);
  const rows: string[] = ['| file | reader | wall s | CPU s | M cells/s (wall) |', '| --- | --- | ---: | ---: | ---: |'];
  const row = (file: string, who: string, wall: number, cpu: number): void => {
    rows.push(`| ${file} | ${who} | ${wall.toFixed(2)} | ${cpu.toFixed(2)} | ${(size * size / wall / 1e6).toFixed(1)} |`);
    process.stderr.write(`${rows.at(-1)}\n`);
  };
  for (const compression of values.compression.split(',') as ('deflate' | 'lzw')[]) {
    process.stderr.write(`raster ${size}² ${compression} …\n`);
    const path = await ensureRaster(CACHE, size, compression, Number(values.seed));
    const file = `${size}² Float32 ${compression}`;
    const sums = new Set<number>();
    for (const how of values.paths.split(',') as Path[]) {
      const r = await readAll(path, how);
      sums.add(r.checksum);
      row(file, LABEL[how], r.wall, r.cpu);
    }
    const g = gdalRead(path);
    if (g) row(file, `GDAL ${spawnSync('/usr/bin/gdalinfo', ['--version']).stdout.toString().split(',')[0]!.replace('GDAL ', '')}`, g.wall, g.cpu);
    if (sums.size > 1) throw new Error(`readers disagree on ${path}`);
  }
  process.stdout.write(rows.join('\n') + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:read: ${(err as Error).message}\n`);
  process.exit(1);
});
