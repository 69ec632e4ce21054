/**
 * The Content-Security-Policy of the UI, the same for the Electron window (response
 * header of the app protocol) and the loopback server: only the app's own code, no remote
 * host of any kind, layer data from the app protocol or the same origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self' riskatlas:",
  "worker-src 'self' blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
