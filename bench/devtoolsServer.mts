// What the devtools server's event stream costs with many pages: `stuck`, 100
// pages that never read while the tracker is under load (memory, the server's
// write buffers); `joins`, 1,000 pages joining (time, messages, bytes). One
// process, real sockets on 127.0.0.1; figures, not assertions (the specs under
// spec/devtools/server/ assert the bounds).
//
//   node --expose-gc --import tsx bench/devtoolsServer.mts stuck
//   node --expose-gc --import tsx bench/devtoolsServer.mts joins
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { LogOnlyPolicy, SemaphoreScheduler, TaskTracker } from '../lib/index.js';
import { devtoolsHandler } from '../lib/devtools/server/index.js';

const mode = process.argv[2];
if (mode !== 'stuck' && mode !== 'joins') {
  console.error('usage: node --expose-gc --import tsx bench/devtoolsServer.mts stuck|joins');
  process.exit(2);
}
const tracker = new TaskTracker(SemaphoreScheduler.withPermits(8), new LogOnlyPolicy({ logger: () => {} }));
const children = Array.from({ length: 5 }, (_, i) => tracker.childTrackerBuilder().name(`child-${i}`).build());
const handler = devtoolsHandler(tracker, { basePath: '/devtools' });
const serverSockets: Socket[] = [];
const server: Server = createServer((req, res) => handler(req, res));
server.on('connection', (s) => serverSockets.push(s));
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as AddressInfo).port;
const mb = (n: number) => (n / 1048576).toFixed(1);
const buffered = () => serverSockets.reduce((sum, s) => sum + (s.destroyed ? 0 : s.writableLength), 0);
const usage = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return `rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} MB, external+ab ${mb(m.external + m.arrayBuffers)} MB, server buffers ${mb(buffered())} MB`;
};
const rejectWith = (text: string) => () => Promise.reject(new Error(text));

// Some history: bars and failures.
for (let i = 0; i < 200; i++) await children[i % 5].spawn(() => Promise.resolve(i));
for (let i = 0; i < 20; i++) await children[i % 5].spawn(rejectWith(`failure ${i} ${'x'.repeat(100)}`)).catch(() => {});

function client(onData?: (chunk: Buffer) => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(`GET /devtools/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      resolve(s);
    });
    s.on('error', reject);
    if (onData) s.on('data', onData);
  });
}

async function timed(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.text();
  return performance.now() - t0;
}

await timed(`http://127.0.0.1:${port}/devtools`); // fetch's own first-call cost, out of the figures

if (mode === 'stuck') {
  console.log(`start: ${usage()}`);
  const sockets: Socket[] = [];
  for (let i = 0; i < 100; i++) {
    const s = await client();
    s.pause();
    sockets.push(s);
  }
  await new Promise((r) => setTimeout(r, 500));
  console.log(`100 stuck clients: ${usage()}`);
  const load = setInterval(() => {
    for (let i = 0; i < 20; i++) children[i % 5].spawn(() => Promise.resolve(i));
    for (let i = 0; i < 5; i++) children[i % 5].spawn(rejectWith(`load failure ${'y'.repeat(1000)}`)).catch(() => {});
  }, 20);
  const t0 = performance.now();
  for (let s = 4; s <= 24; s += 4) {
    await new Promise((r) => setTimeout(r, 4000));
    console.log(`${((performance.now() - t0) / 1000).toFixed(0)} s under load: ${usage()}`);
  }
  clearInterval(load);
  for (let s = 4; s <= 8; s += 4) {
    await new Promise((r) => setTimeout(r, 4000));
    console.log(`${s} s idle: ${usage()}`);
  }
  console.log(`GET /devtools with them: ${(await timed(`http://127.0.0.1:${port}/devtools`)).toFixed(1)} ms`);
  for (const s of sockets) s.destroy();
} else {
  let messages = 0;
  let bytes = 0;
  let tail = '';
  const count = (chunk: Buffer) => {
    bytes += chunk.length;
    const text = tail + chunk.toString('latin1');
    const parts = text.split('event: state');
    messages += parts.length - 1;
    tail = parts[parts.length - 1].slice(-16);
  };
  const sockets: Socket[] = [];
  const t0 = performance.now();
  let probe = 0;
  const N = 1000;
  for (let i = 0; i < N; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, N - i) }, () =>
        new Promise<Socket>((resolve) => {
          let got = false;
          let own = '';
          const s = client((chunk) => {
            count(chunk);
            own += chunk.toString('latin1');
            if (!got && own.includes('event: state')) {
              got = true;
              own = '';
              resolve(s);
            }
            if (own.length > 64) own = own.slice(-32);
          });
        }),
      ),
    );
    sockets.push(...batch);
    if (i === Math.floor(N / 2 / 50) * 50) probe = await timed(`http://127.0.0.1:${port}/devtools`);
  }
  const elapsed = performance.now() - t0;
  console.log(`${N} joins: ${(elapsed / 1000).toFixed(2)} s, ${messages} state messages, ${mb(bytes)} MB received; GET /devtools at half way: ${probe.toFixed(1)} ms`);
  for (const s of sockets) s.destroy();
}
server.closeAllConnections();
server.close();
tracker.cancel();
process.exit(0);
