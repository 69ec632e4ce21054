/**
 * Entering and leaving review mode. A reviewer opens a delivered package folder or a project
 * read-only, or switches the open project to review where it is; model and catalogue edits
 * are then refused with E_READ_ONLY, while comments and decisions are recorded.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { ProjectFile } from '../../store/projectFile';
import type { ProjectContext } from '../context';
import { adopt, closeProject, openProject } from '../project/open';
import { save } from '../project/save';
import type { ReviewView } from './contract';
import { reviewView } from './records';

/** The review record of a package folder lives in this project file inside it. */
export const PACKAGE_REVIEW_FILE = 'review.riskatlas';

/**
 * Open for review, read-only: a project file (its comments and decisions go into it), or a
 * delivered package folder (they go into `review.riskatlas` inside the folder, created on
 * first use).
 */
export async function openReview(ctx: ProjectContext, path: string): Promise<ReviewView> {
  const abs = resolve(path);
  const st = await stat(abs).catch(() => null);
  if (!st) throw new RiskAtlasError('E_FILE_NOT_FOUND', 'nothing to review at this path', { file: path });
  if (st.isDirectory()) {
    const reviewPath = join(abs, PACKAGE_REVIEW_FILE);
    const file = existsSync(reviewPath) ? await ProjectFile.open(reviewPath) : await ProjectFile.create(reviewPath, basename(abs)).catch((err: unknown) => {
      throw err instanceof RiskAtlasError ? err : new RiskAtlasError('E_WRITE', `the review record cannot be written in the package folder: ${(err as Error).message}`, { file: reviewPath });
    });
    await adopt(ctx, file, true, false, { reviewRecord: true });
    ctx.project!.review = { source: abs, kind: 'package' };
  } else {
    await openProject(ctx, abs, { readOnly: true });
    ctx.project!.review = { source: abs, kind: 'project' };
  }
  return reviewView(ctx);
}

/** Review the open project where it is: saved first, then read-only until {@link closeReview}. */
export async function reviewInPlace(ctx: ProjectContext): Promise<ReviewView> {
  const p = ctx.open();
  if (!p.readOnly) {
    await save(ctx);
    p.readOnly = true;
    p.review = { source: p.file.path, kind: 'project', inPlace: true };
  }
  return reviewView(ctx);
}

/** Leave review mode: a project reviewed in place is editable again; a package or project opened for review is closed. False when not reviewing. */
export async function closeReview(ctx: ProjectContext): Promise<boolean> {
  const p = ctx.project;
  if (!p?.review) return false;
  if (p.review.inPlace) {
    p.readOnly = false;
    delete p.review;
    return true;
  }
  return closeProject(ctx);
}
