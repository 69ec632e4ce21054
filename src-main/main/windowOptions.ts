/**
 * The hardened BrowserWindow options, kept apart from the Electron import so tests can
 * check them without an Electron runtime.
 */
export function windowOptions(preloadPath: string) {
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
    },
  } as const;
}

/** The only origin the window may show: the app protocol's `app` host. */
export const APP_ORIGIN = 'riskatlas://app';

/** True for URLs the window may navigate to (the app itself); everything else is blocked. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'riskatlas:' && u.host === 'app';
  } catch {
    return false;
  }
}
