/** Handlers of the review methods (`review.*`). */
import type { ProjectContext } from '../context';
import type { Handlers, PathGuard } from '../handlers';
import type { reviewArgs } from './contract';
import { closeReview, openReview, reviewInPlace } from './mode';
import { reviewLayer, reviewTable } from './show';
import { addComment, decide, exportReview, resolveComment, reviewItem, reviewView } from './records';

export function createReviewHandlers(ctx: ProjectContext, allowed: PathGuard): Handlers<typeof reviewArgs> {
  return {
    'review.open': async ({ path }) => (path === undefined ? reviewInPlace(ctx) : openReview(ctx, allowed(path))),
    'review.close': async () => ({ closed: await closeReview(ctx) }),
    'review.view': async () => reviewView(ctx),
    'review.item': async ({ id }) => reviewItem(ctx, id),
    'review.table': async ({ id }) => reviewTable(ctx, id),
    'review.layer': async ({ id }) => reviewLayer(ctx, id),
    'review.addComment': async (c) => addComment(ctx, c),
    'review.resolveComment': async ({ id, resolved }) => resolveComment(ctx, id, resolved),
    'review.decide': async (d) => decide(ctx, d),
    'review.export': async ({ format }) => exportReview(ctx, format),
  };
}
