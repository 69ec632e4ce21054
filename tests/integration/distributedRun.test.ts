/**
 * A province on many machines, as a contractor runs it: the generated province (36 small
 * counties sharing borders, three of them disagreeing with their neighbours on purpose) is
 * queued on a real Redis (redis-server on loopback) and run by three `riskatlas worker`
 * processes, one of which is killed with SIGKILL in the middle of a county; meanwhile the same
 * folder runs on one machine with `riskatlas run <folder>`. Every county completes, the
 * outputs are byte for byte those of the single machine, and the roll-up job the queue adds
 * writes the province's sheets, statistics and a seam report that finds exactly the seams
 * made on purpose. (The roll-up's other settings — by city, re-derived grades, another CRS —
 * are tested on a smaller province in tests/unit/engine/rollup/.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Queue } from 'bullmq';
import { generateProvince, THRESHOLDS, type GeneratedProvince } from '../fixtures/province/generate';
import { hasRedisServer, startRedisServer, type RedisServer } from '../fixtures/redisServer';
import { useTempDir } from '../fixtures/tempDir';
import { redisOptions } from '../../src-main/cli/queueJobs';

const root = join(import.meta.dirname, '..', '..');
const hasPdftotext = existsSync('/usr/bin/pdftotext');
const bin = join(root, 'bin', 'riskatlas.mjs');
const env = { ...process.env, LANG: 'en_US.UTF-8' };

/** Run the CLI to its end. */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)));
    }
  };
  walk(dir);
  return out.sort();
}

/** CSV rows (BOM and header dropped). */
const csvRows = (path: string): string[][] => readFileSync(path, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));

