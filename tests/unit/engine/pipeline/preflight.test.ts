/**
 * Runs that do not fit are refused before anything is computed, naming the model file and
 * the numbers (issue 16: cell sizes giving 10⁹–2×10⁹ cells started a run — 1.1 GB resident,
 * the temporary folder growing at 45 MB/s — with no disk-space check). The free memory and
 * disk are given to the run here, so the refusals do not depend on this machine.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runModel } from '../../../../src-main/engine/pipeline/run';
import { checkRunFits, freeResources, LARGE_GRID_CELLS } from '../../../../src-main/engine/pipeline/preflight';
import { estimateRun } from '../../../../src-main/engine/pipeline/estimate';
import { useTempDir } from '../../../fixtures/tempDir';

const sample = join(import.meta.dirname, '..', '..', '..', '..', 'resources', 'sample', 'county');
const tmp = useTempDir('ra-preflight-');
const plenty = { memoryBytes: 1e15, tempDiskBytes: 1e15 };
let n = 0;

/** The demo model with `cellSize`, in a copy of the county; its path. */
function model(cellSize: number): string {
  const dir = join(tmp(), `county-${n++}`);
  cpSync(sample, dir, { recursive: true });
  const m = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  m.grid.cellSize = cellSize;
  writeFileSync(join(dir, 'model.json'), JSON.stringify(m));
  return join(dir, 'model.json');
}

async function refusal(path: string, opts: Parameters<typeof runModel>[2]): Promise<{ code: string; message: string; file?: string; params?: Record<string, number> }> {
  const out = join(tmp(), `out-${n++}`);
  const err = await runModel(path, out, { workers: 0, ...opts }).then(
    () => null,
    (e: { code: string; message: string }) => e,
  );
  expect(err, 'the run was not refused').not.toBeNull();
  // Refused before computing: no output was begun (the folder itself is made before the check).
  expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  return err!;
}

describe('the pre-run check', () => {
  it('refuses a 1 m grid over the county (≈ 10⁹ cells) at once, naming the model file, the grid and the limit', async () => {
    const path = model(1);
    const err = await refusal(path, { resources: plenty });
    expect(err).toMatchObject({ code: 'E_RUN_TOO_LARGE', file: path });
    expect(err.message).toMatch(/^grid\.cellSize: the run is \d+ × \d+ cells of 1 m \([\d,]+ cells, 9 indicators\), more than the 400,000,000 cells RiskAtlas runs unasked; choose a larger cell size, or run it knowingly \(riskatlas run --allow-large-grid\)$/);
    expect(err.params!.cells).toBeGreaterThan(900_000_000);
  });

  it('with the flag, a large grid is checked against the memory and disk free instead of the limit', async () => {
    const err = await refusal(model(1), { allowLargeGrid: true, resources: { memoryBytes: 8e9, tempDiskBytes: 1e15 } });
    expect(err.code).toBe('E_RUN_TOO_LARGE');
    expect(err.message).toMatch(/needs about [\d.]+ GB of memory, 8\.0 GB available; choose a larger cell size or free it$/);
    expect(err.params!.memoryBytes).toBeGreaterThan(8e9);
  });

  it('refuses a run whose kept tiles would not fit the free temporary disk, saying where and how much', async () => {
    const err = await refusal(model(100), { tileMemory: 64 * 1024, tileSize: 64, resources: { memoryBytes: 1e15, tempDiskBytes: 1_000_000 } });
    expect(err.code).toBe('E_RUN_TOO_LARGE');
    expect(err.message).toMatch(/needs about [\d.]+ GB of temporary disk in .+, 0\.0 GB free; choose a larger cell size or free it$/);
    expect(err.params!.tempDiskBytes).toBeGreaterThan(1_000_000);
  });

  it('lets a run that fits go ahead (the demo county with the memory and disk this machine has)', async () => {
    const s = await runModel(model(100), join(tmp(), 'fits'), { workers: 0 });
    expect(s.grid.width * s.grid.height).toBeLessThan(LARGE_GRID_CELLS);
    const free = await freeResources();
    expect(free.memoryBytes).toBeGreaterThan(0);
    expect(free.tempDiskBytes).toBeGreaterThan(0);
  }, 120_000);

  it('names both shortfalls at once', () => {
    const e = estimateRun({ width: 20_000, height: 20_000 }, 6, { workers: 2 });
    expect(() => checkRunFits(e, { memoryBytes: 1e9, tempDiskBytes: 1e9 }, { file: 'm.json', cellSize: 30 })).toThrow(/of memory, 1\.0 GB available; and about [\d.]+ GB of temporary disk in .+, 1\.0 GB free; choose a larger cell size or free both$/);
  });
});
