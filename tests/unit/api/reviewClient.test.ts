/**
 * A reviewer's browser (`riskatlas serve --review`) gets the reviewer's methods only: looking
 * and the review record. Every other method of the contract — editing, running, saving,
 * importing, opening or closing what is served, listing this machine's recent projects — is
 * refused before it reaches the session, and so is any method added later unless it is put
 * on the list.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { harness } from './apiHarness';
import { useTempDir } from '../../fixtures/tempDir';
import { apiArgs, type ApiMethod } from '../../../src-main/api/contract';
import { createHandlers } from '../../../src-main/api/handlers';
import { dispatch } from '../../../src-main/api/dispatch';
import { reviewClientHandlers } from '../../../src-main/api/reviewClient';
import { REVIEW_METHODS } from '../../../src-main/api/windowRoles';
import { Session } from '../../../src-main/api/session';

const demo = join(import.meta.dirname, '..', '..', '..', 'resources', 'sample', 'county');
const tmp = useTempDir('ra-review-client-');

describe('the review client of riskatlas serve --review', () => {
  it('may look and record comments and decisions; every other method is refused with E_READ_ONLY and changes nothing', async () => {
    const root = tmp();
    const path = join(root, 'p', 'county.riskatlas');
    mkdirSync(join(root, 'p'));
    const maker = harness();
    await maker.call('project.new', { name: 'county', path });
    await maker.call('layer.import', { path: join(demo, 'pga.tif') });
    await maker.call('project.save');
    await maker.session.close();

    const session = new Session({ workspace: join(root, 'ws') });
    await session.openReview(path);
    const handlers = reviewClientHandlers(createHandlers(session, () => false));
    try {
      const refused: string[] = [];
      for (const method of Object.keys(apiArgs) as ApiMethod[]) {
        if (REVIEW_METHODS.has(method)) continue;
        const r = await (handlers[method] as (a: unknown) => Promise<unknown>)({}).then(
          () => 'answered',
          (e: { code?: string }) => e.code,
        );
        expect(r, method).toBe('E_READ_ONLY');
        refused.push(method);
      }
      // The editing and switching methods are among them, and the review is still open.
      for (const m of ['project.save', 'project.saveAs', 'project.open', 'project.recent', 'model.update', 'layer.import', 'layer.remove', 'job.startRun', 'review.close', 'upload.begin', 'dialog.choose']) expect(refused, m).toContain(m);
      const comment = await dispatch(handlers, 'review.addComment', { x: 1, y: 2, text: '图例缺失', author: '审核员' });
      expect(comment.ok).toBe(true);
      const view = await dispatch(handlers, 'review.view', {});
      expect(view).toMatchObject({ ok: true, value: { comments: [{ text: '图例缺失' }] } });
      expect(await dispatch(handlers, 'project.info', {})).toMatchObject({ ok: true, value: { readOnly: true } });
      // The page learns it is a review client (and shows the review step alone); an editor's does not.
      expect(await dispatch(handlers, 'app.info', {})).toMatchObject({ ok: true, value: { name: 'RiskAtlas', role: 'review' } });
      expect(await dispatch(createHandlers(session, () => false), 'app.info', {})).toMatchObject({ ok: true, value: { role: 'editor' } });
    } finally {
      await session.close();
    }
  });

  it('lists only methods the contract has', () => {
    for (const m of REVIEW_METHODS) expect(Object.keys(apiArgs), m).toContain(m);
  });
});
