/**
 * The queue's addresses and names: Redis URLs as users write them (password, database, TLS),
 * a newcomer's wrong address refused with E_ARG_INVALID; a batch id the same for the same
 * batch and different for another; job ids BullMQ accepts.
 */
import { describe, expect, it } from 'vitest';
import { batchId, jobId, redisOptions } from '../../../src-main/cli/queueJobs';

describe('redisOptions', () => {
  it('reads host, port, user, password, database and TLS from a Redis URL', () => {
    expect(redisOptions('redis://127.0.0.1:6380')).toEqual({ host: '127.0.0.1', port: 6380, maxRetriesPerRequest: null });
    expect(redisOptions('rediss://ops:p%40ss@queue.example:6390/2')).toEqual({ host: 'queue.example', port: 6390, username: 'ops', password: 'p@ss', db: 2, tls: {}, maxRetriesPerRequest: null });
    expect(redisOptions('redis://localhost').port).toBe(6379);
  });
  it('refuses what is not a Redis URL', () => {
    for (const bad of ['127.0.0.1:6379', 'http://127.0.0.1:6379', 'redis://host/queue']) expect(() => redisOptions(bad), bad).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
  });
});

describe('batch and job ids', () => {
  it('names the same batch the same way every time, another batch otherwise', () => {
    expect(batchId(['/data/p', '/data/p/out', 'province'])).toBe(batchId(['/data/p', '/data/p/out', 'province']));
    expect(batchId(['/data/p', '/data/p/out', 'province'])).not.toBe(batchId(['/data/p', '/data/p/out', 'city']));
    expect(batchId(['a'])).toMatch(/^b[0-9a-f]{12}$/);
  });
  it('makes job ids without the colons BullMQ reserves', () => {
    expect(jobId('b0123', '黄河:县 1')).toBe('b0123.黄河_县_1');
  });
});