describe.skipIf(!hasRedisServer())('a province on three workers, one killed in the middle of a county', () => {
  const tmp = useTempDir('ra-province-');
  let province: GeneratedProvince;
  let redis: RedisServer;
  const workers: { proc: ChildProcess; name: string; log: string }[] = [];
  let killed: { name: string; county: string } | undefined;
  let queued: Awaited<ReturnType<typeof cli>>;
  let single: Awaited<ReturnType<typeof cli>>;
  const dist = (): string => join(tmp(), 'distributed');
  const ref = (): string => join(tmp(), 'single');

  beforeAll(async () => {
    province = await generateProvince(join(tmp(), 'province'));
    redis = await startRedisServer();
    for (let i = 0; i < 3; i++) {
      const proc = spawn(process.execPath, [bin, 'worker', '--redis', redis.url, '--lock-seconds', '2'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      const w = { proc, name: '', log: '' };
      proc.stderr!.on('data', (d: Buffer) => {
        w.log += d.toString();
        w.name ||= /\[([^\]]+)\]/.exec(w.log)?.[1] ?? '';
        // Kill the first worker seen aligning a county's layers: its run has begun and is far from written.
        const m = /\] (\d{6}): align /.exec(d.toString());
        if (m && !killed) {
          killed = { name: w.name, county: m[1]! };
          proc.kill('SIGKILL');
        }
      });
      workers.push(w);
    }
    const [q, s] = await Promise.all([
      cli(['queue', province.dir, '--redis', redis.url, '--out', dist(), '--dpi', '60', '--wait']),
      cli(['run', province.dir, '--out', ref()]),
    ]);
    queued = q;
    single = s;
  }, 300_000);

  afterAll(async () => {
    for (const w of workers) {
      if (w.proc.exitCode !== null || w.proc.signalCode !== null) continue;
      const exited = new Promise((r) => w.proc.once('exit', r));
      w.proc.kill('SIGTERM');
      await exited;
    }
    await redis?.stop();
  }, 60_000);

  it('every county completes although a worker was killed with SIGKILL in the middle of one', async () => {
    expect(queued.stderr).toBe('');
    expect(queued.status).toBe(0);
    expect(queued.stdout).toContain('36 of 36 model(s) ran');
    expect(killed).toBeDefined();
    expect(workers.find((w) => w.name === killed!.name)!.proc.signalCode).toBe('SIGKILL');
    // The killed county's job was taken over after its lock ran out, and finished by another worker.
    const queue = new Queue('riskatlas', { connection: redisOptions(redis.url) });
    try {
      const jobs = await queue.getJobs(['completed']);
      const job = jobs.find((j) => j.data.kind === 'county' && j.data.county === killed!.county)!;
      expect(job.stalledCounter).toBeGreaterThanOrEqual(1);
      expect(job.processedBy).not.toBe(killed!.name);
      expect(jobs.filter((j) => j.data.kind === 'county')).toHaveLength(36);
    } finally {
      await queue.close();
    }
    const status = await cli(['queue', '--status', '--redis', redis.url]);
    expect(status.stdout).toContain('36 counties: 36 done, 0 running, 0 waiting, 0 failed');
    expect(status.stdout).toMatch(/roll-up \(province\)\tdone\t.*distributed[\\/]rollup/);
  });

  it.skipIf(!hasPdftotext)('draws every county\'s boundary and name on the province\'s sheets (pdftotext reads them back)', () => {
    for (const f of ['示范省自然灾害综合风险图', '示范省自然灾害综合防治区划图']) {
      const text = spawnSync('pdftotext', [join(dist(), 'rollup', 'maps', `${f}.pdf`), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
      for (const name of [f, '县界', '图例', ...province.counties.map((c) => c.name)]) expect(text, name).toContain(name);
    }
  });

  it('writes byte for byte what riskatlas run <folder> writes on one machine, and leaves no temporary file behind', () => {
    expect(single.status).toBe(0);
    const counties = province.counties.map((c) => c.code);
    for (const code of counties) {
      const a = filesUnder(join(ref(), code));
      const b = filesUnder(join(dist(), code));
      expect(b, code).toEqual(a);
      expect(a).toContain('risk_grade.tif');
      for (const f of a) expect(readFileSync(join(dist(), code, f)).equals(readFileSync(join(ref(), code, f))), `${code}/${f}`).toBe(true);
    }
    expect(filesUnder(dist()).filter((f) => /\.tmp-/.test(f))).toEqual([]);
  });

  it('rolls the province up: sheets, statistics by county, city and grade, and the seams made on purpose — exactly those', () => {
    const out = join(dist(), 'rollup');
    for (const f of ['risk_index.tif', 'risk_grade.tif', 'zoning.tif', 'county.tif', 'stats_by_county.csv', 'stats_by_city.csv', 'stats_by_grade.csv', 'statistics.xlsx', 'seam_report.html', 'seam_report.csv', 'seams_by_pair.csv', 'seams.gpkg', 'provenance.json']) expect(existsSync(join(out, f)), f).toBe(true);
    for (const f of ['示范省自然灾害综合风险图', '示范省自然灾害综合防治区划图']) {
      expect(statSync(join(out, 'maps', `${f}.pdf`)).size).toBeGreaterThan(10_000);
      expect(readFileSync(join(out, 'maps', `${f}.png`)).subarray(1, 4).toString()).toBe('PNG');
    }
    // Statistics: 36 counties × 5 grades; the kept grades give each county exactly its own table.
    const byCounty = csvRows(join(out, 'stats_by_county.csv'));
    expect(byCounty).toHaveLength(36 * 5);
    for (const c of province.counties) {
      const own = csvRows(join(ref(), c.code, 'risk_stats.csv')).filter((r) => r[0] === '全域');
      const mine = byCounty.filter((r) => r[0] === c.code);
      expect(mine.map((r) => [r[4], r[6], Math.round(Number(r[9]))]), c.code).toEqual(own.map((r) => [r[2], r[4], Math.round(Number(r[7]))]));
      expect(mine[0]![3]).toBe(province.cities.find((x) => x.code === c.cityCode)!.name);
    }
    expect(csvRows(join(out, 'stats_by_city.csv'))).toHaveLength(4 * 5);
    // Seams: the pairs with a seam are exactly the neighbours of a county that disagrees on purpose, along their whole border.
    const disagrees = new Set(province.counties.filter((c) => c.disagrees).map((c) => c.code));
    const expected = province.neighbours.filter((p) => p.split('|').filter((c) => disagrees.has(c)).length === 1).sort();
    const pairs = csvRows(join(out, 'seams_by_pair.csv'));
    const withSeams = pairs.filter((r) => Number(r[5]) > 0);
    expect(withSeams.map((r) => `${r[0]}|${r[2]}`).sort()).toEqual(expected);
    for (const r of withSeams) expect(Number(r[5]), `${r[0]}|${r[2]}`).toBe(Number(r[4]));
    expect(expected).toHaveLength(12);
    const report = JSON.parse(readFileSync(join(out, 'seam_report.json'), 'utf8')) as { findings: { rule: string; layer: string }[] };
    expect(new Set(report.findings.map((f) => f.layer.replace(/ \S+ \| /, '|').replace(/ \S+$/, ''))).size).toBe(12);
    expect(report.findings.every((f) => f.rule === 'SEAM-01')).toBe(true);
    const prov = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    expect(prov.grades.mode).toBe('keep');
    expect(prov.resampling).toEqual({ copy: province.counties.map((c) => c.code).sort() });
    expect(prov.counties[0].breaks.slice(1, -1)).toEqual(THRESHOLDS);
  });
});

// A usage mistake a newcomer makes: the queue without Redis.
describe('riskatlas queue without a reachable Redis', () => {
  it('says so in one line with E_QUEUE_UNAVAILABLE and exits 1', () => {
    const r = spawnSync(process.execPath, [bin, 'queue', '--status', '--redis', 'redis://127.0.0.1:1'], { encoding: 'utf8', env });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('[E_QUEUE_UNAVAILABLE]');
  });
});
