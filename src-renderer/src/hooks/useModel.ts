/**
 * The project's model document through the API: fetched when the project opens, replaced
 * by `model.update` (validated by the engine), undone and redone by `model.undo`/`redo`.
 * The shell holds one instance so the toolbar, shortcuts and every panel see one model.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ModelDocument, ModelState } from '../../../src-main/api/contract';
import { call } from '../api/client';
import type { Fail } from '../lib/action';
import { useAction } from './useAction';

export interface ModelApi {
  state: ModelState | null;
  doc: ModelDocument | null;
  /** Replace the document; resolves false (and reports the error) when the engine refuses it. */
  update(doc: ModelDocument): Promise<boolean>;
  /** Take a state the API returned from another model edit (e.g. classes.setThresholds). */
  accept(state: ModelState): void;
  undo(): Promise<void>;
  redo(): Promise<void>;
  reload(): Promise<void>;
}

/** `projectKey` changes when another project opens; `fail` shows failures. */
export function useModel(projectKey: string | null, fail: Fail): ModelApi {
  const act = useAction(fail);
  const [state, setState] = useState<ModelState | null>(null);

  // A model that cannot be read is shown as none.
  const reload = useCallback(async (): Promise<void> => setState((await act(() => call('model.get', {}))) ?? null), [act]);

  useEffect(() => {
    if (projectKey === null) setState(null);
    else void reload();
  }, [projectKey, reload]);

  const update = useCallback(
    async (doc: ModelDocument): Promise<boolean> =>
      (await act(async () => {
        setState(await call('model.update', { doc }));
        return true;
      })) ?? false,
    [act],
  );
  const step = useCallback(
    (method: 'model.undo' | 'model.redo'): Promise<void> => act(async () => setState(await call(method, {}))),
    [act],
  );
  return { state, doc: state?.doc ?? null, update, accept: setState, undo: () => step('model.undo'), redo: () => step('model.redo'), reload };
}
