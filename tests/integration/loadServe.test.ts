/**
 * Serve mode under load: 50 review clients at once on 127.0.0.1, each doing what the review
 * page does — open the page, call the API (app info, the project, the model, a page of a
 * layer's attribute table, identify at a point), fetch GeoTIFF tiles by HTTP Range and a
 * vector layer whole. Every request must succeed with the right bytes, each within a time
 * bound, the whole round within another; after a warm-up round, further rounds must not
 * grow the heap (measured after a full garbage collection). The number of connections the
 * server holds stays bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'node:http';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startServer, MAX_CONNECTIONS, type RunningServer } from '../../src-main/api/server';
import { Session } from '../../src-main/api/session';
import { createHandlers } from '../../src-main/api/handlers';
import { demoModelPath } from '../../src-main/appPaths';
import type { LayerEntry, ProjectView } from '../../src-main/api/contract';

const CLIENTS = 50;
const ROUNDS = 4;
const TILE_BYTES = 16 * 1024;
/** Bounds: any single request, and one round of all clients. Generous: they catch hangs, not slowness (speed is measured, printed, not asserted), on a 2-core machine shared with other jobs. */
const REQUEST_MS = 60_000;
const ROUND_MS = 180_000;
/** Heap growth allowed from the round after warm-up to the last (caches are filled in warm-up). */
const HEAP_GROWTH = 16 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let srv: RunningServer;
let view: ProjectView;
let rasters: { entry: LayerEntry; bytes: Buffer }[];
let vector: LayerEntry;
const TOKEN = 'load-test-token-0123456789';
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
let peakConnections = 0;

beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'ra-load-'));
  const ui = join(work, 'ui');
  await mkdir(join(ui, 'assets'), { recursive: true });
  await writeFile(join(ui, 'index.html'), '<!doctype html><title>RiskAtlas</title><script src="/assets/app.js"></script>');
  await writeFile(join(ui, 'assets', 'app.js'), 'console.log("review")'.repeat(5000));
  const session = new Session({ workspace: join(work, 'projects') });
  view = await session.openModel(demoModelPath());
  srv = await startServer({ session, handlers: createHandlers(session, () => false), staticDir: ui, token: TOKEN });
  rasters = view.layers.filter((l) => l.meta.kind === 'raster').map((entry) => ({ entry, bytes: readFileSync(session.dataSource(entry.id)!.path) }));
  vector = view.layers.find((l) => l.meta.kind === 'vector' && l.category === 'admin')!;
  srv.server.on('connection', () => srv.server.getConnections((_e, n) => (peakConnections = Math.max(peakConnections, n))));
}, 120_000);
afterAll(async () => {
  agent.destroy();
  await srv?.close();
});

interface Reply {
  status: number;
  body: Buffer;
  ms: number;
}

