/**
 * The loopback HTTP transport (`riskatlas serve`): the same renderer and the same API
 * contract as the Electron window, for a browser on this machine. Security:
 * - binds 127.0.0.1 only;
 * - a random per-run token, given once in the URL (`/?token=…`), then an HttpOnly,
 *   SameSite=Strict cookie; every request without it gets 401;
 * - Host must be 127.0.0.1/localhost:<port> (DNS rebinding), a cross-site Origin is refused;
 * - static files only from the built renderer folder (no traversal, no symbolic link out), API bodies ≤ 1 MiB;
 * - the same CSP as the Electron window;
 * - the connection budget kept for clients with the token (connectionGuard.ts): a process
 *   without it holding connections open cannot lock them out; idle keep-alive connections
 *   closed; layer data streamed, not buffered;
 * - no absolute path of this machine in what a client is told (remotePaths.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dispatch, type ApiHandlers } from './dispatch';
import { layerResponse } from './layerData';
import type { Session } from './session';
import { CONTENT_SECURITY_POLICY } from './csp';
import { staticFile } from './staticFile';
import { ConnectionGuard, DEFAULT_LIMITS, type ConnectionLimits } from './connectionGuard';
import { scrubPaths, sessionRoots } from './remotePaths';
import type { Socket } from 'node:net';

export const MAX_BODY_BYTES = 1 << 20;
/** Connections held at once (see connectionGuard.ts for how they are shared out). */
export const MAX_CONNECTIONS = DEFAULT_LIMITS.maxConnections;


export interface ServeOptions {
  session: Session;
  handlers: ApiHandlers;
  /** Folder of the built renderer (index.html and assets). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); random otherwise. */
  token?: string;
  /** The connection budget (tests make it small); default {@link DEFAULT_LIMITS}. */
  limits?: Partial<ConnectionLimits>;
}

export interface RunningServer {
  server: Server;
  port: number;
  token: string;
  /** The URL to open (carries the token once). */
  url: string;
  /** Connections held now, by whether a request on them carried the token. */
  connections(): { unauthenticated: number; authenticated: number };
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

/** The headers every response carries: its type, and the hardening the UI relies on. */
function baseHeaders(type: string): Record<string, string> {
  return {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'content-security-policy': CONTENT_SECURITY_POLICY,
  };
}

function send(res: ServerResponse, status: number, body: string | Uint8Array, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...baseHeaders(type), ...extra });
  res.end(body);
}

/** A refusal before authentication: the connection is closed with it (it never joins the authenticated budget). */
function refuse(res: ServerResponse, status: number, body: string): void {
  send(res, status, body, undefined, { connection: 'close' });
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

/** A percent-decoded URL path segment, or null when its encoding is malformed (a 400, not a crash). */
function decodePath(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/**
 * Send a web Response (layer data) without holding it in memory: its body is streamed, so a
 * full read of a large GeoTIFF costs a read buffer, not the file's size. HEAD sends no body.
 */
async function pipeResponse(r: Response, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  r.headers.forEach((v, k) => (headers[k] = v));
  res.writeHead(r.status, { ...baseHeaders(headers['content-type'] ?? 'application/octet-stream'), ...headers });
  if (!r.body || req.method === 'HEAD') {
    await r.body?.cancel();
    res.end();
    return;
  }
  await pipeline(Readable.fromWeb(r.body as import('node:stream/web').ReadableStream<Uint8Array>), res);
}

/** Start the loopback server. Resolves once it listens. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let port = opts.port ?? 0;
  const guard = new ConnectionGuard({ ...DEFAULT_LIMITS, ...opts.limits });
  const ctx = opts.session.context;
  /** What a client may be told: no absolute path of this machine. */
  const forClient = (value: unknown): string => JSON.stringify(scrubPaths(value, sessionRoots(ctx, ctx.workspaceFolder)));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return refuse(res, 421, 'wrong host');
    const origin = req.headers.origin;
    if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return refuse(res, 403, 'cross-origin request refused');
    const url = new URL(req.url ?? '/', `http://${host}`);

    const queryToken = url.searchParams.get('token') ?? undefined;
    const headerToken = typeof req.headers['x-riskatlas-token'] === 'string' ? req.headers['x-riskatlas-token'] : undefined;
    const authed = sameToken(cookieToken(req), token) || sameToken(headerToken, token) || sameToken(queryToken, token);
    if (!authed) return refuse(res, 401, '需要访问令牌：请使用 riskatlas serve 启动时打印的链接。 / Token required: open the URL printed by riskatlas serve.');
    guard.trust(req.socket);
    const cookie = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'POST only');
      // A declared length over the limit is refused before a byte of the body is read.
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return send(res, 413, 'request body too large', undefined, { connection: 'close' });
      const body = await readBody(req);
      if (body === null) return send(res, 413, 'request body too large', undefined, { connection: 'close' });
      let args: unknown;
      try {
        args = body.length ? JSON.parse(body) : {};
      } catch {
        return send(res, 400, JSON.stringify({ ok: false, error: { code: 'E_ARG_INVALID', message: 'the request body is not JSON' } }), 'application/json');
      }
      const method = decodePath(url.pathname.slice(5));
      if (method === null) return send(res, 400, 'malformed URL');
      const result = await dispatch(opts.handlers, method, args);
      return send(res, 200, forClient(result), 'application/json; charset=utf-8', { 'cache-control': 'no-store' });
    }
    if (url.pathname.startsWith('/data/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET only');
      const id = decodePath(url.pathname.slice(6));
      if (id === null) return send(res, 400, 'malformed URL');
      const r = await layerResponse(opts.session, id, req.headers.range ?? null);
      // A failure's JSON names the file that failed: told without its folders.
      if (r.status >= 500) return send(res, r.status, forClient(await r.json()), 'application/json');
      return pipeResponse(r, req, res);
    }
    if (req.method !== 'GET') return send(res, 405, 'GET only');
    const file = await staticFile(opts.staticDir, url.pathname);
    if (file === 'forbidden') return send(res, 403, 'forbidden');
    if (!file) return send(res, 404, 'not found');
    return send(res, 200, file.body, file.type, { 'set-cookie': cookie, 'cache-control': 'no-store' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) send(res, 500, forClient({ ok: false, error: { code: 'E_INTERNAL', message: err.message } }), 'application/json');
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => guard.admit(socket));
  // Clients with the token: slow or idle ones cannot hold a connection for ever either.
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
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
    connections: () => guard.counts(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
