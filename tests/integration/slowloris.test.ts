/**
 * Serve mode under a slowloris (issue 16, V3, as found): one local process without the token
 * holds more connections than the server has room for, sending headers that never end and
 * reopening every connection the server closes; before, 256 such connections locked every
 * user out. Meanwhile 20 clients with the token keep calling the API — half over kept-alive
 * connections, half opening a new connection for every call — and not one call may fail.
 * The policy itself (connectionGuard.ts) is asserted by behaviour in
 * tests/unit/api/connectionGuard.test.ts; nothing here is timed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src-main/api/server';
import { DEFAULT_LIMITS } from '../../src-main/api/connectionGuard';
import { Session } from '../../src-main/api/session';
import { createHandlers } from '../../src-main/api/handlers';
import { demoModelPath } from '../../src-main/appPaths';

const ATTACK = 320;
const CLIENTS = 20;
const CALLS = 12;
const TOKEN = 'slowloris-test-token-0123456789';

let srv: RunningServer;
let session: Session;
let attacker: ChildProcess;
let attack = { opened: 0, closed: 0, held: 0 };

beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'ra-slowloris-'));
  const ui = join(work, 'ui');
  await mkdir(ui, { recursive: true });
  await writeFile(join(ui, 'index.html'), '<!doctype html><title>RiskAtlas</title>');
  session = new Session({ workspace: join(work, 'projects'), app: 'serve' });
  await session.openModel(demoModelPath());
  srv = await startServer({ session, handlers: createHandlers(session, () => false), staticDir: ui, token: TOKEN });
  attacker = spawn(process.execPath, [join(import.meta.dirname, 'helpers', 'slowloris.mjs'), String(srv.port), String(ATTACK), '200'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buf = '';
  attacker.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) if (l) attack = JSON.parse(l) as typeof attack;
  });
  // The attack is on once all its connections were opened and the server has had to drop some.
  while (attack.opened < ATTACK || attack.closed === 0) await new Promise((r) => setTimeout(r, 50));
}, 120_000);

afterAll(async () => {
  attacker?.kill('SIGKILL');
  await srv?.close();
  await session?.close();
});

/** One API call with the token; resolves with its status and parsed body, rejects on a connection failure. */
function apiCall(agent: Agent | false, method: string): Promise<{ status: number; body: { ok: boolean } }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: '127.0.0.1', port: srv.port, path: `/api/${method}`, method: 'POST', headers: { 'x-riskatlas-token': TOKEN, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as { ok: boolean } }));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

describe(`serve mode under a slowloris of ${ATTACK} connections from one process`, () => {
  it(`${CLIENTS} clients with the token keep working: ${CLIENTS * CALLS} calls, none failed`, async () => {
    const unauthSeen: number[] = [];
    const sampler = setInterval(() => unauthSeen.push(srv.connections().unauthenticated), 20);
    const failures: string[] = [];
    const closedBefore = attack.closed;
    const client = async (c: number): Promise<number> => {
      // Even clients keep one connection alive; odd ones open a new connection for every call.
      const agent = c % 2 === 0 ? new Agent({ keepAlive: true, maxSockets: 1 }) : false;
      let ok = 0;
      for (let i = 0; i < CALLS; i++) {
        const method = i % 2 === 0 ? 'app.info' : 'project.current';
        try {
          const r = await apiCall(agent, method);
          if (r.status === 200 && r.body.ok) ok++;
          else failures.push(`client ${c} call ${i}: HTTP ${r.status}`);
        } catch (err) {
          failures.push(`client ${c} call ${i}: ${(err as Error).message}`);
        }
      }
      if (agent) agent.destroy();
      return ok;
    };
    const done = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    clearInterval(sampler);
    console.log(
      `slowloris: ${ATTACK} attacking connections (${attack.opened} opened, ${attack.closed} closed by the server); ${done.reduce((a, b) => a + b, 0)} of ${CLIENTS * CALLS} calls answered; ` +
        `unauthenticated held at most ${Math.max(...unauthSeen)}`,
    );
    expect(failures).toEqual([]);
    expect(done.every((n) => n === CALLS)).toBe(true);
    // The attack went on all along: the server kept dropping its connections, and never held more of them than its budget.
    expect(attack.closed).toBeGreaterThan(closedBefore);
    expect(Math.max(...unauthSeen)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxUnauthenticated);
  }, 300_000);
});
