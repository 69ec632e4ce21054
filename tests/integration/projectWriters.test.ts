/**
 * The project lock and the merged review records between two processes (issue 16, V4): a
 * process holding a project makes a second process's session read-only and is named in it;
 * killed, its lock is stale and taken over with a notice; a reviewer process adding comments
 * while the editor keeps saving loses none of them.
 */
import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { harness } from '../unit/api/apiHarness';
import { useTempDir } from '../fixtures/tempDir';
import { ProjectFile } from '../../src-main/store/projectFile';
import type { ProjectInfo } from '../../src-main/api/contract';

const root = join(import.meta.dirname, '..', '..');
const demo = join(root, 'resources', 'sample', 'county');
const tmp = useTempDir('ra-writers2-');

function child(args: string[]): { proc: ChildProcess; lines: string[]; line: (match: RegExp) => Promise<string>; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/integration/helpers/projectSession.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiters: { match: RegExp; resolve: (l: string) => void }[] = [];
  let buf = '';
  proc.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const l of parts) {
      lines.push(l);
      for (const w of waiters.filter((x) => x.match.test(l))) w.resolve(l);
    }
  });
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { proc, lines, exited, line: (match) => new Promise((resolve) => (lines.find((l) => match.test(l)) ? resolve(lines.find((l) => match.test(l))!) : waiters.push({ match, resolve }))) };
}

async function project(name: string): Promise<string> {
  const h = harness();
  const path = join(tmp(), `${name}.riskatlas`);
  await h.call('project.new', { name, path });
  await h.call('layer.import', { path: join(demo, 'schools.geojson') });
  await h.call('project.save');
  await h.session.close();
  return path;
}

describe('two processes on one project', () => {
  it('the holder makes this session read-only and is named; killed, its lock is taken over with a notice', async () => {
    const path = await project('held');
    const holder = child(['hold', path]);
    const theirs = JSON.parse(await holder.line(/^\{/)) as ProjectInfo;
    expect(theirs.readOnly).toBe(false);
    const h = harness();
    await h.call('project.open', { path });
    expect((await h.call('project.info'))!).toMatchObject({ readOnlyReason: 'locked', lockedBy: { pid: holder.proc.pid, app: 'desktop' } });
    await h.call('project.close');
    holder.proc.kill('SIGKILL');
    await holder.exited;
    await h.call('project.open', { path });
    expect((await h.call('project.info'))!).toMatchObject({ readOnly: false, tookOverLockFrom: { pid: holder.proc.pid, app: 'desktop' } });
    await h.session.close();
  }, 120_000);

  it('a reviewer process adds 15 comments while the editor saves again and again: all 15 are in the file', async () => {
    const path = await project('busy');
    const editor = harness();
    await editor.call('project.open', { path });
    const reviewer = child(['review', path, '15']);
    let saves = 0;
    let running = true;
    void reviewer.exited.then(() => (running = false));
    while (running) {
      await editor.call('layer.update', { id: 'schools', name: `学校 ${++saves}` });
      await editor.call('project.save');
    }
    expect(await reviewer.exited).toBe(0);
    await editor.call('project.save');
    await editor.session.close();
    const f = await ProjectFile.open(path);
    expect(f.comments().map((c) => c.text).sort()).toEqual(Array.from({ length: 15 }, (_, i) => `child comment ${i + 1}`).sort());
    expect(f.layers()[0]!.name).toBe(`学校 ${saves}`);
    f.close();
    console.log(`two writers: 15 comments from the reviewer process, ${saves} saves by the editor meanwhile, none lost`);
  }, 180_000);
});
