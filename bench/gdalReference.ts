/**
 * The same computation with GDAL, as a technician would script it: `gdalinfo -stats` for
 * each layer's min/max, one `gdal_calc.py` for the normalised weighted composite (any
 * input nodata → nodata), `gdal_translate` to a Deflate-tiled GeoTIFF like RiskAtlas's
 * output (predictor 3, zlib level 6). GDAL does not compute natural breaks, grades or
 * township statistics, so it does less work than the RiskAtlas run it is compared with.
 *
 * Each command runs under /usr/bin/time (wall seconds, peak RSS); PAM is off so that no
 * `.aux.xml` statistics are cached between runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { INDICATORS, INPUT_NODATA, WEIGHTS } from './generate';

const GDALINFO = '/usr/bin/gdalinfo';
const GDAL_CALC = '/usr/bin/gdal_calc.py';
const GDAL_TRANSLATE = '/usr/bin/gdal_translate';
const TIME = '/usr/bin/time';
const PYTHON = '/usr/bin/python3';

/** True when the GDAL command-line tools and GNU time are installed. */
export function gdalAvailable(): boolean {
  return [GDALINFO, GDAL_CALC, GDAL_TRANSLATE, TIME, PYTHON].every(existsSync);
}

export interface GdalStep {
  step: string;
  seconds: number;
  peakRssMiB: number;
}

export interface GdalResult {
  steps: GdalStep[];
  seconds: number;
  /** Largest peak RSS of any one command, MiB. */
  peakRssMiB: number;
  composite: string;
  ranges: { min: number; max: number }[];
}

const ENV = { ...process.env, GDAL_PAM_ENABLED: 'NO' };

/** Run one command under GNU time; returns stdout, wall seconds and peak RSS. */
function timed(cmd: string, args: string[], timeFile: string): { stdout: string; seconds: number; peakRssMiB: number } {
  const r = spawnSync(TIME, ['-f', '%e %M', '-o', timeFile, cmd, ...args], { env: ENV, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.toString().slice(-2000)}`);
  const [sec, kb] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  return { stdout: r.stdout.toString(), seconds: sec!, peakRssMiB: kb! / 1024 };
}

/** The gdal_calc expression of the benchmark model (letters A… in INDICATORS order). */
export function calcExpression(ranges: { min: number; max: number }[]): string {
  const letter = (id: string): string => String.fromCharCode(65 + INDICATORS.findIndex((i) => i.id === id));
  const norm = (id: string): string => {
    const { min, max } = ranges[INDICATORS.findIndex((i) => i.id === id)]!;
    return `((${letter(id)}-(${min}))/(${max - min}))`;
  };
  const sum = (w: Record<string, number>): string => Object.entries(w).map(([id, k]) => `${k}*${norm(id)}`).join('+');
  return `${WEIGHTS.risk.H}*(${sum(WEIGHTS.H)})+${WEIGHTS.risk.E}*(${sum(WEIGHTS.E)})+${WEIGHTS.risk.C}*(1-(${sum(WEIGHTS.C)}))`;
}

/**
 * Run the GDAL pipeline on `rasters` (INDICATORS order) into `outDir`.
 * @returns per-step wall time and peak RSS, and the path of the compressed composite
 */
export function runGdal(rasters: string[], outDir: string): GdalResult {
  const steps: GdalStep[] = [];
  const timeFile = join(outDir, 'time.txt');
  const ranges: { min: number; max: number }[] = [];
  for (const [i, path] of rasters.entries()) {
    const r = timed(GDALINFO, ['-stats', '-json', path], timeFile);
    const band = (JSON.parse(r.stdout) as { bands: { minimum?: number; maximum?: number; metadata?: Record<string, Record<string, string>> }[] }).bands[0]!;
    const md = band.metadata?.[''] ?? {};
    // The metadata items carry 14 significant digits; the JSON "minimum"/"maximum" are
    // rounded to 3 decimals, which shifts the normalised values by up to 1e-4.
    ranges.push({ min: Number(md.STATISTICS_MINIMUM ?? band.minimum), max: Number(md.STATISTICS_MAXIMUM ?? band.maximum) });
    steps.push({ step: `gdalinfo -stats ${INDICATORS[i]!.id}`, seconds: r.seconds, peakRssMiB: r.peakRssMiB });
  }
  const raw = join(outDir, 'composite_raw.tif');
  const composite = join(outDir, 'composite.tif');
  rmSync(raw, { force: true });
  rmSync(composite, { force: true });
  const letters = rasters.flatMap((p, i) => [`-${String.fromCharCode(65 + i)}`, p]);
  const calc = timed(GDAL_CALC, [...letters, `--outfile=${raw}`, `--calc=${calcExpression(ranges)}`, '--type=Float32', `--NoDataValue=${INPUT_NODATA}`, '--overwrite', '--quiet'], timeFile);
  steps.push({ step: 'gdal_calc.py composite', seconds: calc.seconds, peakRssMiB: calc.peakRssMiB });
  const tr = timed(GDAL_TRANSLATE, ['-q', '-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES', '-co', 'PREDICTOR=3', '-co', 'ZLEVEL=6', raw, composite], timeFile);
  steps.push({ step: 'gdal_translate Deflate tiled', seconds: tr.seconds, peakRssMiB: tr.peakRssMiB });
  rmSync(raw, { force: true });
  return {
    steps,
    seconds: steps.reduce((s, x) => s + x.seconds, 0),
    peakRssMiB: Math.max(...steps.map((s) => s.peakRssMiB)),
    composite,
    ranges,
  };
}

/** Compare RiskAtlas's index with GDAL's composite (bench/compareComposites.py). */
export function compareComposites(riskatlas: string, gdal: string): { maxAbsDiff: number; validInOnlyOne: number; validCells: number } {
  const script = join(import.meta.dirname, 'compareComposites.py');
  return JSON.parse(execFileSync(PYTHON, [script, riskatlas, gdal], { env: ENV }).toString());
}
