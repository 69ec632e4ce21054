/**
 * The queue and a worker on a real Redis, in this process: a county that fails (a layer file
 * missing) does not stop the others — the summary lists it with its coded error, the roll-up
 * runs on the counties that completed and names the one left out; queueing the same batch
 * again adds nothing; the status shows the counties done and failed — and, of a batch in
 * progress, the running counties' steps and workers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlowProducer, Queue, type Job, type Worker } from 'bullmq';
import { enqueueBatch, statusReport, batchStatus, waitForBatch } from '../../../src-main/cli/queue';
import { redisOptions, type CountyJobData, type JobData, type RollupJobData } from '../../../src-main/cli/queueJobs';
import { startQueueWorker } from '../../../src-main/cli/worker';
import { generateProvince } from '../../fixtures/province/generate';
import { hasRedisServer, startRedisServer, type RedisServer } from '../../fixtures/redisServer';
import { useTempDir } from '../../fixtures/tempDir';

describe.skipIf(!hasRedisServer())('riskatlas queue with a worker', () => {
  const tmp = useTempDir('ra-queue-');
  let redis: RedisServer;
  let worker: Worker<JobData>;
  let queue: Queue<JobData>;
  let flows: FlowProducer;
  const logs: string[] = [];
  let folder = '';

  beforeAll(async () => {
    const p = await generateProvince(join(tmp(), 'province'), { rows: 1, cols: 3, countyCells: 15, disagreeing: [] });
    folder = p.dir;
    const doc = JSON.parse(readFileSync(p.counties[0]!.model, 'utf8'));
    writeFileSync(join(folder, 'zz_broken.json'), JSON.stringify({ ...doc, layers: { ...doc.layers, hazard: { ...doc.layers.hazard, path: 'data/missing/hazard.tif' } } }));
    redis = await startRedisServer();
    const connection = redisOptions(redis.url);
    queue = new Queue<JobData>('riskatlas', { connection });
    flows = new FlowProducer({ connection });
    worker = await startQueueWorker({ redis: redis.url, lockSeconds: 10, lang: 'en', log: (l) => logs.push(l) });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await flows?.close();
    await queue?.close();
    await redis?.stop();
  });

  it('lists a failed county with its error, rolls up the others and names the one left out', async () => {
    const q = await enqueueBatch(queue, flows, { folder, rollup: 'province', grades: 'keep', dpi: 30 });
    expect(q.existing).toBe(false);
    expect(q.counties.map((c) => c.county)).toEqual(['990101', '990102', '990103', 'zz_broken']);
    const r = await waitForBatch(queue, q, 200);
    expect(r.counties.map((c) => [c.ok, c.error?.code])).toEqual([[true, undefined], [true, undefined], [true, undefined], [false, 'E_FILE_NOT_FOUND']]);
    expect(r.counties[3]!.error!.file).toContain('missing');
    expect(r.rollup).toMatchObject({ state: 'done', result: { missing: ['zz_broken'], areas: [{ code: '990000', name: '示范省', counties: 3 }] } });
    expect(logs.some((l) => /zz_broken: failed — .*\[E_FILE_NOT_FOUND\]/.test(l))).toBe(true);
    const text = statusReport(await batchStatus(queue, folder), 'en');
    expect(text).toContain('4 counties: 3 done, 0 running, 0 waiting, 1 failed');
    expect(text).toMatch(/failed\tzz_broken\t.*\[E_FILE_NOT_FOUND\]/);
    expect(text).toMatch(/roll-up \(province\)\tdone\t.*rollup\t\(left out: zz_broken\)/);
  });

  it('adds nothing when the same batch is queued again', async () => {
    const before = await queue.getJobCounts();
    const q = await enqueueBatch(queue, flows, { folder, rollup: 'province', grades: 'keep', dpi: 30 });
    expect(q.existing).toBe(true);
    expect(await queue.getJobCounts()).toEqual(before);
    expect((await batchStatus(queue, join(tmp(), 'elsewhere'))).length).toBe(0);
  });
});

describe('the status of a batch in progress', () => {
  it('shows each running county with its step, percentage and worker, and the roll-up waiting for the counties', () => {
    const job = {} as Job<CountyJobData>;
    const rollup: RollupJobData = { kind: 'rollup', batch: 'b1', folder: '/data/province', out: '/data/province/riskatlas_out/rollup', settings: { level: 'province', grades: 'keep' } };
    const text = statusReport(
      [
        {
          batch: 'b1',
          folder: '/data/province',
          counties: [
            { county: '990101', state: 'done', seconds: 4.2, job },
            { county: '990102', state: 'running', step: 'combine', fraction: 0.37, worker: 'node-2:4711', job },
            { county: '990103', state: 'waiting', job },
          ],
          rollup: { state: 'waiting-children', data: rollup },
        },
      ],
      'en',
    );
    expect(text).toContain('3 counties: 1 done, 1 running, 1 waiting, 0 failed');
    expect(text).toContain('running\t990102\tcombine 37%\tnode-2:4711');
    expect(text).toContain('roll-up (province)\twaiting-children\twaiting for the counties');
  });
});
