import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
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
  const session = new Session();
  srv = await startServer({ session, handlers: createHandlers(session, () => false), staticDir: dir, token: TOKEN });
});
afterAll(() => srv.close());

/** A raw HTTP request, so tests control the Host and Origin headers a browser would send. */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
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
});
