/**
 * Child process for the crash-safety test: keeps rewriting a large project (an 8 MiB
 * embedded layer whose hash is stored beside it) with an increasing generation number,
 * printing "saved <n>" after each save returns. The parent kills it at random moments.
 */
import { createHash } from 'node:crypto';
import { ProjectFile } from '../../../src-main/store/projectFile';

const [path, startArg] = process.argv.slice(2);
let gen = Number(startArg);
const p = await ProjectFile.open(path!);
for (;;) {
  gen++;
  const blob = new Uint8Array(8 * 1024 * 1024);
  // Different bytes each generation, so a mix of two states cannot pass the hash check.
  for (let i = 0; i < blob.length; i += 4096) blob[i] = (gen * 31 + i) & 255;
  p.putLayer({ id: 'big', name: 'big', category: 'basemap', path: 'big.bin', sha256: createHash('sha256').update(blob).digest('hex'), embedded: blob, meta: { gen } });
  p.setMeta('generation', String(gen));
  await p.save();
  process.stdout.write(`saved ${gen}\n`);
}
