/**
 * Names on the map body, placed by priority so that none covers another or a point symbol:
 * the county seat first, then township names, then the other seats, then rivers. Each label
 * tries its candidate positions in order (a seat's name around its symbol, a township's name
 * at the pole of inaccessibility of its largest part (polylabel) and nudged from there, a
 * river's name along the line); one that finds no free place is dropped and counted.
 */
import type { Feature, Position } from 'geojson';
import polylabel from 'polylabel';
import { featureCode, featureName, type SheetRun } from './sheetData';
import type { Placement } from './placement';
import { MM_PER_PT, type Prim, type Rect, type TextPrim } from './scene';
import type { SheetLayout } from './layout';

const INK = '#1A1A1A';
const RIVER = '#3D85C6';
/** Radius of a seat symbol on paper, mm. */
export const SEAT_RADIUS = 1.2;

type ToPaper = (x: number, y: number) => [number, number];

const label = (x: number, y: number, text: string, size: number, align: TextPrim['align'], color = INK): TextPrim => ({ t: 'text', x, y, text, size, color, align, halo: true });

/** A seat's name around its symbol: right, left, above, below, then the four diagonals. */
function pointCandidates(x: number, y: number, name: string, size: number): TextPrim[] {
  const em = size * MM_PER_PT;
  const d = SEAT_RADIUS + 1.1;
  const mid = y + em * 0.32;
  return [
    label(x + d, mid, name, size, 'left'),
    label(x - d, mid, name, size, 'right'),
    label(x, y - d - em * 0.28, name, size, 'center'),
    label(x, y + d + em * 0.9, name, size, 'center'),
    label(x + d * 0.8, y - d * 0.8, name, size, 'left'),
    label(x + d * 0.8, y + d * 0.8 + em * 0.7, name, size, 'left'),
    label(x - d * 0.8, y - d * 0.8, name, size, 'right'),
    label(x - d * 0.8, y + d * 0.8 + em * 0.7, name, size, 'right'),
  ];
}

/** The rings of a polygon feature's largest part, on paper. */
function largestPart(f: Feature, to: ToPaper): [number, number][][] | null {
  const g = f.geometry;
  const parts: Position[][][] = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
  let best: [number, number][][] | null = null;
  let bestArea = -1;
  for (const part of parts) {
    const rings = part.map((ring) => ring.map((p) => to(p[0]!, p[1]!)));
    const outer = rings[0];
    if (!outer || outer.length < 4) continue;
    let a = 0;
    for (let i = 0, j = outer.length - 1; i < outer.length; j = i++) a += (outer[j]![0] - outer[i]![0]) * (outer[j]![1] + outer[i]![1]);
    if (Math.abs(a) > bestArea) {
      bestArea = Math.abs(a);
      best = rings;
    }
  }
  return best;
}

/** A township's name at its pole of inaccessibility, then nudged up, down, left and right. */
function areaCandidates(f: Feature, to: ToPaper, name: string, size: number): TextPrim[] {
  const rings = largestPart(f, to);
  if (!rings) return [];
  const pole = polylabel(rings, 0.3);
  const em = size * MM_PER_PT;
  const [x, y] = [pole[0], pole[1] + em * 0.32];
  const step = Math.max(em * 1.3, Math.min(pole.distance * 0.5, em * 3));
  return [
    [0, 0], [0, -step], [0, step], [-step * 1.5, 0], [step * 1.5, 0], [0, -2 * step], [0, 2 * step], [-step * 1.5, -step], [step * 1.5, step], [-step * 1.5, step], [step * 1.5, -step],
  ].map(([dx, dy]) => label(x + dx!, y + dy!, name, size, 'center'));
}

/** A river's name above points along its longest line, from the middle outwards. */
function lineCandidates(f: Feature, to: ToPaper, name: string, size: number): TextPrim[] {
  const g = f.geometry;
  const lines: Position[][] = g?.type === 'LineString' ? [g.coordinates] : g?.type === 'MultiLineString' ? g.coordinates : [];
  const line = lines.reduce<Position[]>((a, b) => (b.length > a.length ? b : a), []).map((p) => to(p[0]!, p[1]!));
  if (line.length < 2) return [];
  const cum = [0];
  for (let i = 1; i < line.length; i++) cum.push(cum[i - 1]! + Math.hypot(line[i]![0] - line[i - 1]![0], line[i]![1] - line[i - 1]![1]));
  const total = cum[cum.length - 1]!;
  const at = (t: number): [number, number] => {
    const s = t * total;
    let i = 1;
    while (i < cum.length - 1 && cum[i]! < s) i++;
    const k = (s - cum[i - 1]!) / Math.max(cum[i]! - cum[i - 1]!, 1e-9);
    return [line[i - 1]![0] + k * (line[i]![0] - line[i - 1]![0]), line[i - 1]![1] + k * (line[i]![1] - line[i - 1]![1])];
  };
  const em = size * MM_PER_PT;
  const out: TextPrim[] = [];
  for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9]) {
    const [x, y] = at(t);
    out.push(label(x, y - 0.9, name, size, 'center', RIVER), label(x, y + 0.9 + em * 0.88, name, size, 'center', RIVER));
  }
  return out;
}

