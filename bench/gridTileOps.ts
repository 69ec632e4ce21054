/**
 * `node --import tsx bench/gridTileOps.ts [--size 8000] [--tile 512] [--reps 3] [--population]` — CPU time of
 * the per-tile grid work of a tiled run, without any I/O: for every tile, the study-area mask
 * (`polygonMask`, once per pass as `TileContext.mask` does), the coverage window of every
 * township (`polygonCoverage`, as `TileContext.grade` does) and the grade tally over those
 * windows (`tallyGrades`).
 *
 * Workload: an N×N grid of 30 m cells in EPSG:4546-like coordinates, a rectangular study area
 * inset off the cell lattice, and 20 townships on a jittered 5 × 4 lattice (as bench/generate.ts
 * lays them out) whose sides are wiggly lines of 75 segments, shared exactly by the neighbours,
 * so every township has ~300 vertices. Grades are synthetic; people per cell only with
 * `--population` (the benchmark model of bench/generate.ts, whose run was profiled, has none).
 *
 * Times are process CPU seconds (user + system, `process.cpuUsage`) per function, summed over
 * all tiles of one sweep; the median of `--reps` sweeps after one warm-up sweep is printed.
 * The machine is shared, so wall time would mostly measure the neighbours. The warm-up sweep
 * also prints a digest of every mask, coverage window and tally: equal digests before and
 * after a change mean bit-identical results.
 */
import type { Feature, Polygon, Position } from 'geojson';
import { parseArgs } from 'node:util';
import { polygonMask } from '../src-main/engine/grid/rasterizePolygons';
import { polygonCoverage, type CoverageWindow } from '../src-main/engine/grid/cellCoverage';
import { mergeTally, tallyGrades, type GradeTally } from '../src-main/engine/classify/gradeStatistics';
import type { GridSpec } from '../src-main/engine/grid/gridSpec';
import { mulberry32 } from '../resources/sample/prng';

const CELL = 30;
const ORIGIN_X = 500_000;
const ORIGIN_Y = 3_500_000;
/** Grades 1…K (0 = outside the study area). */
const K = 5;
/** A run computes the tile's mask in two passes: statistics and grades (the index pass works on kept raw tiles). */
const MASK_PASSES = 2;
const TOWNSHIP_COLS = 5;
const TOWNSHIP_ROWS = 4;
/** Segments per township side. */
const SIDE_SEGMENTS = 75;

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '8000' }, tile: { type: 'string', default: '512' }, reps: { type: 'string', default: '3' }, population: { type: 'boolean', default: false } } });
const N = Number(args.size);
const TILE = Number(args.tile);
const REPS = Number(args.reps);
if (!(N > 0 && TILE > 0 && REPS >= 1)) throw new Error('--size, --tile and --reps must be positive');

const grid: GridSpec = { epsg: 4546, originX: ORIGIN_X, originY: ORIGIN_Y, cellSize: CELL, width: N, height: N };
const ext = N * CELL;

const feature = (coordinates: Position[][]): Feature<Polygon> => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates } });

/** The study area: a rectangle 1 km (not a whole number of cells) inside the grid's edges. */
function studyArea(): Feature[] {
  const a = ORIGIN_X + 1_000.7;
  const b = ORIGIN_X + ext - 1_000.3;
  const s = ORIGIN_Y - ext + 1_000.2;
  const n = ORIGIN_Y - 1_000.9;
  return [feature([[[a, s], [b, s], [b, n], [a, n], [a, s]]])];
}

/**
 * Townships on a jittered lattice. Each lattice side is drawn once as a polyline wiggling
 * across the straight side (the grid's border sides stay straight) and used, reversed where
 * needed, by both townships it separates, so neighbours share their edges exactly.
 */
function townships(seed: number): Feature[] {
  const r = mulberry32(seed);
  const lattice: [number, number][][] = [];
  for (let j = 0; j <= TOWNSHIP_ROWS; j++) {
    lattice.push([]);
    for (let i = 0; i <= TOWNSHIP_COLS; i++) {
      const jx = i > 0 && i < TOWNSHIP_COLS ? (r() - 0.5) * 0.6 : 0;
      const jy = j > 0 && j < TOWNSHIP_ROWS ? (r() - 0.5) * 0.6 : 0;
      lattice[j]!.push([ORIGIN_X + ((i + jx) / TOWNSHIP_COLS) * ext, ORIGIN_Y - ((j + jy) / TOWNSHIP_ROWS) * ext]);
    }
  }
  const sides = new Map<string, Position[]>();
  /** The side from lattice point (i, j) to (i2, j2), without its last point. */
  const side = (i: number, j: number, i2: number, j2: number): Position[] => {
    const key = `${i},${j},${i2},${j2}`;
    const back = sides.get(`${i2},${j2},${i},${j}`);
    // The neighbour's side reversed: this side's start point, then the neighbour's inner points backwards.
    if (back) return [lattice[j]![i]!, ...back.slice(1).reverse()];
    const [ax, ay] = lattice[j]![i]!;
    const [bx, by] = lattice[j2]![i2]!;
    const border = (i === i2 && (i === 0 || i === TOWNSHIP_COLS)) || (j === j2 && (j === 0 || j === TOWNSHIP_ROWS));
    const len = Math.hypot(bx - ax, by - ay);
    const waves = Array.from({ length: 3 }, (_, k) => ({ f: k + 1 + r() * 3, ph: r() * 2 * Math.PI, a: (0.02 / (k + 1)) * len }));
    const pts: Position[] = [];
    for (let s = 0; s < SIDE_SEGMENTS; s++) {
      const t = s / SIDE_SEGMENTS;
      const off = border ? 0 : Math.sin(Math.PI * t) * waves.reduce((acc, w) => acc + w.a * Math.sin(2 * Math.PI * w.f * t + w.ph), 0);
      pts.push([ax + (bx - ax) * t - ((by - ay) / len) * off, ay + (by - ay) * t + ((bx - ax) / len) * off]);
    }
    sides.set(key, pts);
    return pts;
  };
  const out: Feature[] = [];
  for (let j = 0; j < TOWNSHIP_ROWS; j++) {
    for (let i = 0; i < TOWNSHIP_COLS; i++) {
      // Counter-clockwise: SW → SE → NE → NW (row j is north of row j + 1).
      const ring = [...side(i, j + 1, i + 1, j + 1), ...side(i + 1, j + 1, i + 1, j), ...side(i + 1, j, i, j), ...side(i, j, i, j + 1)];
      ring.push(ring[0]!);
      out.push(feature([ring]));
    }
  }
  return out;
}

