/**
 * What is under review — the deliverables of a package folder or of the project's last run —
 * and the review record kept in the project file: comments pinned to the map, decisions, and
 * the record's export as CSV or JSON.
 */
import { basename } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { Extent } from '../../../src-shared/layer';
import { crsFromEpsg } from '../../engine/crs/registry';
import { listPackage, packageGeoreference, readPackageItem, type PackageItem } from '../../engine/review/package';
import { reviewCsv, reviewJson, type ReviewRecord } from '../../engine/review/reviewExport';
import { readOnlyReason, type ProjectContext } from '../context';
import { touched } from '../project/autosave';
import { save } from '../project/save';
import type { ReviewComment, ReviewDecision, ReviewView } from './contract';

/** The folder whose deliverables are reviewed: the package, or the project's last run folder. */
export function reviewDir(ctx: ProjectContext): string | null {
  const p = ctx.open();
  if (p.review?.kind === 'package') return p.review.source;
  return p.lastRun?.outDir ?? null;
}

/** The CRS and extent of what is reviewed: the project's model and study extent, else the package's provenance. */
async function reviewGeoreference(ctx: ProjectContext, dir: string | null, items: PackageItem[]): Promise<{ epsg: number; extent: Extent } | null> {
  const p = ctx.open();
  if (p.doc && p.extent) return { epsg: p.doc.grid.epsg, extent: p.extent.extent };
  return dir ? packageGeoreference(dir, items) : null;
}

/** What is under review: its deliverables, comments and decisions. Works on any open project. */
export async function reviewView(ctx: ProjectContext): Promise<ReviewView> {
  const p = ctx.open();
  const dir = reviewDir(ctx);
  const decisions = p.file.decisions();
  const items = dir ? await listPackage(dir) : [];
  const geo = await reviewGeoreference(ctx, dir, items);
  return {
    source: p.review?.source ?? p.file.path,
    kind: p.review?.kind ?? 'project',
    items,
    comments: p.file.comments(),
    decisions,
    status: decisions.length ? decisions[decisions.length - 1]!.decision : null,
    georeference: geo ? { ...geo, proj4: crsFromEpsg(geo.epsg).proj4 } : null,
  };
}

/** A deliverable's bytes as a data URL. */
export async function reviewItem(ctx: ProjectContext, id: string): Promise<{ id: string; mime: string; dataUrl: string }> {
  const dir = reviewDir(ctx);
  if (!dir) throw new RiskAtlasError('E_FILE_NOT_FOUND', 'nothing to review yet: compute first', { file: id });
  const { mime, bytes } = await readPackageItem(dir, id);
  return { id, mime, dataUrl: `data:${mime};base64,${Buffer.from(bytes).toString('base64')}` };
}

/**
 * Review records are kept at once where the session does not edit the project (in review, or
 * while another process holds the lock: merged into the file on disk, project/save.ts); for
 * the project's writer they are ordinary unsaved changes.
 */
async function keepReview(ctx: ProjectContext): Promise<void> {
  if (readOnlyReason(ctx.open()) !== null) await save(ctx);
  else touched(ctx, false);
}

/** Pin a comment to a map position (analysis CRS). */
export async function addComment(ctx: ProjectContext, c: { x: number; y: number; text: string; author: string; target?: string }): Promise<ReviewComment> {
  const p = ctx.open();
  const id = p.file.addComment(c);
  await keepReview(ctx);
  return p.file.comments().find((x) => x.id === id)!;
}

/** Mark a comment resolved or open. */
export async function resolveComment(ctx: ProjectContext, id: number, resolved: boolean): Promise<ReviewComment> {
  const p = ctx.open();
  if (!p.file.resolveComment(id, resolved)) throw new RiskAtlasError('E_ARG_INVALID', `no comment ${id}`);
  await keepReview(ctx);
  return p.file.comments().find((x) => x.id === id)!;
}

/**
 * Record approval, or return with reasons (required). Approval with pinned comments still
 * unresolved needs an explicit reason as well; their number is kept with the decision.
 */
export async function decide(ctx: ProjectContext, d: { decision: 'approved' | 'returned'; reasons: string; reviewer: string }): Promise<ReviewDecision> {
  const p = ctx.open();
  if (d.decision === 'returned' && !d.reasons.trim()) throw new RiskAtlasError('E_ARG_INVALID', 'say why the package is returned');
  const unresolved = p.file.comments().filter((c) => !c.resolved).length;
  if (d.decision === 'approved' && unresolved > 0 && !d.reasons.trim()) {
    throw new RiskAtlasError('E_ARG_INVALID', `${unresolved} pinned comment(s) are unresolved: resolve them, or say why the package is approved anyway`, { params: { unresolved } });
  }
  const id = p.file.addDecision({ ...d, unresolved });
  await keepReview(ctx);
  return p.file.decisions().find((x) => x.id === id)!;
}

/** The review record as CSV or JSON text, with a file name to offer for download. */
export async function exportReview(ctx: ProjectContext, format: 'csv' | 'json'): Promise<{ fileName: string; mime: string; text: string }> {
  const p = ctx.open();
  const dir = reviewDir(ctx);
  const geo = await reviewGeoreference(ctx, dir, dir ? await listPackage(dir) : []);
  const record: ReviewRecord = { source: p.review?.source ?? p.file.path, epsg: geo?.epsg ?? null, comments: p.file.comments(), decisions: p.file.decisions() };
  const stem = `review_${basename(record.source).replace(/\.riskatlas$/i, '')}`;
  return format === 'csv'
    ? { fileName: `${stem}.csv`, mime: 'text/csv', text: reviewCsv(record) }
    : { fileName: `${stem}.json`, mime: 'application/json', text: reviewJson(record) };
}
