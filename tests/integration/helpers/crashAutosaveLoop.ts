/**
 * Child process for the autosave-recovery test: opens the project — from its autosave when
 * one is newer, as the app does once the user accepts recovery — then keeps editing it (one
 * review comment per step, numbered, and the count in the metadata) and autosaving, printing
 * "autosaved <n>" after each autosave returns. It never saves the project itself: the
 * parent kills it and checks that the autosave holds the work.
 * Arguments: <project>.
 */
import { ProjectFile } from '../../../src-main/store/projectFile';

const [path] = process.argv.slice(2);
const probe = await ProjectFile.open(path!);
const p = probe.recoverable ? (probe.close(), await ProjectFile.open(path!, { fromAutosave: true })) : probe;
let n = Number(p.getMeta('edits') ?? 0);
// Some bulk so an autosave takes a while and kills land inside it.
const note = '批注'.repeat(20_000);
for (;;) {
  n++;
  p.addComment({ x: n, y: n, text: `${n} ${note}` });
  p.setMeta('edits', String(n));
  await p.autosave();
  process.stdout.write(`autosaved ${n}\n`);
}