/** FNV-1a over 32-bit words, for the result digest. */
class Digest {
  private h = 0x811c9dc5;
  words(a: ArrayBufferView): void {
    const w = new Uint32Array(a.buffer, a.byteOffset, a.byteLength >> 2);
    let h = this.h;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w[i]!, 0x01000193);
    this.h = h;
  }
  bytes(a: Uint8Array): void {
    let h = this.h;
    for (let i = 0; i < a.length; i++) h = Math.imul(h ^ a[i]!, 0x01000193);
    this.h = h;
  }
  ints(...xs: number[]): void {
    this.words(Int32Array.from(xs));
  }
  hex(): string {
    return (this.h >>> 0).toString(16).padStart(8, '0');
  }
}

const study = studyArea();
const units = townships(1);
const vertices = units.reduce((s, u) => s + (u.geometry as Polygon).coordinates[0]!.length - 1, 0);

interface Sweep {
  mask: number;
  coverage: number;
  tally: number;
  digest?: string;
}

/** CPU microseconds (user + system) since `from`. */
const cpuSince = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return d.user + d.system;
};

function sweep(withDigest: boolean): Sweep {
  const t: Sweep = { mask: 0, coverage: 0, tally: 0 };
  const digest = withDigest ? new Digest() : null;
  let total: GradeTally | null = null;
  for (let row0 = 0; row0 < N; row0 += TILE) {
    for (let col0 = 0; col0 < N; col0 += TILE) {
      const tg: GridSpec = { ...grid, originX: ORIGIN_X + col0 * CELL, originY: ORIGIN_Y - row0 * CELL, width: Math.min(TILE, N - col0), height: Math.min(TILE, N - row0) };
      let c0 = process.cpuUsage();
      let mask = polygonMask(tg, study);
      for (let p = 1; p < MASK_PASSES; p++) mask = polygonMask(tg, study);
      t.mask += cpuSince(c0);

      c0 = process.cpuUsage();
      const covers: (CoverageWindow | null)[] = units.map((u) => polygonCoverage(tg, u.geometry));
      t.coverage += cpuSince(c0);

      // Synthetic grades (bands across the grid) and people, made outside the timed work.
      const grades = new Uint8Array(tg.width * tg.height);
      const people = args.population ? new Float64Array(grades.length) : undefined;
      for (let r = 0; r < tg.height; r++) {
        for (let c = 0; c < tg.width; c++) {
          const i = r * tg.width + c;
          const gc = col0 + c;
          const gr = row0 + r;
          grades[i] = mask[i] ? 1 + (((gc * 7 + gr * 13) >> 9) % K) : 0;
          if (people) people[i] = ((gc * 31 + gr * 17) % 23) * 0.37;
        }
      }
      c0 = process.cpuUsage();
      const tally = tallyGrades(grades, K, units.length, covers, people, tg.width);
      t.tally += cpuSince(c0);

      total = total ? mergeTally(total, tally) : tally;
      if (digest) {
        digest.bytes(mask);
        for (const w of covers) {
          if (!w) digest.ints(-1);
          else {
            digest.ints(w.col0, w.row0, w.width, w.height);
            digest.words(w.fraction);
          }
        }
      }
    }
  }
  if (digest && total) {
    digest.words(total.cells);
    digest.words(total.people);
    digest.words(total.unitCells);
    digest.words(total.unitPeople);
    t.digest = digest.hex();
  }
  return t;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const tiles = Math.ceil(N / TILE) ** 2;
console.log(`grid ${N}×${N} cells of ${CELL} m, ${tiles} tiles of ${TILE}², ${units.length} townships (${vertices} vertices), mask × ${MASK_PASSES} passes, ${args.population ? 'with' : 'no'} population`);
const warm = sweep(true);
console.log(`digest ${warm.digest} (warm-up sweep: mask ${(warm.mask / 1e6).toFixed(3)} s, coverage ${(warm.coverage / 1e6).toFixed(3)} s, tally ${(warm.tally / 1e6).toFixed(3)} s)`);
const runs = Array.from({ length: REPS }, () => sweep(false));
const row = (name: string, key: 'mask' | 'coverage' | 'tally', what: string): string => {
  const xs = runs.map((s) => s[key] / 1e6);
  return `| ${name} | ${what} | ${median(xs).toFixed(3)} | ${xs.map((x) => x.toFixed(3)).join(' / ')} |`;
};
console.log(`\n| function | calls per sweep | CPU s (median of ${REPS}) | all sweeps |\n|---|---|---|---|`);
console.log(row('polygonMask', 'mask', `${tiles * MASK_PASSES}`));
console.log(row('polygonCoverage', 'coverage', `${tiles * units.length}`));
console.log(row('tallyGrades', 'tally', `${tiles}`));
