/**
 * The hardened BrowserWindow options, kept apart from the Electron import so tests can
 * check them without an Electron runtime.
 */
import { REVIEW_WINDOW_SWITCH } from '../api/windowRoles';

/**
 * @param preloadPath the built CommonJS preload.
 * @param devTools whether the developer tools may open: only when running from the sources,
 *   never in a packaged app (they would let anyone at the keyboard call every API method).
 * @param review for a review window: its in-memory session partition (its own protocol
 *   handler, so its `riskatlas://data/` serves only what it reviews) and the name of what it
 *   reviews for the title. The preload learns the window's role from the switch in
 *   `additionalArguments`; the editor window has none.
 */
export function windowOptions(preloadPath: string, devTools: boolean, review?: { partition: string; name: string }) {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    title: review ? `RiskAtlas 审核 Review — ${review.name}` : 'RiskAtlas 自然灾害综合风险评估',
    show: false,
    webPreferences: {
      preload: preloadPath,
      ...(review ? { partition: review.partition, additionalArguments: [REVIEW_WINDOW_SWITCH] } : {}),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools,
    },
  } as const;
}

/** The only origin the window may show: the app protocol's `app` host. */
export const APP_ORIGIN = 'riskatlas://app';

/** The schemes the app's pages may load from; `devtools:` only where the developer tools are allowed. */
export function allowedRequest(url: string, devTools: boolean): boolean {
  return /^(riskatlas|blob|data):/.test(url) || (devTools && url.startsWith('devtools:'));
}

/** True for URLs the window may navigate to (the app itself); everything else is blocked. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'riskatlas:' && u.host === 'app';
  } catch {
    return false;
  }
}
