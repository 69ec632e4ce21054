/**
 * What a review client may call. `riskatlas serve --review` hands a package or a project to
 * reviewers' browsers: they look (views, layers, identify, previews, map sheets) and record
 * comments and decisions — they never edit, run, save, import, or switch what is served, even
 * should the project not be read-only. Everything else answers E_READ_ONLY before it reaches
 * the session. The list is the desktop app's review window's too (windowRoles.ts).
 */
import { RiskAtlasError } from '../../src-shared/errors';
import type { ApiMethod } from './contract';
import type { ApiHandlers } from './dispatch';
import { REVIEW_METHODS } from './windowRoles';

/** `handlers` as a review client gets them: the {@link REVIEW_METHODS}, and a refusal for every other method. */
export function reviewClientHandlers(handlers: ApiHandlers): ApiHandlers {
  const out = { ...handlers } as Record<ApiMethod, (args: never) => Promise<unknown>>;
  for (const method of Object.keys(handlers) as ApiMethod[]) {
    if (REVIEW_METHODS.has(method)) continue;
    out[method] = () => Promise.reject(new RiskAtlasError('E_READ_ONLY', `${method} is not for a review client: a reviewer records comments and decisions only`));
  }
  const reviewer = out as ApiHandlers;
  // The client learns that it reviews (and shows the review step alone, not an editor's wizard).
  reviewer['app.info'] = async (args) => ({ ...(await handlers['app.info'](args)), role: 'review' });
  return reviewer;
}
