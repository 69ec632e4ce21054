/**
 * One writer per project (issue 16, V4, as found: a reviewer's comment and decision were
 * saved, then the editor's save erased them — 0 comments afterwards). Two sessions on one
 * project, as the desktop app and `riskatlas serve --review` would have: the second gets it
 * read-only and is told who holds it; review records from any of them are merged into the
 * file, never overwritten by a stale copy; a stale lock is taken over with a notice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync, utimesSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { harness, type Harness } from './apiHarness';
import { codeOf } from '../../fixtures/errorCode';
import { useTempDir } from '../../fixtures/tempDir';
import { ProjectFile } from '../../../src-main/store/projectFile';
import { lockPathOf } from '../../../src-main/store/projectLock';
import { STALE_AFTER_MS } from '../../../src-main/store/fileLock';

const demo = join(import.meta.dirname, '..', '..', '..', 'resources', 'sample', 'county');
const tmp = useTempDir('ra-writers-');
const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.session.close();
});

/** A session (closed after the test). */
function session(): Harness {
  const h = harness();
  open.push(h);
  return h;
}

/** A project with one layer, saved and closed; its path. */
async function project(name: string): Promise<string> {
  const h = harness();
  const path = join(tmp(), `${name}.riskatlas`);
  await h.call('project.new', { name, path });
  await h.call('layer.import', { path: join(demo, 'schools.geojson') });
  await h.call('project.save');
  await h.session.close();
  return path;
}

