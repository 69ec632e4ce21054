/**
 * What the own-county tests share: the `riskatlas` command run as a user would (in Chinese or
 * English), and the worked example's model document as docs/model.md documents it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..', '..');

/** Run `riskatlas <args>` with the language `lang`; its exit status and output. */
export function cli(lang: 'zh' | 'en', ...args: string[]): { status: number; stdout: string; stderr: string } {
  const env = { ...process.env, LANG: lang === 'zh' ? 'zh_CN.UTF-8' : 'en_US.UTF-8', RISKATLAS_LANG: lang };
  const r = spawnSync(process.execPath, [join(root, 'bin', 'riskatlas.mjs'), ...args], { encoding: 'utf8', env, timeout: 300_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The model document docs/model.md documents for the worked example (the JSON block after its marker). */
export function documentedModel(): Record<string, unknown> {
  const md = readFileSync(join(root, 'docs', 'model.md'), 'utf8');
  const block = /<!-- worked-example-model -->\s*```json\n([\s\S]*?)```/.exec(md);
  if (!block) throw new Error('docs/model.md lost its worked example');
  return JSON.parse(block[1]!) as Record<string, unknown>;
}
