/**
 * Kill -9 a process at random moments, many times, while it (1) saves a large project,
 * (2) runs the demo model and saves the run into the project, (3) edits and autosaves.
 * Every time, the project file (or the autosave) must open, pass SQLite's full
 * `PRAGMA integrity_check`, and hold a complete state — the last one whose save returned or
 * the one after — never a mix: the embedded data must match the hash and generation stored
 * beside it. Outputs of the killed run are whole files or absent (atomic writes). And what a
 * killed process leaves — temporary siblings of the project and of outputs, kept tiles in
 * the temporary folder — is gone after the next start, while a live process's stays.
 * CRASH_KILLS scales the counts (default 1 → 16 + 6 + 10 kills).
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectFile } from '../../src-main/store/projectFile';
import { loadSqlJs } from '../../src-main/engine/io/sqlite';
import { openGeoTiff } from '../../src-main/engine/io/geotiff';
import { runModel } from '../../src-main/engine/pipeline/run';
import { harness } from '../unit/api/apiHarness';

const SCALE = Number(process.env.CRASH_KILLS ?? 1);
const root = join(import.meta.dirname, '..', '..');
const sample = join(root, 'resources', 'sample', 'county');

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * Start `helper` (a TypeScript file in helpers/), wait until it prints `ready`, let it run
 * `delayMs` more (a number, or computed from the times in ms at which each printed line
 * arrived), kill it with SIGKILL, and return everything it printed.
 */
async function killAfter(helper: string, args: string[], ready: string, delayMs: number | ((lineTimes: Map<string, number>) => number)): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/integration/helpers', helper), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let armed = false;
  const lineTimes = new Map<string, number>();
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  // Armed from the output handler itself (no polling), so short phases such as a save can be hit.
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    for (const line of out.split('\n')) if (line && !lineTimes.has(line)) lineTimes.set(line, performance.now());
    if (!armed && out.includes(ready)) {
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), typeof delayMs === 'number' ? delayMs : delayMs(lineTimes));
    }
  });
  const code = await exited;
  if (!armed) throw new Error(`${helper} exited (${code}) before "${ready}": ${out.slice(-500)}`);
  return out;
}

/** The largest n of lines "<word> n" in `out`, or `floor` when there is none. */
const lastOf = (out: string, word: string, floor: number): number => Math.max(floor, ...[...out.matchAll(new RegExp(`${word} (\\d+)`, 'g'))].map((m) => Number(m[1])));

/** SQLite's full integrity check (every page, index and constraint), on the raw file. */
async function integrity(path: string): Promise<string> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(path));
  try {
    return db
      .exec('PRAGMA integrity_check')[0]!
      .values.map((r) => String(r[0]))
      .join('; ');
  } finally {
    db.close();
  }
}

describe('project saves under kill -9', () => {
  const KILLS = 16 * SCALE;
  it(`keep a complete old-or-new state through ${KILLS} kills at random moments`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-kill-'));
    const path = join(dir, 'county.riskatlas');
    const p = await ProjectFile.create(path, 'kill test');
    p.setMeta('generation', '0');
    await p.save();
    p.close();
    const rnd = lcg(2026);
    let acknowledged = 0;
    let survivedMidSave = 0;
    for (let k = 0; k < KILLS; k++) {
      // Wait for the first save so that the kill lands while saves are under way, then a random moment more.
      const out = await killAfter('saveLoop.ts', [path, String(acknowledged)], 'saved', 20 + rnd() * 400);
      const lastAck = lastOf(out, 'saved', acknowledged);

      expect(await integrity(path)).toBe('ok');
      const q = await ProjectFile.open(path);
      const gen = Number(q.getMeta('generation'));
      // Old or new, never older than the last save that returned.
      expect(gen).toBeGreaterThanOrEqual(lastAck);
      expect(gen).toBeLessThanOrEqual(lastAck + 1);
      const big = q.layers().find((l) => l.id === 'big')!;
      expect((big.meta as { gen: number }).gen).toBe(gen);
      expect(createHash('sha256').update(big.embedded!).digest('hex')).toBe(big.sha256);
      if (gen === lastAck + 1) survivedMidSave++;
      q.close();
      acknowledged = gen;
    }
    // Leftover temporary files from killed saves are harmless and never mistaken for the project.
    expect(readdirSync(dir).filter((f) => f === 'county.riskatlas')).toHaveLength(1);
    const midWrite = readdirSync(dir).filter((f) => f.includes('.tmp-')).length;
    console.log(`crash safety (save): ${KILLS} kills survived; ${midWrite} landed mid-write, ${survivedMidSave} between rename and acknowledgement`);
  }, 600_000);
});

