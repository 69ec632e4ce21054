/**
 * The engine's plan for the wizard's choices (`wizard.plan`): asked again a moment after the
 * choices stop changing, and only the newest answer is kept, so typing a cell size or an
 * EPSG code never shows a stale grid or CRS.
 */
import { useEffect, useState } from 'react';
import type { StudyAreaChoice, WizardPlan } from '../../../src-main/api/contract';
import { call } from '../api/client';

/** Wait this long after the last change before asking (ms). */
const SETTLE_MS = 250;

export function usePlan(args: { studyArea?: StudyAreaChoice; epsg?: number; cellSize?: number; hazards?: string[] } | null, fail: (err: unknown) => void): { plan: WizardPlan | null; busy: boolean } {
  const [plan, setPlan] = useState<WizardPlan | null>(null);
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify(args);
  useEffect(() => {
    if (!args) {
      setPlan(null);
      return;
    }
    let live = true;
    setBusy(true);
    const timer = setTimeout(() => {
      call('wizard.plan', args)
        .then((p) => live && setPlan(p))
        .catch((err) => live && fail(err))
        .finally(() => live && setBusy(false));
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` stands for `args` (a new object every render).
  }, [key, fail]);
  return { plan, busy };
}
