/**
 * The live recompute's second thread: its kernels give in a thread of their own what they give
 * here, a helper that stops is replaced by this thread without an error, and on a county past
 * the distinct-value limit (the fine histogram filled by bins in two threads, the values near
 * the breaks kept in two halves) every live edit is still the run of the edited model.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureInputs } from '../../../../../bench/generate';
import { DistributionBuilder, Histogram } from '../../../../../src-main/engine/classify/distribution';
import { loadModel } from '../../../../../src-main/engine/model/loadModel';
import type { ModelDocument } from '../../../../../src-main/engine/model/document';
import { LiveEngine } from '../../../../../src-main/engine/pipeline/live/liveEngine';
import { kernels, LiveHelper } from '../../../../../src-main/engine/pipeline/live/liveHelper';
import { runModel } from '../../../../../src-main/engine/pipeline/run';
import { mulberry32 } from '../../../../../resources/sample/prng';
import { useTempDir } from '../../../../fixtures/tempDir';

const tmp = useTempDir('ra-live-helper-');

/** Float32 values in shared memory, some NaN. */
function sharedValues(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const v = new Float32Array(new SharedArrayBuffer(4 * n));
  for (let i = 0; i < n; i++) v[i] = rand() < 0.02 ? NaN : 0.1 + 0.8 * rand() ** 1.5;
  return v;
}

describe('the live helper thread', () => {
  const helper = LiveHelper.start();
  afterAll(() => helper.close());

  it('fills its bins of a shared histogram and counts values in its own thread, as they are filled and counted here', async () => {
    expect(helper.parallel).toBe(true);
    const values = sharedValues(300_000, 5);
    const b = new DistributionBuilder(10);
    b.addTiles([values]);
    const bins = new SharedArrayBuffer(Histogram.sharedBytes);
    const { histogram, min, max } = b.sharedHistogram(bins);
    const split = histogram.binOf(b.mean);
    const theirs = helper.call('histogram', { shared: bins, min, max, values, from: split, to: 65_536 });
    histogram.addRange(values, 0, split);
    await theirs;
    const alone = new Histogram(min, max);
    alone.add(values);
    expect(b.finish()!.data).toEqual(alone.weighted().data);
    expect(await helper.call('count', { tiles: [values], bins: 64, min, max })).toEqual(kernels.count({ tiles: [values], bins: 64, min, max }));
  });

  it('once its thread is gone, calls run in the caller\'s thread with the same answer', async () => {
    const gone = LiveHelper.start();
    const values = sharedValues(10_000, 9);
    const want = kernels.count({ tiles: [values], bins: 8, min: 0.1, max: 0.9 });
    await (gone as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await new Promise((r) => setTimeout(r, 50));
    expect(gone.parallel).toBe(false);
    expect(await gone.call('count', { tiles: [values], bins: 8, min: 0.1, max: 0.9 })).toEqual(want);
    await gone.close();
  });
});

describe('live edits of a county past the distinct-value limit, in two threads', () => {
  it('a weight moved and a class break dragged: breaks, classes and picture of the run of each edit', { timeout: 240_000 }, async () => {
    // 1,250² cells of the benchmark's generated county: > 10⁶ distinct index values.
    const inputs = await ensureInputs(tmp(), 1250, 'deflate', 3);
    const doc = (await loadModel(inputs.modelPath)).doc;
    const engine = new LiveEngine(inputs.dir);
    try {
      let n = 0;
      const runOf = async (d: ModelDocument): Promise<Awaited<ReturnType<typeof runModel>>> => {
        const path = join(inputs.dir, `edit-${++n}.json`);
        await writeFile(path, JSON.stringify(d));
        return runModel(path, join(tmp(), `run-${n}`), { workers: 0 });
      };
      // The weights swapped around: H and E trade places.
      const w = doc.risk!.weights!;
      const weights = { ...w, H: w.E!, E: w.H! };
      const edited: ModelDocument = { ...doc, risk: { ...doc.risk!, weights } };
      const first = await engine.update({ doc, view: 'grades', image: true, bins: 64 });
      const live = await engine.update({ doc: edited, view: 'grades', image: true, bins: 64 });
      expect(live.threads).toBe(2);
      const run = await runOf(edited);
      expect(run.index.exactBreaks).toBe(false);
      expect(run.index.refinedBreaks).toBeDefined();
      expect(live.breaks).toEqual(run.classification.breaks);
      expect(live.classes).toEqual(run.classification.classes);
      expect(Buffer.from(live.png!).equals(await readFile(run.files.png))).toBe(true);
      expect(live.breaks).not.toEqual(first.breaks);

      const b = live.breaks;
      const fixed: ModelDocument = { ...edited, classification: { ...edited.classification, method: 'fixed', thresholds: [b[1]!, b[2]!, (b[3]! + b[4]!) / 2, b[4]!] } };
      const dragged = await engine.update({ doc: fixed, view: 'grades', image: true, bins: 64 });
      const fixedRun = await runOf(fixed);
      expect(dragged.classes).toEqual(fixedRun.classification.classes);
      expect(Buffer.from(dragged.png!).equals(await readFile(fixedRun.files.png))).toBe(true);
    } finally {
      await engine.close();
    }
  });
});
