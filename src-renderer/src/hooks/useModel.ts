/**
 * The project's model document through the API: fetched when the project opens, replaced
 * by `model.update` (validated by the engine), undone and redone by `model.undo`/`redo`.
 * The shell holds one instance so the toolbar, shortcuts and every panel see one model.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ModelDocument, ModelState } from '../../../src-main/api/contract';
import { call, asApiError, type ApiError } from '../api/client';

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

/** `projectKey` changes when another project opens; `onError` shows failures. */
export function useModel(projectKey: string | null, onError: (e: ApiError) => void): ModelApi {
  const [state, setState] = useState<ModelState | null>(null);

  const reload = useCallback(async (): Promise<void> => {
    try {
      setState(await call('model.get', {}));
    } catch (err) {
      setState(null);
      onError(asApiError(err));
    }
  }, [onError]);

  useEffect(() => {
    if (projectKey === null) setState(null);
    else void reload();
  }, [projectKey, reload]);

  const update = useCallback(
    async (doc: ModelDocument): Promise<boolean> => {
      try {
        setState(await call('model.update', { doc }));
        return true;
      } catch (err) {
        onError(asApiError(err));
        return false;
      }
    },
    [onError],
  );
  const step = useCallback(
    async (method: 'model.undo' | 'model.redo'): Promise<void> => {
      try {
        setState(await call(method, {}));
      } catch (err) {
        onError(asApiError(err));
      }
    },
    [onError],
  );
  return { state, doc: state?.doc ?? null, update, accept: setState, undo: () => step('model.undo'), redo: () => step('model.redo'), reload };
}
