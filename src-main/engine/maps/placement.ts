/**
 * Collision-free placement on a sheet. Everything drawn that a text must not cover — element
 * boxes, text already placed, point symbols — is recorded as an occupied box in an R-tree
 * (rbush); a label is offered a list of candidate positions in order of preference and takes
 * the first that lies inside its allowed area and touches nothing occupied. A label without
 * a free position is dropped and counted, never drawn on top of another.
 */
import RBush from 'rbush';
import { intersects, textBox, type Rect, type TextPrim } from './scene';
import type { PlacementReport } from './placementReport';

interface Occupied {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  what: string;
}

/** Clear space kept around a label so two labels never touch (mm). */
const GAP = 0.4;

const toItem = (r: Rect, what: string, gap = 0): Occupied => ({ minX: r.x - gap, minY: r.y - gap, maxX: r.x + r.w + gap, maxY: r.y + r.h + gap, what });

/** Whether `inner` lies within `outer`. */
export function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x - 1e-9 && inner.y >= outer.y - 1e-9 && inner.x + inner.w <= outer.x + outer.w + 1e-9 && inner.y + inner.h <= outer.y + outer.h + 1e-9;
}

export class Placement {
  private readonly tree = new RBush<Occupied>();
  private readonly dropped: Record<string, number> = {};
  private readonly placed: Record<string, number> = {};
  private readonly overflow: string[] = [];

  /** Mark a box as taken (an element, a symbol, a text placed by its element). */
  occupy(r: Rect, what: string): void {
    this.tree.insert(toItem(r, what));
  }

  /** Whether `r` (grown by the label gap) touches anything occupied. */
  free(r: Rect): boolean {
    return !this.tree.collides(toItem(r, '', GAP));
  }

  /**
   * Place a text at the first candidate whose box lies inside `within` and is free; returns the
   * placed text (its box now occupied) or null when every candidate collides (counted as dropped).
   */
  placeText(kind: string, candidates: TextPrim[], within: Rect): TextPrim | null {
    for (const c of candidates) {
      const b = textBox(c);
      if (contains(within, b) && this.free(b)) {
        this.occupy(b, kind);
        this.placed[kind] = (this.placed[kind] ?? 0) + 1;
        return c;
      }
    }
    this.dropped[kind] = (this.dropped[kind] ?? 0) + 1;
    return null;
  }

  /** Record that an element's text does not fit its box even at the smallest legible size. */
  overflows(element: string): void {
    if (!this.overflow.includes(element)) this.overflow.push(element);
  }

  report(): PlacementReport {
    return { dropped: { ...this.dropped }, placed: { ...this.placed }, overflow: [...this.overflow] };
  }
}

/**
 * Pairs of visible sheet elements whose boxes overlap, e.g. a legend dragged onto the scale
 * bar. The map frame is left out: elements may lie on the map (they are opaque and framed, and
 * the map's labels keep clear of them); the north arrow belongs inside it.
 */
export function elementOverlaps(elements: Record<string, Rect & { visible: boolean }>): [string, string][] {
  const named = Object.entries(elements).filter(([name, b]) => b.visible && name !== 'map');
  return overlappingPairs(named.map(([, b]) => b)).map(([a, b]) => [named[a]![0], named[b]![0]]);
}

/** Boxes of `rects` that overlap another of them: pairs of indices (for checks and tests). */
export function overlappingPairs(rects: Rect[]): [number, number][] {
  const tree = new RBush<Occupied & { i: number }>();
  tree.load(rects.map((r, i) => ({ ...toItem(r, ''), i })));
  const out: [number, number][] = [];
  rects.forEach((r, i) => {
    for (const hit of tree.search(toItem(r, ''))) if (hit.i > i && intersects(r, rects[hit.i]!)) out.push([i, hit.i]);
  });
  return out;
}