function call(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: '127.0.0.1', port: srv.port, path, method: opts.method ?? 'GET', headers: { 'x-riskatlas-token': TOKEN, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), ms: performance.now() - t0 }));
    });
    req.setTimeout(REQUEST_MS, () => req.destroy(new Error(`${path}: no answer in ${REQUEST_MS} ms`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

const api = async (method: string, args: unknown = {}): Promise<Reply> => call(`/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });

/** One review client's visit; returns every reply, checked. `seed` varies which tiles it reads. */
async function reviewClient(seed: number): Promise<Reply[]> {
  const replies: Reply[] = [];
  const ok = (r: Reply, what: string, status = 200): Reply => {
    expect(r.status, what).toBe(status);
    replies.push(r);
    return r;
  };
  ok(await call('/'), 'page');
  ok(await call('/assets/app.js'), 'script');
  for (const [method, args] of [
    ['app.info', {}],
    ['project.current', {}],
    ['model.get', {}],
    ['layer.features', { id: vector.id, offset: 0, limit: 100 }],
    ['map.identify', { x: (view.extent[0] + view.extent[2]) / 2, y: (view.extent[1] + view.extent[3]) / 2 }],
  ] as const) {
    const r = ok(await api(method, args), method);
    expect(JSON.parse(r.body.toString()), method).toMatchObject({ ok: true });
  }
  // Tiles: byte ranges of every raster, as geotiff.js asks for them, checked against the file.
  for (const [i, { entry, bytes }] of rasters.entries()) {
    const start = ((seed * 7919 + i * 104_729) % Math.max(1, bytes.length - TILE_BYTES)) | 0;
    const end = Math.min(bytes.length, start + TILE_BYTES) - 1;
    const r = ok(await call(`/data/${entry.id}`, { headers: { range: `bytes=${start}-${end}` } }), `tile of ${entry.id}`, 206);
    expect(r.body.equals(bytes.subarray(start, end + 1)), `bytes of ${entry.id}`).toBe(true);
  }
  const head = ok(await call(`/data/${rasters[0]!.entry.id}`, { method: 'HEAD' }), 'HEAD raster');
  expect(head.body.length).toBe(0);
  const fc = JSON.parse(ok(await call(`/data/${vector.id}`), 'vector layer').body.toString()) as { features: unknown[] };
  expect(fc.features.length).toBe(vector.meta.kind === 'vector' ? vector.meta.featureCount : -1);
  return replies;
}

async function round(r: number): Promise<{ ms: number; requests: number; slowest: number }> {
  const t0 = performance.now();
  const all = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => reviewClient(r * CLIENTS + c)));
  const flat = all.flat();
  return { ms: performance.now() - t0, requests: flat.length, slowest: Math.max(...flat.map((x) => x.ms)) };
}

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe(`serve mode with ${CLIENTS} parallel review clients`, () => {
  it('serves the demo project: rasters by range, a vector layer, API calls', () => {
    expect(rasters.length).toBeGreaterThanOrEqual(3);
    expect(vector).toBeDefined();
  });

  it(`${ROUNDS} rounds without an error, within the time bounds, without heap growth`, async () => {
    const warm = await round(0);
    const heap0 = heapAfterGc();
    const rounds = [warm];
    for (let r = 1; r <= ROUNDS; r++) rounds.push(await round(r));
    const heap1 = heapAfterGc();
    for (const r of rounds) {
      expect(r.ms).toBeLessThan(ROUND_MS);
      expect(r.slowest).toBeLessThan(REQUEST_MS);
    }
    const total = rounds.reduce((s, r) => s + r.requests, 0);
    console.log(
      `load: ${CLIENTS} clients × ${ROUNDS + 1} rounds, ${total} requests, no errors; rounds ${rounds.map((r) => `${(r.ms / 1000).toFixed(1)} s`).join(', ')}; ` +
        `slowest request ${Math.max(...rounds.map((r) => r.slowest)).toFixed(0)} ms; heap ${(heap0 / 2 ** 20).toFixed(1)} → ${(heap1 / 2 ** 20).toFixed(1)} MiB; peak connections ${peakConnections}`,
    );
    expect(heap1 - heap0).toBeLessThan(HEAP_GROWTH);
    expect(peakConnections).toBeLessThanOrEqual(CLIENTS);
  }, 600_000);

  it(`holds at most ${MAX_CONNECTIONS} connections: the ones beyond are closed at once`, async () => {
    const { connect } = await import('node:net');
    const sockets = await Promise.all(
      Array.from({ length: MAX_CONNECTIONS + 20 }, () => new Promise<import('node:net').Socket>((resolve) => {
        const s = connect({ host: '127.0.0.1', port: srv.port }, () => resolve(s));
        s.on('error', () => resolve(s));
      })),
    );
    await new Promise((r) => setTimeout(r, 300));
    const held = await new Promise<number>((resolve) => srv.server.getConnections((_e, n) => resolve(n)));
    expect(held).toBeLessThanOrEqual(MAX_CONNECTIONS);
    for (const s of sockets) s.destroy();
    // And it still serves once they are gone.
    await new Promise((r) => setTimeout(r, 100));
    expect((await api('app.info')).status).toBe(200);
  });
});
