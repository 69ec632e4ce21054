/**
 * The seam check: where neighbouring counties' grades disagree across their shared border by
 * more than one grade. It looks at the counties' own grades as they delivered them (the
 * mosaic of their grade rasters), cell edge by cell edge: two cells that share an edge and
 * belong to different counties make that edge part of the two counties' shared border; when
 * both are graded (1…k; excluded land and nodata are not compared) and their grades differ by
 * more than one, the edge is a seam. Lengths are measured along cell edges (a border running
 * diagonally to the grid is longer as a staircase, by up to √2).
 *
 * Tiles come in row-major order; each tile is compared with the column to its left and the
 * row above it (kept from the tiles before), so memory is one row of the grid.
 * Seam edges are joined into segments (edges that touch, between the same two counties).
 */
import type { Feature, FeatureCollection, MultiLineString, Position } from 'geojson';
import type { GridSpec } from '../grid/gridSpec';
import type { Tile } from '../pipeline/tiling';
import type { QcReport } from '../qc/runQc';
import type { Finding } from '../qc/rules';

/** Grades more than this far apart across a border are a seam. */
export const SEAM_GRADES = 1;

/** What the check found between two counties (a < b, county indices). */
export interface SeamPair {
  a: number;
  b: number;
  /** Shared border, in cell edges. */
  sharedEdges: number;
  /** Seam edges: grades more than one apart. */
  seamEdges: number;
  /** Largest grade difference across the border. */
  maxDiff: number;
}

/** A stretch of seam between two counties: touching seam edges. */
export interface SeamSegment {
  a: number;
  b: number;
  edges: number;
  /** Length in metres (edges × cell size). */
  lengthM: number;
  /** Smallest and largest grade difference along it. */
  minDiff: number;
  maxDiff: number;
  /** The grades on county a's and county b's side (most common along the segment). */
  gradeA: number;
  gradeB: number;
  /** Midpoint of its middle edge, grid CRS. */
  at: [number, number];
  /** The segment as lines (straight runs of edges), grid CRS. */
  lines: Position[][];
}

/** One seam edge: on the lattice of cell corners, vertical (between columns) or horizontal (between rows). */
interface SeamEdge {
  /** Corner row and column where it starts (north or west end). */
  r: number;
  c: number;
  vertical: boolean;
  /** Grades on county a's and b's side. */
  ga: number;
  gb: number;
}

const pairKey = (a: number, b: number): number => a * 65536 + b;

export class SeamScanner {
  private readonly pairs = new Map<number, SeamPair>();
  private readonly edges = new Map<number, SeamEdge[]>();
  /** The grid's row above the current tile row: grades and counties. */
  private aboveGrade: Uint8Array;
  private aboveOwner: Uint16Array;
  private readonly nextGrade: Uint8Array;
  private readonly nextOwner: Uint16Array;
  /** The last column of the tile to the left. */
  private readonly leftGrade: Uint8Array;
  private readonly leftOwner: Uint16Array;
  private row = -1;

  /**
   * @param grid the roll-up grid
   * @param k the number of grades: grades 1…k are compared; 0 (nodata) and k + 1 (excluded land) are not
   * @param tileSize the tile edge the tiles come in
   */
  constructor(
    private readonly grid: GridSpec,
    private readonly k: number,
    tileSize: number,
  ) {
    this.aboveGrade = new Uint8Array(grid.width);
    this.aboveOwner = new Uint16Array(grid.width);
    this.nextGrade = new Uint8Array(grid.width);
    this.nextOwner = new Uint16Array(grid.width);
    this.leftGrade = new Uint8Array(tileSize);
    this.leftOwner = new Uint16Array(tileSize);
  }

  private edge(o1: number, g1: number, o2: number, g2: number, r: number, c: number, vertical: boolean): void {
    if (o1 === o2 || o1 === 0 || o2 === 0) return;
    const [a, b, ga, gb] = o1 < o2 ? [o1 - 1, o2 - 1, g1, g2] : [o2 - 1, o1 - 1, g2, g1];
    const key = pairKey(a, b);
    let p = this.pairs.get(key);
    if (!p) this.pairs.set(key, (p = { a, b, sharedEdges: 0, seamEdges: 0, maxDiff: 0 }));
    p.sharedEdges++;
    if (ga < 1 || ga > this.k || gb < 1 || gb > this.k) return;
    const diff = Math.abs(ga - gb);
    if (diff > p.maxDiff) p.maxDiff = diff;
    if (diff <= SEAM_GRADES) return;
    p.seamEdges++;
    let list = this.edges.get(key);
    if (!list) this.edges.set(key, (list = []));
    list.push({ r, c, vertical, ga, gb });
  }

