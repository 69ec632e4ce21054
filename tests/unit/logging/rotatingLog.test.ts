/**
 * The log a bureau sends with a bug report: one line per event, rotated by size into
 * riskatlas.1.log … riskatlas.<keep>.log with the oldest dropped, no line ever split or lost
 * in a rotation; and the process's log is only there once the app or serve mode opened it.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appLog, LOG_FILE, openAppLog, RotatingLog } from '../../../src-main/logging/rotatingLog';
import { useTempDir } from '../../fixtures/tempDir';

const tmp = useTempDir('ra-log-');

describe('rotating log', () => {
  it('writes one line per event with time, level, process and fields, a multi-line message kept on one line', () => {
    const log = new RotatingLog({ dir: join(tmp(), 'one') });
    log.warn('project.open: the file is not a project\nsecond line', { code: 'E_PROJECT_INVALID' });
    const lines = readFileSync(join(tmp(), 'one', LOG_FILE), 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z WARN \\[${process.pid}\\] project\\.open: the file is not a project ⏎ second line \\{"code":"E_PROJECT_INVALID"\\}$`));
  });

  it('rotates by size, keeps the newest files and drops the oldest, losing no line of those kept', () => {
    const dir = join(tmp(), 'rot');
    const log = new RotatingLog({ dir, maxBytes: 400, keep: 3 });
    for (let i = 0; i < 60; i++) log.info(`event ${String(i).padStart(2, '0')}`);
    expect(readdirSync(dir).sort()).toEqual(['riskatlas.1.log', 'riskatlas.2.log', 'riskatlas.3.log', 'riskatlas.log']);
    const events = (f: string): number[] => [...readFileSync(join(dir, f), 'utf8').matchAll(/event (\d+)/g)].map((m) => Number(m[1]));
    const kept = [...events('riskatlas.3.log'), ...events('riskatlas.2.log'), ...events('riskatlas.1.log'), ...events('riskatlas.log')];
    // Consecutive and ending with the last event: the oldest went, nothing in between did.
    expect(kept.at(-1)).toBe(59);
    expect(kept).toEqual(kept.map((_, i) => 59 - kept.length + 1 + i));
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(400);
  });

  it('is the process log only once opened', () => {
    expect(appLog()).toBeNull();
    const log = openAppLog(join(tmp(), 'app'));
    expect(appLog()).toBe(log);
    expect(log.dir).toBe(join(tmp(), 'app'));
  });
});
