/**
 * Child process for the two-writer test: a RiskAtlas session on one project, as another
 * desktop app or `riskatlas serve --review` would be.
 * - `hold <project>`: open it to edit, print its project.info as one JSON line, then wait
 *   (the parent kills it);
 * - `review <project> <n>`: open it for review and add n comments one by one, printing
 *   "comment <i>" after each is in the file.
 */
import { Session } from '../../../src-main/api/session';
import { createHandlers } from '../../../src-main/api/handlers';
import { dispatch } from '../../../src-main/api/dispatch';

const [mode, path, count] = process.argv.slice(2);
const session = new Session({ app: mode === 'hold' ? 'desktop' : 'serve' });
const handlers = createHandlers(session, () => true);
const call = async (method: string, args: unknown): Promise<unknown> => {
  const r = await dispatch(handlers, method, args);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
};
if (mode === 'hold') {
  await call('project.open', { path });
  process.stdout.write(JSON.stringify(await call('project.info', {})) + '\n');
  setInterval(() => undefined, 60_000);
} else {
  await call('review.open', { path });
  for (let i = 1; i <= Number(count); i++) {
    await call('review.addComment', { x: i, y: i, text: `child comment ${i}`, author: 'child' });
    process.stdout.write(`comment ${i}\n`);
  }
  await session.close();
}