  /**
   * Add one tile of the county grades (`grades`, 0 nodata) and county numbers (`owner`, 1-based,
   * 0 outside every county), tiles in row-major order.
   */
  addTile(t: Tile, grades: ArrayLike<number>, owner: ArrayLike<number>): void {
    if (t.row0 !== this.row) {
      if (this.row >= 0) {
        this.aboveGrade.set(this.nextGrade);
        this.aboveOwner.set(this.nextOwner);
      }
      this.row = t.row0;
    }
    const w = t.width;
    for (let r = 0; r < t.height; r++) {
      const gr = t.row0 + r;
      for (let c = 0; c < w; c++) {
        const i = r * w + c;
        const gc = t.col0 + c;
        const o = owner[i]!;
        const g = grades[i]!;
        // The cell to the left (in this tile, or the last column of the previous tile).
        if (gc > 0) {
          const [ol, gl] = c > 0 ? [owner[i - 1]!, grades[i - 1]!] : [this.leftOwner[r]!, this.leftGrade[r]!];
          this.edge(ol, gl, o, g, gr, gc, true);
        }
        // The cell above (in this tile, or the grid row above the tile row).
        if (gr > 0) {
          const [ou, gu] = r > 0 ? [owner[i - w]!, grades[i - w]!] : [this.aboveOwner[gc]!, this.aboveGrade[gc]!];
          this.edge(ou, gu, o, g, gr, gc, false);
        }
      }
      this.leftOwner[r] = owner[r * w + w - 1]!;
      this.leftGrade[r] = grades[r * w + w - 1]!;
    }
    const last = (t.height - 1) * w;
    for (let c = 0; c < w; c++) {
      this.nextOwner[t.col0 + c] = owner[last + c]!;
      this.nextGrade[t.col0 + c] = grades[last + c]!;
    }
  }

  /** Every pair of counties that share a border, by county indices (a < b). */
  result(): { pairs: SeamPair[]; segments: SeamSegment[] } {
    const pairs = [...this.pairs.values()].sort((x, y) => x.a - y.a || x.b - y.b);
    const segments = pairs.flatMap((p) => segmentsOf(p.a, p.b, this.edges.get(pairKey(p.a, p.b)) ?? [], this.grid));
    return { pairs, segments };
  }
}

