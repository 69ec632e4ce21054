/** A session behind dispatch, as both transports call it, with a typed `call` for tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../../../src-main/api/dispatch';
import { createHandlers } from '../../../src-main/api/handlers';
import { Session } from '../../../src-main/api/session';
import type { ApiMethod, ApiResult } from '../../../src-main/api/contract';
import type { ErrorInfo } from '../../../src-shared/errors';

export interface Harness {
  session: Session;
  workspace: string;
  /** Call through dispatch; resolves with the value, rejects with the ErrorInfo (so `codeOf` works). */
  call<M extends ApiMethod>(method: M, args?: unknown): Promise<ApiResult<M>>;
  /** The raw envelope (for checking error codes and messages). */
  raw(method: string, args?: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorInfo }>;
}

/** A fresh session with its own workspace; `allowPath` as the Electron shell (default: every path) or serve mode (`() => false`). */
export function harness(allowPath: (p: string) => boolean = () => true, shell: Parameters<typeof createHandlers>[2] = {}, opts: { autosaveDelayMs?: number } = {}): Harness {
  const workspace = mkdtempSync(join(tmpdir(), 'ra-api-'));
  const session = new Session({ workspace, ...opts });
  const handlers = createHandlers(session, allowPath, shell);
  const raw = (method: string, args?: unknown) => dispatch(handlers, method, args ?? {});
  return {
    session,
    workspace,
    raw,
    async call(method, args) {
      const r = await raw(method, args);
      if (!r.ok) throw r.error;
      return r.value as never;
    },
  };
}

/**
 * A project at `<dir>/<name>.riskatlas` with one demo layer (the schools), saved and closed
 * (for tests of what other writers find on disk); its path.
 */
export async function savedProject(dir: string, name: string): Promise<string> {
  const h = harness();
  const path = join(dir, `${name}.riskatlas`);
  await h.call('project.new', { name, path });
  await h.call('layer.import', { path: join(import.meta.dirname, '..', '..', '..', 'resources', 'sample', 'county', 'schools.geojson') });
  await h.call('project.save');
  await h.session.close();
  return path;
}
