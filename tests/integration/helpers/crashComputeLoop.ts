/**
 * Child process for the crash-safety test: runs the demo model again and again (the long
 * compute), and after each run stores it in the project — the run record, the grade raster
 * embedded with its hash, the generation number — and saves. Prints "computing <n>" when a
 * run starts and "saved <n>" after each save returns. The parent kills it at random moments.
 * Arguments: <project> <model.json> <out dir> <generation the project holds>.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProjectFile } from '../../../src-main/store/projectFile';
import { runModel } from '../../../src-main/engine/pipeline/run';

const [path, model, outDir, startArg] = process.argv.slice(2);
let gen = Number(startArg);
const p = await ProjectFile.open(path!);
const modelText = await readFile(model!, 'utf8');
for (;;) {
  gen++;
  process.stdout.write(`computing ${gen}\n`);
  const started = new Date().toISOString();
  // In this thread (no tile workers): the kill must hit the process doing the work.
  await runModel(model!, outDir!, { workers: 0 });
  const grade = new Uint8Array(await readFile(join(outDir!, 'risk_grade.tif')));
  // The project embeds the run's index raster too (a few MiB with the padding): saves take long enough to be hit.
  const index = new Uint8Array(await readFile(join(outDir!, 'risk_index.tif')));
  const padded = new Uint8Array(index.length + 6 * 1024 * 1024);
  padded.set(index);
  for (let i = index.length; i < padded.length; i += 4096) padded[i] = (gen * 7 + i) & 255;
  p.recordRun({ id: `run${gen}`, started, finished: new Date().toISOString(), model: modelText, summary: { gen } });
  p.putLayer({ id: 'grade', name: '风险等级', category: 'basemap', path: 'risk_grade.tif', sha256: createHash('sha256').update(grade).digest('hex'), embedded: grade, meta: { gen } });
  p.putLayer({ id: 'index', name: '风险指数', category: 'basemap', path: 'risk_index.tif', sha256: createHash('sha256').update(padded).digest('hex'), embedded: padded, meta: { gen } });
  p.setMeta('generation', String(gen));
  process.stdout.write(`saving ${gen}\n`);
  await p.save();
  process.stdout.write(`saved ${gen}\n`);
}
