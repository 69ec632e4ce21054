/**
 * The application log: rotating text files a bureau can attach to a bug report. The desktop
 * app and `riskatlas serve` write to `<user data>/logs` (appPaths.logDir; `serve --log <dir>`
 * elsewhere): `riskatlas.log`, and when it passes its size the older files shift to
 * `riskatlas.1.log` … `riskatlas.<keep>.log`, the oldest dropped. One line per event:
 * `2025-03-01T08:00:00.000Z WARN [pid] message {"fields":…}`. Lines are appended synchronously
 * (events are rare: start, stop, failures) so a crash loses none; two processes may share the
 * folder, each line being one append.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

export interface RotatingLogOptions {
  /** Folder of the log files (created when missing). */
  dir: string;
  /** Size in bytes past which the current file is rotated; default 1 MiB. */
  maxBytes?: number;
  /** How many rotated files are kept besides the current one; default 5. */
  keep?: number;
}

/** Name of the current log file in its folder; rotated ones are `riskatlas.<n>.log`. */
export const LOG_FILE = 'riskatlas.log';

export class RotatingLog {
  readonly dir: string;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(opts: RotatingLogOptions) {
    this.dir = opts.dir;
    this.maxBytes = opts.maxBytes ?? 1024 * 1024;
    this.keep = opts.keep ?? 5;
    mkdirSync(this.dir, { recursive: true });
  }

  /** Append one line; rotates first when the line would take the file past its size. */
  write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    const line = `${new Date().toISOString()} ${level} [${process.pid}] ${message.replace(/\r?\n/g, ' ⏎ ')}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`;
    const current = join(this.dir, LOG_FILE);
    const size = existsSync(current) ? statSync(current).size : 0;
    if (size > 0 && size + Buffer.byteLength(line) > this.maxBytes) this.rotate();
    appendFileSync(current, line);
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.write('INFO', message, fields);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.write('WARN', message, fields);
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.write('ERROR', message, fields);
  }

  /** riskatlas.log → riskatlas.1.log → … → riskatlas.<keep>.log; the one past `keep` is removed. */
  private rotate(): void {
    const numbered = (n: number): string => join(this.dir, n === 0 ? LOG_FILE : `riskatlas.${n}.log`);
    rmSync(numbered(this.keep), { force: true });
    for (let n = this.keep - 1; n >= 0; n--) if (existsSync(numbered(n))) renameSync(numbered(n), numbered(n + 1));
  }
}

let current: RotatingLog | null = null;

/** Start the process's log in `dir` (the desktop app and serve mode do, at start). */
export function openAppLog(dir: string): RotatingLog {
  current = new RotatingLog({ dir });
  return current;
}

/** The process's log, or null when it keeps none (tests, the one-shot CLI commands). */
export function appLog(): RotatingLog | null {
  return current;
}
