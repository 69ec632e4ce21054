/**
 * The loopback server's connection policy, by behaviour (never by measured durations): an
 * unauthenticated connection is closed after its short time while an authenticated one idle
 * as long stays; when the unauthenticated budget is full, the connection waiting longest goes
 * first; authenticated connections keep their share and are never dropped for a newcomer; a
 * request refused before authentication closes its connection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../../src-main/api/server';
import { Session } from '../../../src-main/api/session';
import { createHandlers } from '../../../src-main/api/handlers';
import type { ConnectionLimits } from '../../../src-main/api/connectionGuard';

const TOKEN = 'guard-test-token-0123456789abc';
let srv: RunningServer | null = null;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await srv?.close();
  srv = null;
});

async function serve(limits: Partial<ConnectionLimits>): Promise<RunningServer> {
  const ui = mkdtempSync(join(tmpdir(), 'ra-guard-'));
  writeFileSync(join(ui, 'index.html'), '<!doctype html>');
  const session = new Session({ workspace: mkdtempSync(join(tmpdir(), 'ra-guard-ws-')) });
  srv = await startServer({ session, handlers: createHandlers(session, () => false), staticDir: ui, token: TOKEN, limits });
  return srv;
}

/** A connection with a record of whether the server closed it. */
interface Conn {
  socket: Socket;
  closed: Promise<void>;
  isClosed: () => boolean;
}

/** Open a connection and wait until the server has counted it (its `unauthenticated` count reaches `expectWaiting`). */
async function open(s: RunningServer, expectWaiting?: number): Promise<Conn> {
  let closed = false;
  const socket = connect({ host: '127.0.0.1', port: s.port });
  sockets.push(socket);
  socket.on('error', () => undefined);
  const done = new Promise<void>((r) => socket.once('close', () => ((closed = true), r())));
  await new Promise<void>((r) => socket.once('connect', () => r()));
  if (expectWaiting !== undefined) while (s.connections().unauthenticated !== expectWaiting && !closed) await new Promise((r) => setTimeout(r, 5));
  return { socket, closed: done, isClosed: () => closed };
}

/** Send one authenticated keep-alive request on `c` and wait for its whole answer. */
async function authenticate(s: RunningServer, c: Conn): Promise<void> {
  const answer = new Promise<string>((resolve) => {
    let text = '';
    const onData = (d: Buffer): void => {
      text += d.toString();
      const m = /content-length: (\d+)\r\n/i.exec(text);
      const end = text.indexOf('\r\n\r\n');
      const whole = m ? end >= 0 && text.length >= end + 4 + Number(m[1]) : text.endsWith('\r\n0\r\n\r\n');
      if (whole) {
        c.socket.off('data', onData);
        resolve(text);
      }
    };
    c.socket.on('data', onData);
  });
  c.socket.write(`POST /api/app.info HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nX-RiskAtlas-Token: ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n{}`);
  expect(await answer).toMatch(/^HTTP\/1\.1 200/);
}

describe('the connection budget of riskatlas serve', () => {
  it('closes an unauthenticated connection after its short time; an authenticated one idle as long stays open', async () => {
    const s = await serve({ unauthenticatedTimeoutMs: 300 });
    const a = await open(s);
    await authenticate(s, a);
    const u = await open(s);
    await u.closed; // the server closes it: nothing was sent
    expect(a.isClosed()).toBe(false);
    expect(s.connections()).toEqual({ unauthenticated: 0, authenticated: 1 });
    await authenticate(s, a); // and it still works
  });

  it('drops the unauthenticated connection that has waited longest when a newcomer finds the budget full', async () => {
    const s = await serve({ maxUnauthenticated: 4, maxConnections: 8, unauthenticatedTimeoutMs: 600_000 });
    const u: Conn[] = [];
    for (let i = 1; i <= 4; i++) u.push(await open(s, i));
    const fifth = await open(s);
    await u[0]!.closed;
    expect(u.map((c) => c.isClosed())).toEqual([true, false, false, false]);
    const sixth = await open(s);
    await u[1]!.closed;
    expect([...u, fifth, sixth].map((c) => c.isClosed())).toEqual([true, true, false, false, false, false]);
    expect(s.connections().unauthenticated).toBe(4);
  });

  it('keeps the authenticated share: newcomers drop unauthenticated connections, never authenticated ones, and are refused only when all held are authenticated', async () => {
    const s = await serve({ maxUnauthenticated: 2, maxConnections: 4, unauthenticatedTimeoutMs: 600_000 });
    const a1 = await open(s);
    await authenticate(s, a1);
    const a2 = await open(s);
    await authenticate(s, a2);
    const u1 = await open(s, 1);
    const u2 = await open(s, 2);
    // Full (2 + 2): a newcomer takes the place of the oldest unauthenticated connection.
    const u3 = await open(s);
    await u1.closed;
    expect([a1, a2, u2, u3].map((c) => c.isClosed())).toEqual([false, false, false, false]);
    // Once every held connection is authenticated, a newcomer is refused and nobody is dropped.
    await authenticate(s, u2);
    await authenticate(s, u3);
    expect(s.connections()).toEqual({ unauthenticated: 0, authenticated: 4 });
    const late = await open(s);
    await late.closed;
    expect([a1, a2, u2, u3].map((c) => c.isClosed())).toEqual([false, false, false, false]);
  });

  it('closes the connection of a request refused before authentication (no token, foreign Host)', async () => {
    const s = await serve({});
    for (const head of [`GET / HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\n`, `GET /?token=${TOKEN} HTTP/1.1\r\nHost: evil.example\r\n\r\n`]) {
      const c = await open(s);
      let text = '';
      c.socket.on('data', (d: Buffer) => (text += d.toString()));
      c.socket.write(head);
      await c.closed;
      expect(text).toMatch(/^HTTP\/1\.1 (401|421)/);
      expect(text).toMatch(/connection: close/i);
    }
  });
});
