/**
 * The security boundary of the desktop app's API: every IPC call is checked against the role
 * of the window that sent it before anything is dispatched. The main process registers each
 * of its windows (by `webContents.id`) with a role and the handlers of that window's session;
 * a call from a web contents it never registered is refused, and so is a review window's call
 * of a method not on the reviewer's list (windowRoles.ts) — whatever its preload does. Kept
 * apart from the Electron import so it can be tested without an Electron runtime.
 */
import { basename } from 'node:path';
import type { ApiMethod, ApiResponse } from '../api/contract';
import { dispatch, type ApiHandlers } from '../api/dispatch';
import { roleMayCall, type WindowRole } from '../api/windowRoles';
import { appLog } from '../logging/rotatingLog';

/** A window of the app: its role, the handlers of its session, and what it shows (a review window's package or project). */
export interface AppWindow {
  role: WindowRole;
  handlers: ApiHandlers;
  /** The package folder or project file a review window reviews (its name goes into refusals); unset for the editor. */
  reviewed?: string;
}

/** The app's windows by `webContents.id`. */
export class WindowRegistry {
  readonly #windows = new Map<number, AppWindow>();

  add(webContentsId: number, w: AppWindow): void {
    this.#windows.set(webContentsId, w);
  }

  remove(webContentsId: number): void {
    this.#windows.delete(webContentsId);
  }

  /** The window of this web contents, or undefined when the app never made it (or it closed). */
  of(webContentsId: number | undefined): AppWindow | undefined {
    return webContentsId === undefined ? undefined : this.#windows.get(webContentsId);
  }
}

/**
 * Answer one IPC call of `w` (undefined: a sender without a role): refused with E_AUTH when
 * the sender is not one of the app's windows, with E_NOT_ALLOWED (naming the method and what
 * the window reviews, and logged) when its role may not call `method`; dispatched otherwise.
 */
export function gatedCall(w: AppWindow | undefined, method: unknown, args: unknown): Promise<ApiResponse<ApiMethod>> {
  const called = String(method);
  const name = called.slice(0, 64);
  if (!w) {
    appLog()?.warn(`IPC call of ${name} from a web contents that is not a RiskAtlas window: refused`, { code: 'E_AUTH' });
    return Promise.resolve({ ok: false, error: { code: 'E_AUTH', message: `IPC call of ${name} from a web contents that is not a RiskAtlas window` } });
  }
  if (!roleMayCall(w.role, called)) {
    const window = w.reviewed ? basename(w.reviewed) : '';
    appLog()?.warn(`the ${w.role} window called ${name}: refused`, { code: 'E_NOT_ALLOWED', window });
    return Promise.resolve({ ok: false, error: { code: 'E_NOT_ALLOWED', message: `${name} is not for the ${w.role} window: a reviewer looks, comments and decides only`, params: { method: name, window } } });
  }
  return dispatch(w.handlers, called, args);
}