describe('a long compute that saves the project, under kill -9', () => {
  const KILLS = 6 * SCALE;
  it(`the project holds whole runs and the outputs are whole files through ${KILLS} kills`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-killrun-'));
    const county = join(dir, 'county');
    cpSync(sample, county, { recursive: true });
    const model = join(county, 'model.json');
    const outDir = join(dir, 'out');
    const path = join(dir, 'county.riskatlas');
    const p = await ProjectFile.create(path, 'compute kill test');
    p.setMeta('generation', '0');
    await p.save();
    p.close();
    const rnd = lcg(4546);
    let acknowledged = 0;
    const phases = { compute: 0, save: 0 };
    for (let k = 0; k < KILLS; k++) {
      // Wait for the child's first run and save to finish (the first run also loads the code), then
      // kill it at a random moment: every other time within the next run, else within the next
      // save (a save is short next to a run, so uniform moments would almost never hit one; the
      // first save, timed here, is slower than the next, hence only its first half is aimed at).
      const first = acknowledged + 1;
      const span = (t: Map<string, number>, from: string, to: string): number => t.get(`${to} ${first}`)! - t.get(`${from} ${first}`)!;
      const out =
        k % 2 === 0
          ? await killAfter('crashComputeLoop.ts', [path, model, outDir, String(acknowledged)], `saved ${first}`, (t) => rnd() * span(t, 'computing', 'saving'))
          : await killAfter('crashComputeLoop.ts', [path, model, outDir, String(acknowledged)], `saving ${first + 1}`, (t) => 0.5 * rnd() * span(t, 'saving', 'saved'));
      const lastAck = lastOf(out, 'saved', acknowledged);
      const lastLine = out.trim().split('\n').at(-1) ?? '';
      if (lastLine.startsWith('saving')) phases.save++;
      else if (lastLine.startsWith('computing')) phases.compute++;

      expect(await integrity(path)).toBe('ok');
      const q = await ProjectFile.open(path);
      const gen = Number(q.getMeta('generation'));
      expect(gen).toBeGreaterThanOrEqual(lastAck);
      expect(gen).toBeLessThanOrEqual(lastAck + 1);
      // Exactly the runs of generations 1…gen, and the rasters of generation gen with their hashes.
      expect(q.runs().map((r) => r.id).sort()).toEqual(Array.from({ length: gen }, (_, i) => `run${i + 1}`).sort());
      if (gen > 0) {
        for (const id of ['grade', 'index']) {
          const layer = q.layers().find((l) => l.id === id)!;
          expect((layer.meta as { gen: number }).gen).toBe(gen);
          expect(createHash('sha256').update(layer.embedded!).digest('hex')).toBe(layer.sha256);
        }
      }
      q.close();
      acknowledged = gen;
      // Whatever output files exist are complete GeoTIFFs (written to a temporary file, then renamed).
      for (const f of ['risk_index.tif', 'risk_grade.tif']) {
        if (!existsSync(join(outDir, f))) continue;
        const src = await openGeoTiff(join(outDir, f));
        const px = await src.readWindow(0, 0, src.meta.width, src.meta.height, 0);
        expect(px.length).toBe(src.meta.width * src.meta.height);
        await src.close();
      }
    }
    expect(acknowledged, 'no run ever completed: the kills came too early to test anything').toBeGreaterThan(0);
    console.log(`crash safety (compute + save): ${KILLS} kills survived (${phases.compute} during a run, ${phases.save} during a save); ${acknowledged} runs saved`);
  }, 1_200_000);
});

