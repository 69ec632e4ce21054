/**
 * The live preview of model edits, shared by the Risk, Classes and Zoning panels: each edit
 * goes to the engine at once (`live.update`, recomputed at full resolution from the kept
 * indicators; coarse above the engine's cell budget), the newest answer wins — an older one
 * arriving late, or one the engine gave up for a newer edit (E_CANCELLED), is dropped — and
 * the last picture asked for is what the map overlay draws until a run's result replaces it.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { LivePreview, ModelDocument } from '../../../src-main/api/contract';
import { ApiError, call } from '../api/client';
import type { Fail } from '../lib/action';

/** Bins of the index histogram the panels draw. */
const HISTOGRAM_BINS = 64;

/** A live result and the number of the edit it answers (edits are numbered as they are sent). */
export interface LiveShown {
  seq: number;
  preview: LivePreview;
}

export interface LiveApi {
  /** The picture the map draws (an edit's grades or zones), null when none. */
  shown: LiveShown | null;
  /** The number of the newest edit sent. */
  requested: number;
  /** A picture is on the map (one has been drawn since the last clear). */
  pictured: boolean;
  /** The map overlay has drawn a picture (a state that changes once: drawing edit after edit re-renders nothing). */
  markDrawn(): void;
  /**
   * Recompute an edit (`doc`; the current model when undefined). With `image` (default) its
   * picture replaces the map's; without, only the statistics come back. Resolves with the
   * answer, or null when a newer edit overtook it or it failed (the failure goes to the error bar).
   */
  request(doc: ModelDocument | undefined, opts?: { view?: 'grades' | 'zones'; image?: boolean }): Promise<LivePreview | null>;
  /** Remove the picture (a run's result shows instead). */
  clear(): void;
}

export function useLive(fail: Fail): LiveApi {
  const [shown, setShown] = useState<LiveShown | null>(null);
  const [requested, setRequested] = useState(0);
  const [pictured, setPictured] = useState(false);
  const seq = useRef(0);
  /** The newest edit sent with a picture, and without: an older answer of the same kind is stale. */
  const newest = useRef({ image: 0, stats: 0 });

  const request = useCallback<LiveApi['request']>(
    async (doc, opts = {}) => {
      const n = ++seq.current;
      const kind = (opts.image ?? true) ? 'image' : 'stats';
      newest.current[kind] = n;
      setRequested(n);
      try {
        const preview = await call('live.update', { ...(doc ? { doc } : {}), view: opts.view ?? 'grades', image: kind === 'image', bins: HISTOGRAM_BINS });
        if (n !== newest.current[kind]) return null;
        if (kind === 'image') setShown({ seq: n, preview });
        return preview;
      } catch (err) {
        if (!(err instanceof ApiError && err.info.code === 'E_CANCELLED') && n === newest.current[kind]) fail(err);
        return null;
      }
    },
    [fail],
  );
  const clear = useCallback(() => {
    // An answer still on its way must not bring the picture back.
    newest.current.image = ++seq.current;
    setShown(null);
    setPictured(false);
  }, []);
  const markDrawn = useCallback(() => setPictured(true), []);
  return useMemo(() => ({ shown, requested, pictured, markDrawn, request, clear }), [shown, requested, pictured, markDrawn, request, clear]);
}
