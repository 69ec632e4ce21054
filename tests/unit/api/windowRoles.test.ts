/**
 * The reviewer's list (REVIEW_METHODS: serve --review's clients and the desktop app's review
 * windows) holds no method that writes. The contract has no metadata saying which methods
 * write, so the methods that change a project, its model, catalogue, runs or files on disk, or
 * which project is open, are listed here — every method of the contract is classed — and the
 * list is checked against the handlers: each method of the reviewer's list, called on an
 * editable project, leaves its file, its data folder, its model and its catalogue as they were
 * (comments and decisions, the reviewer's own record, change that record only).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { harness } from './apiHarness';
import { apiArgs, type ApiMethod, type ProjectView } from '../../../src-main/api/contract';
import { REVIEW_METHODS, roleMayCall } from '../../../src-main/api/windowRoles';

/** Methods that write: the project file, model, catalogue, runs, layouts, files on disk, or what is open. */
const WRITES = new Set<ApiMethod>([
  'project.openDemo', 'project.new', 'project.open', 'project.recover', 'project.save', 'project.saveAs', 'project.close',
  'workspace.open',
  'layer.import', 'upload.begin', 'upload.chunk', 'upload.abort', 'layer.importUploads', 'layer.update', 'layer.remove',
  'model.update', 'model.undo', 'model.redo', 'model.scaffold', 'classes.setThresholds',
  'job.startRun', 'job.cancel',
  'qc.run',
  'review.open', 'review.close',
  'sheet.saveLayout', 'sheet.resetLayout', 'sheet.export', 'package.export',
  'rollup.start', 'rollup.cancel',
  'wizard.create',
  'basemap.open', 'basemap.close',
]);
/** Methods that write nothing but are not a reviewer's: this machine's files and folders, dialogs, computations for editing. */
const EDITOR_READS = new Set<ApiMethod>([
  'app.about', 'dialog.choose', 'project.recent', 'workspace.list', 'layer.inspect', 'model.check', 'weights.ahp', 'weights.entropy', 'live.update', 'rollup.scan', 'rollup.status', 'wizard.plan',
]);
/** The reviewer's own record: these write comments and decisions, nothing else. */
const REVIEW_RECORD = new Set<ApiMethod>(['review.addComment', 'review.resolveComment', 'review.decide']);

const methods = Object.keys(apiArgs) as ApiMethod[];
const demo = join(import.meta.dirname, '..', '..', '..', 'resources', 'sample', 'county');

/** Every file under `dir` with its size and modification time. */
function listing(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const st = statSync(join(dir, f));
    if (st.isFile()) out[f] = `${st.size}@${st.mtimeMs}`;
  }
  return out;
}

describe("the reviewer's method list", () => {
  it('classes every method of the contract once: the reviewer\'s, one that writes, or an editor\'s read', () => {
    for (const m of methods) {
      const classes = [REVIEW_METHODS.has(m), WRITES.has(m), EDITOR_READS.has(m)].filter(Boolean).length;
      expect(classes, m).toBe(1);
    }
    for (const m of [...WRITES, ...EDITOR_READS]) expect(methods, m).toContain(m);
  });

  it('holds no method that writes, and only a reviewer may not call them', () => {
    for (const m of WRITES) {
      expect(REVIEW_METHODS.has(m), m).toBe(false);
      expect(roleMayCall('review', m), m).toBe(false);
      expect(roleMayCall('editor', m), m).toBe(true);
    }
    expect(roleMayCall('review', 'no.such.method')).toBe(false);
    expect(roleMayCall('review', '__proto__')).toBe(false);
  });

  it("leaves an editable project's file, data folder, model and catalogue as they were when each of its methods is called (comments and decisions change the record only)", async () => {
    const h = harness((p) => p.startsWith(demo));
    const view = (await h.call('project.openDemo')) as ProjectView;
    const info = await h.call('project.save');
    const file = info.path;
    const dataDir = join(file, '..');
    const layer = view.layers[0]!;
    const indicator = (await h.call('model.get')).doc!.indicators[0]!.id;
    const [cx, cy] = [(view.extent[0] + view.extent[2]) / 2, (view.extent[1] + view.extent[3]) / 2];
    const args: Partial<Record<ApiMethod, unknown>> = {
      'layer.features': { id: layer.id },
      'map.identify': { x: cx, y: cy },
      'basemap.tile': { z: 0, x: 0, y: 0 },
      'indicator.histogram': { indicator },
      'classes.preview': { method: 'jenks' },
      'job.status': { jobId: 'nope' },
      'sheet.layout': { kind: 'riskGrade' },
      'review.item': { id: 'maps/none.png' },
      'review.table': { id: 'tables/none.csv' },
      'review.layer': { id: 'none.tif' },
      'review.export': { format: 'json' },
      'review.addComment': { x: cx, y: cy, text: '图例缺失', author: '审核员' },
      'review.resolveComment': { id: 1, resolved: true },
      'review.decide': { decision: 'returned', reasons: '图例缺失', reviewer: '审核员' },
    };
    const before = { bytes: readFileSync(file), files: listing(dataDir), model: await h.call('model.get'), layers: (await h.call('project.current'))!.layers };
    try {
      const called: string[] = [];
      for (const m of methods) {
        if (!REVIEW_METHODS.has(m) || REVIEW_RECORD.has(m)) continue;
        await h.raw(m, args[m] ?? {});
        called.push(m);
      }
      expect(called.length).toBe(REVIEW_METHODS.size - REVIEW_RECORD.size);
      expect(Buffer.compare(readFileSync(file), before.bytes), 'the project file').toBe(0);
      expect(listing(dataDir)).toEqual(before.files);
      expect((await h.call('project.info'))!.dirty).toBe(false);
      // The review record: it changes, and nothing else does.
      for (const m of REVIEW_RECORD) expect(await h.raw(m, args[m]), m).toMatchObject({ ok: true });
      expect((await h.call('review.view')).comments).toMatchObject([{ text: '图例缺失', resolved: true }]);
      expect(await h.call('model.get')).toEqual(before.model);
      expect((await h.call('project.current'))!.layers).toEqual(before.layers);
    } finally {
      await h.session.close();
    }
  }, 120_000);
});
