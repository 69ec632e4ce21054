// A slowloris from one process (test fixture): holds COUNT connections to 127.0.0.1:PORT,
// each sending a request's first line and then one header line every TRICKLE_MS, never the
// end of the headers; a connection the server closes is opened again at once. Prints a JSON
// line of counts every 100 ms: connections opened, closed by the server, and held.
// Usage: node slowloris.mjs <port> <count> <trickleMs>
import { connect } from 'node:net';

const [port, count, trickleMs] = process.argv.slice(2).map(Number);
const stats = { opened: 0, closed: 0, held: 0 };

function open() {
  const s = connect({ host: '127.0.0.1', port }, () => {
    stats.held++;
    s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    s.timer = setInterval(() => s.write(`X-Slow-${stats.opened}: x\r\n`), trickleMs);
  });
  stats.opened++;
  s.on('error', () => undefined);
  s.on('close', () => {
    if (s.timer) {
      clearInterval(s.timer);
      stats.held--;
    }
    stats.closed++;
    setImmediate(open);
  });
}

for (let i = 0; i < count; i++) open();
setInterval(() => process.stdout.write(JSON.stringify(stats) + '\n'), 100);
