/**
 * Who may call what. The desktop app's windows and `riskatlas serve`'s clients have a role:
 * an *editor* (every method of the contract) or a *reviewer* (the {@link REVIEW_METHODS}:
 * looking at what is reviewed, and the review record). A reviewer never edits, runs, saves,
 * imports, opens, closes or switches anything — even should the project not be read-only.
 *
 * One list for both shells (serve --review's clients, the desktop app's review window), kept
 * free of imports by value so the sandboxed preload bundles it without anything else.
 */
import type { ApiMethod } from './contract';

/** A window's (or a client's) role. */
export type WindowRole = 'editor' | 'review';

/** The methods of a reviewer: looking at what is reviewed, and the review record. */
export const REVIEW_METHODS: ReadonlySet<ApiMethod> = new Set<ApiMethod>([
  'app.info',
  'project.current',
  'project.info',
  'project.draft',
  'project.runs',
  'model.get',
  'layer.features',
  'map.identify',
  'basemap.tile',
  'indicator.histogram',
  'classes.preview',
  'preview.composite',
  'zoning.defaults',
  'qc.findings',
  'job.status',
  'sheet.catalog',
  'sheet.layout',
  'sheet.preview',
  'review.view',
  'review.item',
  'review.table',
  'review.layer',
  'review.addComment',
  'review.resolveComment',
  'review.decide',
  'review.export',
]);

/** True when a window or client of `role` may call `method` (a name from outside: any string). */
export function roleMayCall(role: WindowRole, method: string): boolean {
  return role === 'editor' || (REVIEW_METHODS as ReadonlySet<string>).has(method);
}

/**
 * The command-line switch the main process gives a review window's renderer
 * (`webPreferences.additionalArguments`), which the preload reads from `process.argv`: the
 * page learns that it is the review window from the main process, not from its own URL.
 */
export const REVIEW_WINDOW_SWITCH = '--riskatlas-window=review';
