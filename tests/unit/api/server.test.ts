import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile, mkdir, symlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, MAX_BODY_BYTES, type RunningServer } from '../../../src-main/api/server';
import { Session } from '../../../src-main/api/session';
import { createHandlers } from '../../../src-main/api/handlers';

let srv: RunningServer;
const TOKEN = 'test-token-0123456789';

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ra-static-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>RiskAtlas</title>');
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, '..', 'secret.txt'), 'secret');
  // Links inside the UI folder: one to a file outside, one to a folder outside, one staying inside.
  await symlink(join(dir, '..', 'secret.txt'), join(dir, 'leak.txt'));
  await symlink(join(dir, '..'), join(dir, 'up'));
  await symlink(join(dir, 'assets', 'app.js'), join(dir, 'app-link.js'));
  const session = new Session();
  srv = await startServer({ session, handlers: createHandlers(session, () => false), staticDir: dir, token: TOKEN });
});
afterAll(() => srv.close());

/** A raw HTTP request, so tests control the Host and Origin headers a browser would send. */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: srv.port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${srv.port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const auth = { 'x-riskatlas-token': TOKEN };

describe('loopback server', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the token', () => {
    expect((srv.server.address() as { address: string }).address).toBe('127.0.0.1');
    expect(srv.url).toBe(`http://127.0.0.1:${srv.port}/?token=${TOKEN}`);
  });

  it('refuses requests without the token, or with a wrong one', async () => {
    expect((await raw('/')).status).toBe(401);
    expect((await raw('/api/app.info', { method: 'POST', headers: { 'x-riskatlas-token': 'nope' } })).status).toBe(401);
  });

  it('sets an HttpOnly SameSite=Strict cookie when the page is opened with the token, and honours it', async () => {
    const page = await raw(`/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const api = await raw('/api/app.info', { method: 'POST', headers: { cookie: cookie.split(';')[0]! }, body: '{}' });
    expect(JSON.parse(api.body)).toMatchObject({ ok: true, value: { name: 'RiskAtlas' } });
  });

  it('refuses a foreign Host header (DNS rebinding) and a cross-site Origin', async () => {
    expect((await raw('/', { headers: { ...auth, host: `evil.example:${srv.port}` } })).status).toBe(421);
    expect((await raw('/api/app.info', { method: 'POST', headers: { ...auth, origin: 'http://evil.example' }, body: '{}' })).status).toBe(403);
  });

  it('serves static files only from the renderer folder (no traversal)', async () => {
    expect((await raw('/assets/app.js', { headers: auth })).status).toBe(200);
    const traversal = await raw('/..%2Fsecret.txt', { headers: auth });
    expect(traversal.status).not.toBe(200);
    expect(traversal.body).not.toContain('secret');
  });

  it('sends the strict CSP with every response', async () => {
    const r = await raw('/', { headers: auth });
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['content-security-policy']).toContain("object-src 'none'");
  });

  it('limits API request bodies', async () => {
    const r = await raw('/api/app.info', { method: 'POST', headers: auth, body: 'x'.repeat(MAX_BODY_BYTES + 10) });
    expect(r.status).toBe(413);
  });

  it('validates arguments and returns coded errors', async () => {
    const unknown = JSON.parse((await raw('/api/nope', { method: 'POST', headers: auth, body: '{}' })).body);
    expect(unknown.error.code).toBe('E_METHOD_UNKNOWN');
    const bad = JSON.parse((await raw('/api/job.status', { method: 'POST', headers: auth, body: '{"jobId":"../x"}' })).body);
    expect(bad.error.code).toBe('E_ARG_INVALID');
    const extra = JSON.parse((await raw('/api/app.info', { method: 'POST', headers: auth, body: '{"x":1}' })).body);
    expect(extra.error.code).toBe('E_ARG_INVALID');
    const notJson = await raw('/api/app.info', { method: 'POST', headers: auth, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('refuses to read user paths in serve mode', async () => {
    const r = JSON.parse((await raw('/api/layer.inspect', { method: 'POST', headers: auth, body: JSON.stringify({ path: '/etc/passwd' }) })).body);
    expect(r.error.code).toBe('E_PATH_FORBIDDEN');
  });

  it('answers 404 for unknown layer data', async () => {
    expect((await raw('/data/nope', { headers: auth })).status).toBe(404);
  });

  it('refuses Host headers that only look local (DNS rebinding variants)', async () => {
    for (const host of [`127.0.0.1.evil.example:${srv.port}`, `localhost.evil.example:${srv.port}`, `127.0.0.1:${srv.port + 1}`, '127.0.0.1', `[::1]:${srv.port}`, `0.0.0.0:${srv.port}`]) {
      expect((await raw('/', { headers: { ...auth, host } })).status, host).toBe(421);
    }
    // No Host at all (HTTP/1.0 allows leaving it out), written on a raw socket.
    const reply = await new Promise<string>((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port: srv.port }, () => s.write(`GET / HTTP/1.0\r\nx-riskatlas-token: ${TOKEN}\r\n\r\n`));
      let text = '';
      s.on('data', (c) => (text += c.toString()));
      s.on('end', () => resolve(text));
      s.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.[01] 4(21|00) /);
  });

  it('refuses Origins other than this server (another port, https, null)', async () => {
    for (const origin of [`http://127.0.0.1:${srv.port + 1}`, `https://127.0.0.1:${srv.port}`, 'null', `http://localhost.evil.example:${srv.port}`]) {
      expect((await raw('/api/app.info', { method: 'POST', headers: { ...auth, origin }, body: '{}' })).status, origin).toBe(403);
    }
    expect((await raw('/api/app.info', { method: 'POST', headers: { ...auth, origin: `http://127.0.0.1:${srv.port}` }, body: '{}' })).status).toBe(200);
  });

  it('refuses traversal in every encoding and symbolic links out of the UI folder', async () => {
    const attempts = ['/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/..%5Csecret.txt', '/assets/..%2F..%2Fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/leak.txt', '/up/secret.txt', '/%00', '/%E0%A4%A'];
    for (const path of attempts) {
      const r = await raw(path, { headers: auth });
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.status, path).toBeLessThan(500);
      expect(r.body, path).not.toContain('secret');
    }
    // A link that stays inside the folder is an ordinary file.
    expect((await raw('/app-link.js', { headers: auth })).body).toBe('console.log(1)');
  });

  it('answers malformed URL encodings in API and data paths with 400, not an internal error', async () => {
    expect((await raw('/api/%E0%A4%A', { method: 'POST', headers: auth, body: '{}' })).status).toBe(400);
    expect((await raw('/data/%E0%A4%A', { headers: auth })).status).toBe(400);
    expect((await raw('/data/..%2F..%2Fetc%2Fpasswd', { headers: auth })).status).toBe(404);
  });

  it('refuses a body declared over the limit before reading it, and one streamed over it without a length', async () => {
    // Declared: the server answers 413 at once, without waiting for (or reading) the body.
    const declared = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: srv.port, path: '/api/app.info', method: 'POST', headers: { host: `127.0.0.1:${srv.port}`, ...auth, 'content-length': String(1024 ** 3) } }, (res) => {
        resolve(res.statusCode!);
        res.resume();
        req.destroy();
      });
      req.on('error', reject);
      req.write('x'); // one byte of a claimed gigabyte
    });
    expect(declared).toBe(413);
    // Chunked, no length: cut off once it passes the limit; memory does not follow the sender.
    const before = process.memoryUsage().arrayBuffers;
    const chunked = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port: srv.port, path: '/api/app.info', method: 'POST', headers: { host: `127.0.0.1:${srv.port}`, ...auth, 'transfer-encoding': 'chunked' } }, (res) => {
        resolve(res.statusCode!);
        res.resume();
      });
      req.on('error', () => resolve(-1)); // the server may close the socket while we still write
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect([413, -1]).toContain(chunked);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
    // And the server still answers.
    expect((await raw('/api/app.info', { method: 'POST', headers: auth, body: '{}' })).status).toBe(200);
  });

  it('does not answer on other interfaces than loopback', async () => {
    const { networkInterfaces } = await import('node:os');
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
    for (const address of others) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect({ host: address, port: srv.port });
        s.on('connect', () => (s.destroy(), resolve(false)));
        s.on('error', () => resolve(true));
      });
      expect(refused, address).toBe(true);
    }
  });
});

