/**
 * Child process for the leftovers test: at once saves a large project again and again and runs
 * the demo model with a tiny kept-tile budget (so its tiles spill to the temporary folder) —
 * what a session does when it is killed. Prints its pid, then nothing; the parent kills it
 * once its temporary files exist. Arguments: <project> <model.json> <out dir>.
 */
import { ProjectFile } from '../../../src-main/store/projectFile';
import { runModel } from '../../../src-main/engine/pipeline/run';

const [path, model, outDir] = process.argv.slice(2);
process.stdout.write(`pid ${process.pid}\n`);
const p = await ProjectFile.open(path!);
// Bulk, so that every save spends a while writing its temporary sibling.
p.setMeta('pad', 'x'.repeat(48 * 1024 * 1024));
const saving = (async () => {
  for (let n = 1; ; n++) {
    p.setMeta('n', String(n));
    await p.save();
  }
})();
const running = (async () => {
  for (;;) await runModel(model!, outDir!, { workers: 0, tileSize: 64, tileMemory: 256 * 1024 });
})();
await Promise.all([saving, running]);