describe('autosave recovery after kill -9', () => {
  const KILLS = 10 * SCALE;
  it(`the autosave opens, is offered for recovery and holds the edits through ${KILLS} kills`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-killauto-'));
    const path = join(dir, 'county.riskatlas');
    const p = await ProjectFile.create(path, 'autosave kill test');
    p.setMeta('edits', '0');
    await p.save();
    p.close();
    const savedBytes = readFileSync(path);
    const rnd = lcg(4490);
    let acknowledged = 0;
    for (let k = 0; k < KILLS; k++) {
      const out = await killAfter('crashAutosaveLoop.ts', [path], 'autosaved', rnd() * 300);
      const lastAck = lastOf(out, 'autosaved', acknowledged);
      // The project file itself was never touched by the autosaves.
      expect(readFileSync(path).equals(savedBytes)).toBe(true);
      const main = await ProjectFile.open(path);
      expect(main.recoverable).toBe(true);
      expect(main.getMeta('edits')).toBe('0');
      main.close();

      expect(await integrity(`${path}.autosave`)).toBe('ok');
      const q = await ProjectFile.open(path, { fromAutosave: true });
      const edits = Number(q.getMeta('edits'));
      expect(edits).toBeGreaterThanOrEqual(lastAck);
      expect(edits).toBeLessThanOrEqual(lastAck + 1);
      // Every edit up to that one, in order, none torn.
      const comments = q.comments();
      expect(comments.map((c) => Number(c.text.split(' ')[0]))).toEqual(Array.from({ length: edits }, (_, i) => i + 1));
      q.close();
      acknowledged = edits;
    }
    // Accepting the recovery and saving makes it the project, and the autosave goes away.
    const r = await ProjectFile.open(path, { fromAutosave: true });
    await r.save();
    r.close();
    expect(existsSync(`${path}.autosave`)).toBe(false);
    const final = await ProjectFile.open(path);
    expect(Number(final.getMeta('edits'))).toBe(acknowledged);
    expect(final.recoverable).toBe(false);
    final.close();
    console.log(`crash safety (autosave): ${KILLS} kills survived; ${acknowledged} edits recovered`);
  }, 600_000);
});

describe('kill -9, then the next start', () => {
  it('leaves no temporary file of the killed process beside the project or its outputs, and no kept tiles; a live process\'s are kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-leftovers-'));
    const county = join(dir, 'county');
    cpSync(sample, county, { recursive: true });
    const model = join(county, 'model.json');
    const outDir = join(dir, 'out');
    const h = harness();
    const path = join(dir, 'county.riskatlas');
    await h.call('project.new', { name: 'county', path });
    await h.call('project.save');
    await h.call('project.close');

    const leftovers = (pid: number): { project: string[]; outputs: string[]; tiles: string[] } => {
      const tag = `.tmp-${pid}-`;
      return {
        project: readdirSync(dir).filter((f) => f.includes(tag)),
        outputs: existsSync(outDir) ? readdirSync(outDir).filter((f) => f.includes(tag)) : [],
        tiles: readdirSync(tmpdir()).filter((f) => f.startsWith(`riskatlas-tiles-${pid}-`)),
      };
    };
    const all = (l: ReturnType<typeof leftovers>): boolean => l.project.length > 0 && l.outputs.length > 0 && l.tiles.length > 0;
    /** Start the work and kill it once it is in the middle of all three: a project save, an output file, spilled tiles. */
    const killMidWork = async (): Promise<number> => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/integration/helpers/killedWork.ts'), path, model, outDir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<void>((r) => child.on('exit', () => r()));
      const pid = child.pid!;
      while (!all(leftovers(pid))) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      await exited;
      return pid;
    };
    // An output file written in a few milliseconds (a PNG) may be finished between the look and
    // the kill: then the process is killed again, until it dies with all three in hand.
    const pids: number[] = [];
    for (let attempt = 0; attempt < 10 && !pids.some((p) => all(leftovers(p))); attempt++) pids.push(await killMidWork());
    const killed = pids.find((p) => all(leftovers(p)));
    expect(killed).toBeDefined();
    const found = leftovers(killed!);
    // A live process's temporary files (this one's) look the same and must survive.
    const live = `county.riskatlas.tmp-${process.pid}-live`;
    writeFileSync(join(dir, live), 'in progress');
    const liveTiles = mkdtempSync(join(tmpdir(), `riskatlas-tiles-${process.pid}-`));

    // The next start: the app opens the project, a run starts.
    await h.call('project.open', { path });
    await h.call('project.close');
    await runModel(model, outDir, { workers: 0 });
    for (const p of pids) expect(leftovers(p)).toEqual({ project: [], outputs: [], tiles: [] });
    expect(existsSync(join(dir, live))).toBe(true);
    expect(existsSync(liveTiles)).toBe(true);
    rmSync(liveTiles, { recursive: true, force: true });
    await h.session.close();
    console.log(`leftovers: the killed process left ${found.project.length} project, ${found.outputs.length} output temporary file(s) and ${found.tiles.length} tile folder(s); none after the next start`);
  }, 300_000);
});