/** The pid of a process that has ended (to stand for a crashed holder). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

const owner = (pid: number, host = hostname()) => ({ pid, host, user: 'colleague', app: 'desktop', since: '2026-03-01T08:00:00.000Z', nonce: `n${pid}` });

describe('two sessions on one project', () => {
  it('the editor\'s save keeps the comment and decision a reviewer saved meanwhile (V4: it erased them)', async () => {
    const path = await project('v4');
    const editor = session();
    await editor.call('project.open', { path });
    const reviewer = session();
    await reviewer.call('review.open', { path });
    await reviewer.call('review.addComment', { x: 470000, y: 4030000, text: '南沟乡隐患点位置不符', author: '县应急管理局' });
    await reviewer.call('review.decide', { decision: 'returned', reasons: '补充威胁人数', reviewer: '县应急管理局' });
    // The editor, whose copy predates both, edits and saves.
    await editor.call('layer.update', { id: 'schools', name: '学校（核实）' });
    await editor.call('project.save');
    const f = await ProjectFile.open(path);
    expect(f.comments().map((c) => c.text)).toEqual(['南沟乡隐患点位置不符']);
    // With the number of comments unresolved when it was made (one: the reviewer's own).
    expect(f.decisions().map((d) => [d.reasons, d.unresolved])).toEqual([['补充威胁人数', 1]]);
    expect(f.layers()[0]!.name).toBe('学校（核实）');
    f.close();
    // And the editor sees them now: its copy took them in when it saved.
    expect((await editor.call('review.view')).comments).toHaveLength(1);
  });

  it('a second editor gets the project read-only, is told who holds it, and its comments still reach the file', async () => {
    const path = await project('second');
    const first = session();
    await first.call('project.open', { path });
    const second = session();
    await second.call('project.open', { path });
    const info = (await second.call('project.info'))!;
    expect(info).toMatchObject({ readOnly: true, readOnlyReason: 'locked', lockedBy: { pid: process.pid, host: hostname(), app: 'cli' } });
    const refused = await second.raw('layer.update', { id: 'schools', name: 'x' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'E_PROJECT_LOCKED' } });
    expect((refused as { error: { message: string } }).error.message).toMatch(new RegExp(`@${hostname()} edits this project \\(cli, process ${process.pid}`));
    expect(await codeOf(second.call('job.startRun'))).toBe('E_PROJECT_LOCKED');
    // Its comment goes into the file at once (merged), and the holder's save keeps it.
    await second.call('review.addComment', { x: 1, y: 2, text: '第二位的意见', author: '乙' });
    await first.call('review.addComment', { x: 3, y: 4, text: '编辑者的备注', author: '甲' });
    await first.call('project.save');
    await second.call('project.save'); // writes only its review records
    const f = await ProjectFile.open(path);
    expect(f.comments().map((c) => c.text).sort()).toEqual(['第二位的意见', '编辑者的备注'].sort());
    f.close();
    // Once the holder closes, the project is free for the next opener.
    await first.call('project.close');
    await second.call('project.open', { path });
    expect((await second.call('project.info'))!.readOnly).toBe(false);
  });

  it('a comment resolved in one copy stays resolved when a stale copy adds another', async () => {
    const path = await project('resolve');
    const editor = session();
    await editor.call('project.open', { path });
    const reviewer = session();
    await reviewer.call('review.open', { path });
    const c = await reviewer.call('review.addComment', { x: 1, y: 2, text: '待处理', author: '审核' });
    await editor.call('project.save'); // takes the comment in
    const mine = (await editor.call('review.view')).comments[0]!;
    await editor.call('review.resolveComment', { id: mine.id, resolved: true });
    await editor.call('project.save');
    await reviewer.call('review.addComment', { x: 5, y: 6, text: '再次意见', author: '审核' });
    const f = await ProjectFile.open(path);
    expect(f.comments().map((x) => [x.text, x.resolved])).toEqual([
      ['待处理', true],
      ['再次意见', false],
    ]);
    f.close();
    expect((await reviewer.call('review.view')).comments.find((x) => x.text === c.text)!.resolved).toBe(true);
  });

  it('saving a copy under a new name is the way out of a held project: the copy is this session\'s to edit', async () => {
    const path = await project('held');
    const first = session();
    await first.call('project.open', { path });
    const second = session();
    await second.call('project.open', { path });
    await second.call('project.saveAs', { path: join(tmp(), 'my-copy.riskatlas') });
    expect((await second.call('project.info'))!).toMatchObject({ readOnly: false, path: join(tmp(), 'my-copy.riskatlas') });
    await second.call('layer.update', { id: 'schools', name: '副本' });
    // A save-as onto a project file a live process holds is refused.
    const taken = join(tmp(), 'taken.riskatlas');
    writeFileSync(lockPathOf(taken), JSON.stringify(owner(process.pid)));
    expect(await codeOf(second.call('project.saveAs', { path: taken }))).toBe('E_PROJECT_LOCKED');
  });
});

describe('stale and foreign locks', () => {
  it('takes over the lock of a process that has ended, and says whose it was', async () => {
    const path = await project('stale');
    const pid = deadPid();
    expect(pid).toBeGreaterThan(0);
    writeFileSync(lockPathOf(path), JSON.stringify(owner(pid)));
    const h = session();
    await h.call('project.open', { path });
    expect((await h.call('project.info'))!).toMatchObject({ readOnly: false, tookOverLockFrom: { pid, user: 'colleague', app: 'desktop' } });
  });

  it('leaves the lock of a live process of this host alone: read-only', async () => {
    const path = await project('live');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(lockPathOf(path), JSON.stringify(owner(child.pid!)));
      const h = session();
      await h.call('project.open', { path });
      expect((await h.call('project.info'))!).toMatchObject({ readOnlyReason: 'locked', lockedBy: { pid: child.pid } });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('trusts another host\'s lock while its heartbeat is fresh, takes it over once it is older than the stale age', async () => {
    const path = await project('foreign');
    writeFileSync(lockPathOf(path), JSON.stringify(owner(4242, 'survey-laptop-7')));
    const h = session();
    await h.call('project.open', { path });
    expect((await h.call('project.info'))!).toMatchObject({ readOnlyReason: 'locked', lockedBy: { host: 'survey-laptop-7' } });
    await h.call('project.close');
    const old = new Date(Date.now() - STALE_AFTER_MS - 60_000);
    utimesSync(lockPathOf(path), old, old);
    await h.call('project.open', { path });
    expect((await h.call('project.info'))!).toMatchObject({ readOnly: false, tookOverLockFrom: { host: 'survey-laptop-7' } });
  });
});