/** Whether a seat is the county's own (a 6-digit code, or a name of the county government). */
function isCountySeat(f: Feature): boolean {
  const code = featureCode(f);
  return code.length === 6 || (/县|区|市|旗/.test(featureName(f)) && !/乡|镇|街道/.test(featureName(f)));
}

function seatPoints(f: Feature): Position[] {
  const g = f.geometry;
  return g?.type === 'Point' ? [g.coordinates] : g?.type === 'MultiPoint' ? g.coordinates : [];
}

/**
 * The seat symbols inside the frame (paper mm), occupied in `placement` — before any label is
 * placed, the graticule's included, so that no text covers a seat.
 */
export function seatSymbols(layout: SheetLayout, run: SheetRun, to: ToPaper, frame: Rect, placement: Placement): Prim[] {
  const symbols: Prim[] = [];
  for (const f of run.seats && layout.show.seats ? run.seats.features : []) {
    for (const q of seatPoints(f)) {
      const [x, y] = to(q[0]!, q[1]!);
      if (x < frame.x || y < frame.y || x > frame.x + frame.w || y > frame.y + frame.h) continue;
      symbols.push({ t: 'path', rings: [circle(x, y, SEAT_RADIUS)], closed: true, fill: '#FFFFFF', stroke: INK, width: 0.3, symbol: true });
      symbols.push({ t: 'path', rings: [circle(x, y, 0.45)], closed: true, fill: INK });
      placement.occupy({ x: x - SEAT_RADIUS, y: y - SEAT_RADIUS, w: 2 * SEAT_RADIUS, h: 2 * SEAT_RADIUS }, 'seat');
    }
  }
  return symbols;
}

/** Every name of the map body, placed by priority inside `frame` (paper mm); see {@link seatSymbols}. */
export function mapBodyLabels(layout: SheetLayout, run: SheetRun, to: ToPaper, frame: Rect, placement: Placement): Prim[] {
  const u = Math.min(frame.w, frame.h) / 250;
  const inside: Rect = { x: frame.x + 0.5, y: frame.y + 0.5, w: frame.w - 1, h: frame.h - 1 };
  const labels: Prim[] = [];
  const seats = run.seats && layout.show.seats ? run.seats.features : [];
  const seatSize = 8 * u + 2.5;
  const placeSeats = (county: boolean): void => {
    for (const f of seats) {
      const name = featureName(f);
      if (!name || isCountySeat(f) !== county) continue;
      for (const q of seatPoints(f)) {
        const [x, y] = to(q[0]!, q[1]!);
        const p = placement.placeText('seat', pointCandidates(x, y, name, county ? seatSize * 1.1 : seatSize), inside);
        if (p) labels.push(p);
      }
    }
  };
  const placeNames = (kind: string, features: Feature[], candidates: (f: Feature, name: string) => TextPrim[]): void => {
    for (const f of features) {
      const name = featureName(f);
      const p = name ? placement.placeText(kind, candidates(f, name), inside) : null;
      if (p) labels.push(p);
    }
  };
  placeSeats(true);
  if (run.townships && layout.show.townshipNames) placeNames('township', run.townships.features, (f, name) => areaCandidates(f, to, name, 10 * u + 3));
  placeSeats(false);
  if (run.rivers && layout.show.rivers) placeNames('river', run.rivers.features, (f, name) => lineCandidates(f, to, name, 8 * u + 2.5));
  return labels;
}

/** A circle of radius `r` mm as a 24-gon. */
export function circle(cx: number, cy: number, r: number): [number, number][] {
  return Array.from({ length: 24 }, (_, i) => [cx + r * Math.cos((i * Math.PI) / 12), cy + r * Math.sin((i * Math.PI) / 12)] as [number, number]);
}
