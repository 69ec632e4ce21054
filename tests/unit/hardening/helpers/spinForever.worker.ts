/** Worker thread that never answers: it spins synchronously on every message (to test that the fuzzing's case limit stops it). */
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', () => {
  for (;;);
});
parentPort!.postMessage('ready');
