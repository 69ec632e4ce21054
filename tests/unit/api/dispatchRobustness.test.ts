import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { harness } from './apiHarness';
import { apiArgs } from '../../../src-main/api/contract';
import { ERROR_CODES } from '../../../src-shared/errors';

const h = harness(() => false);
afterAll(async () => {
  await h.session.close();
});

/** Methods that open or change projects are left out: the point here is bad input, not state. */
const STATEFUL = new Set(['project.openDemo', 'project.new', 'job.startRun']);
const methods = Object.keys(apiArgs).filter((m) => !STATEFUL.has(m));

describe('dispatch never crashes on bad input', () => {
  it('every method, with no project open and arbitrary JSON arguments, answers a coded error or a value — never E_INTERNAL', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), fc.jsonValue({ maxDepth: 3 }), async (method, args) => {
        const r = await h.raw(method, args);
        if (!r.ok) {
          expect(ERROR_CODES).toContain(r.error.code);
          expect(r.error.code).not.toBe('E_INTERNAL');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('unknown keys are refused by every method (strict schemas)', async () => {
    for (const m of Object.keys(apiArgs)) {
      const r = await h.raw(m, { zzUnknownKey: 1 });
      expect(r.ok, m).toBe(false);
      if (!r.ok) expect(r.error.code, m).toBe('E_ARG_INVALID');
    }
  });

  it('with a project open, calls with well-formed but wrong ids answer coded errors', async () => {
    await h.call('project.new', { name: 'robust' });
    const cases: [string, unknown, string][] = [
      ['layer.update', { id: 'nope', name: 'x' }, 'E_ARG_INVALID'],
      ['layer.remove', { id: 'nope' }, 'ok'],
      ['layer.features', { id: 'nope' }, 'E_ARG_INVALID'],
      ['map.identify', { x: 0, y: 0 }, 'ok'],
      ['qc.run', {}, 'E_MODEL_INVALID'],
      ['weights.entropy', { indicators: ['a'] }, 'E_MODEL_INVALID'],
      ['indicator.histogram', { indicator: 'a' }, 'E_MODEL_INVALID'],
      ['classes.preview', { method: 'jenks' }, 'E_ARG_INVALID'],
      ['classes.setThresholds', { thresholds: [0.5] }, 'E_MODEL_INVALID'],
      ['preview.composite', {}, 'E_MODEL_INVALID'],
      ['job.startRun', {}, 'E_MODEL_INVALID'],
      ['job.status', { jobId: 'run-000' }, 'E_ARG_INVALID'],
      ['review.item', { id: 'x.png' }, 'E_FILE_NOT_FOUND'],
      ['review.resolveComment', { id: 5, resolved: true }, 'E_ARG_INVALID'],
      ['project.recover', { accept: true }, 'E_ARG_INVALID'],
      ['model.undo', {}, 'ok'],
      ['layer.importUploads', { uploadIds: ['up-0123456789ab'] }, 'E_UPLOAD'],
    ];
    for (const [m, args, code] of cases) {
      const r = await h.raw(m, args);
      expect(r.ok ? 'ok' : r.error.code, m).toBe(code);
    }
  });
});
