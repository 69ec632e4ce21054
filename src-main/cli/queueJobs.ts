/**
 * The distributed run's jobs on BullMQ (Redis): what `riskatlas queue` puts in the queue and
 * `riskatlas worker` takes out. One job per county and, when asked, a roll-up job that is the
 * county jobs' parent in a BullMQ flow: it runs once every county job has ended (a failed
 * county does not hold it back: the children are added with `ignoreDependencyOnFailure`).
 *
 * Paths travel as absolute paths: every machine must see the input and output folders at
 * the same path (a network share mounted at the same place; see docs/rollup.md). Job ids are
 * made from the batch (the folders and roll-up settings) and the county's file name, so
 * queueing the same batch twice adds nothing twice.
 */
import { createHash } from 'node:crypto';
import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { RiskAtlasError } from '../../src-shared/errors';
import type { RollupSettings } from '../engine/rollup/rollup';

/** The queue's default name (several provinces may share one queue; `--queue` separates them). */
export const QUEUE_NAME = 'riskatlas';

/** A county's job. */
export interface CountyJobData {
  kind: 'county';
  batch: string;
  /** The county's label: its model file's stem. */
  county: string;
  model: string;
  outDir: string;
}

/** The roll-up job, parent of the batch's county jobs. */
export interface RollupJobData {
  kind: 'rollup';
  batch: string;
  /** The input folder (the models' folder: its regions.csv names the province and cities). */
  folder: string;
  out: string;
  settings: RollupSettings;
}

export type JobData = CountyJobData | RollupJobData;

/** What a county job returns. */
export interface CountyJobResult {
  outDir: string;
  seconds: number;
  classes: { name: string; areaKm2: number }[];
}

/** What the roll-up job returns: each area's folder, and the counties left out because their job failed. */
export interface RollupJobResult {
  areas: { code: string; name: string; outDir: string; counties: number; seamSegments: number }[];
  missing: string[];
}

/** A batch's id: the folders and roll-up settings, hashed (the same batch queued again has the same id). */
export function batchId(parts: (string | number | undefined)[]): string {
  return `b${createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\u0000')).digest('hex').slice(0, 12)}`;
}

/** A job's id in its batch (BullMQ ids may not contain ':'). */
export const jobId = (batch: string, name: string): string => `${batch}.${name.replace(/[:\s]/g, '_')}`;

/**
 * Connection options from a Redis URL: `redis://[user:password@]host[:port][/db]`, or
 * `rediss://…` for TLS. Errors: E_ARG_INVALID for anything else.
 */
export function redisOptions(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RiskAtlasError('E_ARG_INVALID', `--redis expects redis://host:port, got "${url}"`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new RiskAtlasError('E_ARG_INVALID', `--redis expects redis://host:port or rediss://…, got "${url}"`);
  const db = u.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db)) throw new RiskAtlasError('E_ARG_INVALID', `--redis: the database must be a number, got "${db}"`);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's blocking connections need this; commands wait for a reconnect instead of failing.
    maxRetriesPerRequest: null,
  };
}

/**
 * Check that Redis answers, once and quickly, before BullMQ (which retries forever) is started.
 * Errors: E_QUEUE_UNAVAILABLE naming the address.
 */
export async function checkRedis(opts: RedisOptions): Promise<void> {
  const client = new Redis({ ...opts, lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new RiskAtlasError('E_QUEUE_UNAVAILABLE', `${opts.host}:${opts.port}: ${(err as Error).message}`, { cause: err });
  } finally {
    client.disconnect();
  }
}
