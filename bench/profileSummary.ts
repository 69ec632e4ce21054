/**
 * `node --import tsx bench/profileSummary.ts [dir] [--top 25]` — where the time went in the
 * V8 CPU profiles that `npm run bench -- --profile` writes (one per thread, main and tile
 * workers): self time per function and source file, summed over all profiles, largest first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
const dir = positionals[0] ?? join(import.meta.dirname, '.cache', 'profiles');
const root = join(import.meta.dirname, '..');
const self = new Map<string, number>();
const perFile = new Map<string, number>();
let total = 0;
for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'))) {
  const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  // Sample i lasted timeDeltas[i + 1] µs (the delta to the next sample).
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]!);
    if (!n) continue;
    const us = p.timeDeltas[i + 1] ?? 0;
    const name = n.callFrame.functionName || '(anonymous)';
    if (name === '(idle)' || name === '(program)') continue;
    // tsx tags each thread's copy of a module with a namespace query: strip it to merge threads.
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(/\?tsx-namespace=[^:]*$/, '');
    const file = url ? relative(root, url) : '(native)';
    const key = `${name}  ${file}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + us);
    perFile.set(file, (perFile.get(file) ?? 0) + us);
    total += us;
  }
}
const top = Number(values.top);
const fmt = (us: number): string => `${(us / 1e6).toFixed(2).padStart(7)} s ${((100 * us) / total).toFixed(1).padStart(5)} %`;
process.stdout.write(`busy time in profiles: ${(total / 1e6).toFixed(2)} s\n\nby function (self time):\n`);
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${fmt(us)}  ${k}\n`);
process.stdout.write('\nby file (self time):\n');
for (const [k, us] of [...perFile].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${fmt(us)}  ${k}\n`);