/** Join touching seam edges into segments (union-find over shared corners). */
function segmentsOf(a: number, b: number, edges: SeamEdge[], grid: GridSpec): SeamSegment[] {
  const parent = edges.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const byCorner = new Map<number, number>();
  const cornerKey = (r: number, c: number): number => r * (grid.width + 1) + c;
  edges.forEach((e, i) => {
    for (const k of [cornerKey(e.r, e.c), e.vertical ? cornerKey(e.r + 1, e.c) : cornerKey(e.r, e.c + 1)]) {
      const j = byCorner.get(k);
      if (j === undefined) byCorner.set(k, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, SeamEdge[]>();
  edges.forEach((e, i) => {
    const root = find(i);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = []));
    g.push(e);
  });
  const x = (c: number): number => grid.originX + c * grid.cellSize;
  const y = (r: number): number => grid.originY - r * grid.cellSize;
  const common = (vs: number[]): number => {
    const n = new Map<number, number>();
    for (const v of vs) n.set(v, (n.get(v) ?? 0) + 1);
    return [...n].sort((p, q) => q[1] - p[1] || p[0] - q[0])[0]![0];
  };
  return [...groups.values()].map((g) => {
    const diffs = g.map((e) => Math.abs(e.ga - e.gb));
    const mid = g[Math.floor(g.length / 2)]!;
    return {
      a,
      b,
      edges: g.length,
      lengthM: g.length * grid.cellSize,
      minDiff: Math.min(...diffs),
      maxDiff: Math.max(...diffs),
      gradeA: common(g.map((e) => e.ga)),
      gradeB: common(g.map((e) => e.gb)),
      at: mid.vertical ? [x(mid.c), y(mid.r + 0.5)] : [x(mid.c + 0.5), y(mid.r)],
      lines: straightRuns(g).map(([r0, c0, r1, c1]) => [[x(c0), y(r0)], [x(c1), y(r1)]]),
    };
  });
}

/** Straight runs of edges: vertical edges in one column and consecutive rows, horizontal ones in one row and consecutive columns. Corners [r0, c0, r1, c1]. */
function straightRuns(edges: SeamEdge[]): [number, number, number, number][] {
  const runs: [number, number, number, number][] = [];
  const vertical = edges.filter((e) => e.vertical).sort((p, q) => p.c - q.c || p.r - q.r);
  const horizontal = edges.filter((e) => !e.vertical).sort((p, q) => p.r - q.r || p.c - q.c);
  for (const e of vertical) {
    const last = runs.at(-1);
    if (last && last[1] === e.c && last[3] === e.c && last[2] === e.r) last[2] = e.r + 1;
    else runs.push([e.r, e.c, e.r + 1, e.c]);
  }
  const firstHorizontal = runs.length;
  for (const e of horizontal) {
    const last = runs.length > firstHorizontal ? runs.at(-1) : undefined;
    if (last && last[0] === e.r && last[2] === e.r && last[3] === e.c) last[3] = e.c + 1;
    else runs.push([e.r, e.c, e.r, e.c + 1]);
  }
  return runs;
}

/** A county as the seam report names it. */
export interface SeamCounty {
  code: string;
  name: string;
  classNames: string[];
}

/** The seam rule of the QC report. */
export const SEAM_RULE = { id: 'SEAM-01', severity: 'warning' as const, title: '相邻县风险等级在共同边界处相差超过一级 / neighbouring counties\u2019 grades differ by more than one grade across their border' };

const km = (m: number): string => (m / 1000).toFixed(2);

/** The seams as a QC report (one finding per segment; `at` in the roll-up CRS) for the QC report writers (CSV, JSON, HTML). */
export function seamQcReport(title: string, segments: SeamSegment[], counties: SeamCounty[]): QcReport {
  const findings: Finding[] = segments.map((s) => {
    const [ca, cb] = [counties[s.a]!, counties[s.b]!];
    const diff = s.minDiff === s.maxDiff ? `${s.maxDiff}` : `${s.minDiff}–${s.maxDiff}`;
    return {
      rule: SEAM_RULE.id,
      severity: SEAM_RULE.severity,
      layer: `${ca.code} ${ca.name} | ${cb.code} ${cb.name}`,
      at: [Math.round(s.at[0] * 100) / 100, Math.round(s.at[1] * 100) / 100],
      message: `边界 ${km(s.lengthM)} km 风险等级相差 ${diff} 级（${ca.name}${ca.classNames[s.gradeA - 1] ?? s.gradeA}，${cb.name}${cb.classNames[s.gradeB - 1] ?? s.gradeB}）/ ${km(s.lengthM)} km of border with grades ${diff} apart`,
    };
  });
  return { model: title, rules: [SEAM_RULE], findings, counts: { error: 0, warning: findings.length, info: 0 } };
}

/** One row per pair of counties that share a border: its length, the seam length and share, the largest grade difference. */
export function seamPairRows(pairs: SeamPair[], segments: SeamSegment[], counties: SeamCounty[], cellSize: number): (string | number)[][] {
  return pairs.map((p) => {
    const [ca, cb] = [counties[p.a]!, counties[p.b]!];
    const n = segments.filter((s) => s.a === p.a && s.b === p.b).length;
    return [ca.code, ca.name, cb.code, cb.name, (p.sharedEdges * cellSize) / 1000, (p.seamEdges * cellSize) / 1000, p.sharedEdges ? Math.round((p.seamEdges / p.sharedEdges) * 1000) / 10 : 0, n, p.maxDiff];
  });
}

/** Header of {@link seamPairRows}. */
export const SEAM_PAIR_HEADER = ['县A代码', '县A名称', '县B代码', '县B名称', '共同边界(km)', '等级相差超过一级(km)', '占比(%)', '段数', '最大等级差'];

/** The segments as line features (roll-up CRS) for the GeoPackage. */
export function seamFeatures(segments: SeamSegment[], counties: SeamCounty[]): FeatureCollection<MultiLineString> {
  const features: Feature<MultiLineString>[] = segments.map((s, i) => ({
    type: 'Feature',
    properties: { BH: i + 1, XA_DM: counties[s.a]!.code, XA_MC: counties[s.a]!.name, XB_DM: counties[s.b]!.code, XB_MC: counties[s.b]!.name, DJ_A: s.gradeA, DJ_B: s.gradeB, DJC: s.maxDiff, CD_KM: Math.round(s.lengthM) / 1000 },
    geometry: { type: 'MultiLineString', coordinates: s.lines },
  }));
  return { type: 'FeatureCollection', features };
}
