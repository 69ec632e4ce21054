import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { windowOptions, isAppUrl } from '../../../src-main/main/windowOptions';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/api/csp';

describe('Electron shell hardening', () => {
  it('creates the window with context isolation, sandbox and no Node integration', () => {
    const w = windowOptions('/x/preload.cjs').webPreferences;
    expect(w).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false });
  });

  it('allows navigation only within the app protocol', () => {
    expect(isAppUrl('riskatlas://app/index.html')).toBe(true);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('riskatlas://data/x')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('has a CSP without remote hosts, eval or inline scripts', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:/);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
  });

  it('blocks new windows and foreign navigation in the main process source', () => {
    const src = readFileSync(new URL('../../../src-main/main/index.ts', import.meta.url), 'utf8');
    expect(src).toContain("setWindowOpenHandler(() => ({ action: 'deny' }))");
    expect(src).toContain("'will-navigate'");
  });

  it('builds the preload as CommonJS (an ESM preload would force sandbox off)', () => {
    const cfg = readFileSync(new URL('../../../electron.vite.config.ts', import.meta.url), 'utf8');
    expect(cfg).toMatch(/format: 'cjs'/);
  });
});