/** POST an API call with the token to the server on `port`; the parsed JSON answer. */
function postApi(port: number, method: string, args: unknown): Promise<{ ok: boolean; value?: { dataDir?: string }; error?: { code: string } }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `/api/${method}`, method: 'POST', headers: { host: `127.0.0.1:${port}`, ...auth } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
    req.end(JSON.stringify(args));
  });
}

describe('serve mode reads only project-owned paths', () => {
  let demo: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    const ui = await mkdtemp(join(tmpdir(), 'ra-static-'));
    await writeFile(join(ui, 'index.html'), '<!doctype html>');
    const session = new Session({ workspace: await mkdtemp(join(tmpdir(), 'ra-ws-')) });
    demo = await startServer({ session, handlers: createHandlers(session, () => false), staticDir: ui, token: TOKEN });
    const post = (method: string, args: unknown) => postApi(demo.port, method, args);
    expect((await post('project.openDemo', {})).ok).toBe(true);
    // Over HTTP the data folder is told relative to the project's folder (no absolute path of this machine); the test takes it from the session.
    expect((await post('project.info', {})).value!.dataDir).toMatch(/^[^/\\]+\.data$/);
    dataDir = session.context.info()!.dataDir;
    // A link inside the project's own data folder that points out of it.
    await symlink('/etc', join(dataDir, 'etc_link'));
  }, 120_000);
  afterAll(() => demo.close());

  it('every method taking a path refuses paths outside the project, by .., absolutely or through a link (E_PATH_FORBIDDEN)', async () => {
    const call = (method: string, args: unknown) => postApi(demo.port, method, args);
    const hostile = ['/etc/passwd', '../../../../etc/passwd', join(dataDir, '..', '..', 'secret.txt'), join(dataDir, 'etc_link', 'passwd'), join(dataDir, 'etc_link')];
    const methods: [string, (p: string) => unknown][] = [
      ['layer.inspect', (path) => ({ path })],
      ['layer.import', (path) => ({ path })],
      ['project.open', (path) => ({ path })],
      ['project.new', (path) => ({ name: 'x', path })],
      ['project.saveAs', (path) => ({ path })],
      ['review.open', (path) => ({ path })],
      ['basemap.open', (path) => ({ path })],
    ];
    let n = 0;
    for (const [method, args] of methods)
      for (const path of hostile) {
        const r = await call(method, args(path));
        // A method another engineer renamed would answer E_METHOD_UNKNOWN: that must fail here too.
        expect(r.ok ? 'ok' : r.error!.code, `${method} ${path}`).toBe('E_PATH_FORBIDDEN');
        n++;
      }
    expect(n).toBe(35);
  });
});
