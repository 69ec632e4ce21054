import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Session } from '../../../src-main/api/session';
import { createHandlers } from '../../../src-main/api/handlers';
import { dispatch } from '../../../src-main/api/dispatch';
import { harness, type Harness } from './apiHarness';
import { codeOf } from '../../fixtures/errorCode';

let h: Harness;
afterEach(async () => {
  await h?.session.close();
});

describe('workspace.* through dispatch, as serve mode calls it (no user path allowed)', () => {
  it('lists the projects of the workspace by name (recently opened first), opens one by name, saves a copy under a new name', async () => {
    h = harness(() => false);
    await h.call('project.new', { name: '甲县' });
    await h.call('project.new', { name: '乙县' });
    await h.call('project.close');
    // Projects someone else made in the workspace (another recent list), never opened here: after the recent ones, newest first.
    const other = new Session({ workspace: h.workspace, stateDir: mkdtempSync(join(tmpdir(), 'ra-state-')) });
    const otherCall = createHandlers(other, () => false);
    for (const name of ['丙县', '丁县']) expect((await dispatch(otherCall, 'project.new', { name })).ok).toBe(true);
    await other.close();
    utimesSync(join(h.workspace, '丙县.riskatlas'), new Date('2020-01-01'), new Date('2020-01-01'));
    const list = await h.call('workspace.list');
    expect(list.folder).toBe(basename(h.workspace));
    expect(list.projects.map((p) => p.name)).toEqual(['乙县', '甲县', '丁县', '丙县']);
    expect(list.projects.map((p) => p.recent)).toEqual([0, 1, undefined, undefined]);
    expect(JSON.stringify(list)).not.toContain(h.workspace);

    const v = await h.call('workspace.open', { name: '乙县' });
    expect('draft' in v && v.name).toBe('乙县');
    expect((await h.call('workspace.list')).projects.find((p) => p.name === '乙县')).toMatchObject({ open: true, recent: 0 });

    const info = await h.call('project.saveAs', { name: '乙县副本' });
    expect(info.path).toBe(join(h.workspace, '乙县副本.riskatlas'));
    expect((await h.call('workspace.list')).projects.map((p) => p.name)).toContain('乙县副本');
  });

  it('refuses names that are paths or hidden or device names, and names of no project', async () => {
    h = harness(() => false);
    for (const name of ['../x', 'a/b', 'a\\b', '..', '.hidden', 'CON', 'x.', ' ', 'c:x', 'a\u0000b']) {
      expect(await codeOf(h.call('workspace.open', { name })), name).toBe('E_ARG_INVALID');
      expect(await codeOf(h.call('project.new', { name })), name).toBe('E_ARG_INVALID');
    }
    expect(await codeOf(h.call('workspace.open', { name: '无此项目' }))).toBe('E_FILE_NOT_FOUND');
    expect(await codeOf(h.call('workspace.open', { name: 'x', path: '/tmp/x.riskatlas' }))).toBe('E_ARG_INVALID');
  });

  it('lists only project files lying in the workspace: not folders, autosaves, hidden files or other files', async () => {
    h = harness(() => false);
    await h.call('project.new', { name: '甲县' });
    await h.session.close();
    writeFileSync(join(h.workspace, 'notes.txt'), 'x');
    writeFileSync(join(h.workspace, '.hidden.riskatlas'), 'x');
    writeFileSync(join(h.workspace, '甲县.riskatlas.autosave'), 'x');
    mkdirSync(join(h.workspace, 'folder.riskatlas'));
    symlinkSync('/etc/passwd', join(h.workspace, 'link.riskatlas'));
    const list = await h.call('workspace.list');
    expect(list.projects.map((p) => p.name)).toEqual(['甲县']);
    // The autosave is newer than the project: the start page offers recovery.
    expect(list.projects[0]!.recoverable).toBe(true);
    expect(await codeOf(h.call('workspace.open', { name: 'link' }))).toBe('E_FILE_NOT_FOUND');
    expect(await codeOf(h.call('workspace.open', { name: 'folder' }))).toBe('E_FILE_NOT_FOUND');
  });
});
