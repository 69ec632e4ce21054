/**
 * Unsaved changes reach the disk by themselves: every change schedules an autosave (the
 * project file's `.autosave` sibling) a few seconds later, so a crash loses at most that.
 */
import type { ProjectContext } from '../context';

/** Note a change: bump the revision where the model changed and schedule an autosave. */
export function touched(ctx: ProjectContext, modelChanged: boolean): void {
  const p = ctx.open();
  if (modelChanged) p.revision++;
  cancelAutosave(ctx);
  ctx.autosaveTimer = setTimeout(() => {
    ctx.autosaveTimer = null;
    if (ctx.project === p && p.file.dirty) void p.file.autosave().catch(() => undefined);
  }, ctx.autosaveDelayMs);
  ctx.autosaveTimer.unref();
}

/** Drop the pending autosave (the project was saved or closed). */
export function cancelAutosave(ctx: ProjectContext): void {
  if (ctx.autosaveTimer) clearTimeout(ctx.autosaveTimer);
  ctx.autosaveTimer = null;
}

/** Write the autosave now (tests; the timer does it otherwise). */
export async function autosaveNow(ctx: ProjectContext): Promise<void> {
  await ctx.open().file.autosave();
}
