/**
 * The contract's part for review mode: a delivered package or a project opened read-only,
 * its deliverables, comments pinned to the map, the bureau's decision, and the record's export.
 */
import { z } from 'zod';
import type { Extent } from '../../../src-shared/layer';
import type { ReviewComment } from '../../engine/review/reviewExport';
import type { ReviewTable } from '../../engine/review/reviewTable';
import type { LayerEntry } from '../layers/contract';
import { empty, finite, userPath } from '../schemas';

export type { ReviewComment, ReviewTable };

export type ReviewDecisionKind = 'approved' | 'returned';

/** The bureau's decision on a package or project. */
export interface ReviewDecision {
  id: number;
  decision: ReviewDecisionKind;
  /** Why it is returned (required then), or remarks. */
  reasons: string;
  reviewer: string;
  created: string;
  /** Pinned comments still unresolved when the decision was made. */
  unresolved: number;
}

/** A deliverable a reviewer can look at. */
export interface ReviewItem {
  id: string;
  kind: 'map' | 'raster' | 'table' | 'vector' | 'document';
  name: string;
  /** File name inside the package or run folder. */
  file: string;
  bytes: number;
}

/** What review mode shows: what is being reviewed, its items, comments and decisions. */
export interface ReviewView {
  /** The package folder or project file under review. */
  source: string;
  kind: 'package' | 'project';
  items: ReviewItem[];
  comments: ReviewComment[];
  decisions: ReviewDecision[];
  /** The latest decision, or null while undecided. */
  status: ReviewDecisionKind | null;
  /**
   * The CRS and extent the maps and comment coordinates are in (the project's model, or the
   * package's provenance.json: its risk_grade.png covers exactly this extent); null when unknown.
   */
  georeference: { epsg: number; proj4: string; extent: Extent } | null;
}

export const reviewArgs = {
  /**
   * Open a delivered package (folder) or a project read-only for review. Without `path`:
   * review the open project where it is — it is saved, then read-only until `review.close`
   * (how review mode is reached in serve mode, where no path may be given).
   */
  'review.open': z.object({ path: userPath.optional() }).strict(),
  /** Leave review mode: a project reviewed in place becomes editable again; anything opened for review is closed. */
  'review.close': empty,
  'review.view': empty,
  /** A review item's bytes as a data URL (maps as PNG/PDF, tables as CSV text). */
  'review.item': z.object({ id: z.string().min(1).max(200) }).strict(),
  /** A table item's rows (CSV, or each worksheet of an XLSX), bounded in rows and columns. */
  'review.table': z.object({ id: z.string().min(1).max(200) }).strict(),
  /** A raster or vector item as a map layer: registered like the project's layers, drawn by the map from its data URL. */
  'review.layer': z.object({ id: z.string().min(1).max(200) }).strict(),
  'review.addComment': z.object({ x: finite, y: finite, text: z.string().trim().min(1).max(4000), author: z.string().trim().min(1).max(100), target: z.string().max(200).optional() }).strict(),
  'review.resolveComment': z.object({ id: z.number().int().positive(), resolved: z.boolean() }).strict(),
  /**
   * Approve, or return with reasons (required). Approving while pinned comments are unresolved
   * needs reasons too — why the package passes anyway; the count goes into the decision record.
   */
  'review.decide': z.object({ decision: z.enum(['approved', 'returned']), reasons: z.string().trim().max(4000).default(''), reviewer: z.string().trim().min(1).max(100) }).strict(),
  'review.export': z.object({ format: z.enum(['csv', 'json']) }).strict(),
} as const;

export interface ReviewResults {
  'review.open': ReviewView;
  'review.close': { closed: boolean };
  'review.view': ReviewView;
  'review.item': { id: string; mime: string; dataUrl: string };
  'review.table': ReviewTable;
  'review.layer': LayerEntry;
  'review.addComment': ReviewComment;
  'review.resolveComment': ReviewComment;
  'review.decide': ReviewDecision;
  'review.export': { fileName: string; mime: string; text: string };
}
