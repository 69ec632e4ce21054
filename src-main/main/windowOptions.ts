/**
 * The hardened BrowserWindow options, kept apart from the Electron import so tests can
 * check them without an Electron runtime.
 */
/**
 * @param preloadPath the built CommonJS preload.
 * @param devTools whether the developer tools may open: only when running from the sources,
 *   never in a packaged app (they would let anyone at the keyboard call every API method).
 */
export function windowOptions(preloadPath: string, devTools: boolean) {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    title: 'RiskAtlas 自然灾害综合风险评估',
    show: false,
    webPreferences: {
      preload: preloadPath,
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
