import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { allowedRequest, windowOptions, isAppUrl } from '../../../src-main/main/windowOptions';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/api/csp';
import { REVIEW_WINDOW_SWITCH } from '../../../src-main/api/windowRoles';

describe('Electron shell hardening', () => {
  it('creates the window with context isolation, sandbox and no Node integration', () => {
    const w = windowOptions('/x/preload.cjs', false).webPreferences;
    expect(w).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false, devTools: false });
    expect(windowOptions('/x/preload.cjs', true).webPreferences.devTools).toBe(true);
  });

  it('gives a review window the same hardening, its own partition and the review switch; the editor window neither', () => {
    const editor = windowOptions('/x/preload.cjs', false);
    const review = windowOptions('/x/preload.cjs', false, { partition: 'riskatlas-review-1', name: 'county.riskatlas' });
    const { partition, additionalArguments, ...rest } = review.webPreferences as typeof review.webPreferences & { partition?: string; additionalArguments?: string[] };
    expect(rest).toEqual(editor.webPreferences);
    expect(partition).toBe('riskatlas-review-1');
    expect(additionalArguments).toEqual([REVIEW_WINDOW_SWITCH]);
    expect(editor.webPreferences).not.toHaveProperty('partition');
    expect(editor.webPreferences).not.toHaveProperty('additionalArguments');
    expect(review.title).toContain('county.riskatlas');
  });

  it('lets pages load only from the app protocol, blob: and data: — devtools: only where the developer tools are allowed', () => {
    for (const url of ['riskatlas://app/index.html', 'riskatlas://data/dem', 'blob:riskatlas://app/1', 'data:image/png;base64,AA==']) expect(allowedRequest(url, false), url).toBe(true);
    for (const url of ['https://cdn.example/x.js', 'http://127.0.0.1:9/', 'file:///etc/passwd', 'ws://evil.example/', 'devtools://devtools/bundled/x']) expect(allowedRequest(url, false), url).toBe(false);
    expect(allowedRequest('devtools://devtools/bundled/x', true)).toBe(true);
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

  it('builds the preload as CommonJS (an ESM preload would force sandbox off)', () => {
    const cfg = readFileSync(new URL('../../../electron.vite.config.ts', import.meta.url), 'utf8');
    expect(cfg).toMatch(/format: 'cjs'/);
  });
});
