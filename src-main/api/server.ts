/**
 * The loopback HTTP transport (`riskatlas serve`): the same renderer and the same API
 * contract as the Electron window, for a browser on this machine. Security:
 * - binds 127.0.0.1 only;
 * - a random per-run token, given once in the URL (`/?token=…`), then an HttpOnly,
 *   SameSite=Strict cookie; every request without it gets 401;
 * - Host must be 127.0.0.1/localhost:<port> (DNS rebinding), a cross-site Origin is refused;
 * - static files only from the built renderer folder (no traversal), API bodies ≤ 1 MiB;
 * - the same CSP as the Electron window.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { dispatch, type ApiHandlers } from './dispatch';
import { layerResponse } from './layerData';
import type { Session } from './session';
import { CONTENT_SECURITY_POLICY } from './csp';

export const MAX_BODY_BYTES = 1 << 20;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
};

export interface ServeOptions {
  session: Session;
  handlers: ApiHandlers;
  /** Folder of the built renderer (index.html and assets). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); random otherwise. */
  token?: string;
}

export interface RunningServer {
  server: Server;
  port: number;
  token: string;
  /** The URL to open (carries the token once). */
  url: string;
  close(): Promise<void>;
}

const COOKIE = 'riskatlas_token';

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: string | Uint8Array, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    ...extra,
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function pipeResponse(r: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  r.headers.forEach((v, k) => (headers[k] = v));
  send(res, r.status, new Uint8Array(await r.arrayBuffer()), headers['content-type'] ?? 'application/octet-stream', headers);
}

/** Start the loopback server. Resolves once it listens. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let port = opts.port ?? 0;
  const staticRoot = normalize(opts.staticDir + sep);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, 'wrong host');
    const origin = req.headers.origin;
    if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return send(res, 403, 'cross-origin request refused');
    const url = new URL(req.url ?? '/', `http://${host}`);

    const queryToken = url.searchParams.get('token') ?? undefined;
    const headerToken = typeof req.headers['x-riskatlas-token'] === 'string' ? req.headers['x-riskatlas-token'] : undefined;
    const authed = sameToken(cookieToken(req), token) || sameToken(headerToken, token) || sameToken(queryToken, token);
    if (!authed) return send(res, 401, '需要访问令牌：请使用 riskatlas serve 启动时打印的链接。 / Token required: open the URL printed by riskatlas serve.');
    const cookie = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'POST only');
      const body = await readBody(req);
      if (body === null) return send(res, 413, 'request body too large');
      let args: unknown;
      try {
        args = body.length ? JSON.parse(body) : {};
      } catch {
        return send(res, 400, JSON.stringify({ ok: false, error: { code: 'E_ARG_INVALID', message: 'the request body is not JSON' } }), 'application/json');
      }
      const result = await dispatch(opts.handlers, decodeURIComponent(url.pathname.slice(5)), args);
      return send(res, 200, JSON.stringify(result), 'application/json; charset=utf-8', { 'cache-control': 'no-store' });
    }
    if (url.pathname.startsWith('/data/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET only');
      return pipeResponse(await layerResponse(opts.session, decodeURIComponent(url.pathname.slice(6)), req.headers.range ?? null), res);
    }
    if (req.method !== 'GET') return send(res, 405, 'GET only');
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = normalize(join(staticRoot, rel));
    if (!file.startsWith(staticRoot)) return send(res, 403, 'forbidden');
    try {
      const body = await readFile(file);
      return send(res, 200, body, TYPES[extname(file)] ?? 'application/octet-stream', { 'set-cookie': cookie, 'cache-control': 'no-store' });
    } catch {
      return send(res, 404, 'not found');
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ ok: false, error: { code: 'E_INTERNAL', message: err.message } }), 'application/json');
      else res.destroy();
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    server,
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
