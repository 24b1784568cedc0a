// The event stream of devtoolsHandler under many pages: what a join costs, and
// what pages that never read cost. Real sockets; the stream's ticks run on a
// virtual clock, so every message is one a spec caused.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VirtualTimeScheduler } from 'rxjs';
import type { TaskTracker } from '../../../lib/index.js';
import { devtoolsHandler } from '../../../lib/devtools/server/index.js';
import { semaphoreTracker } from '../../helpers/trackers.js';
import { rawRequest, streamClient, type StreamClient } from './rawHttp.js';

const INTERVAL = 250;
/** Generous: the machine may be shared; nothing here measures time. */
const TIMEOUT_MS = 120_000;

function listeners(tracker: TaskTracker): number {
  return (tracker as unknown as { _ledger: { _eventListeners: number } })._ledger._eventListeners;
}

/** Lets the sockets move what was written. */
const io = () => new Promise((resolve) => setImmediate(resolve));

describe('devtoolsHandler stream', () => {
  let server: Server;
  let port: number;
  let root: TaskTracker;
  let clock: VirtualTimeScheduler;
  let clients: StreamClient[];
  /** The server's side of each stream, and what was written to it. */
  let responses: { res: ServerResponse; writes: number; bytes: number; largest: number }[];

  beforeEach(async () => {
    root = semaphoreTracker(4);
    clock = new VirtualTimeScheduler();
    clients = [];
    responses = [];
    const handler = devtoolsHandler(root, { basePath: '/devtools', intervalMs: INTERVAL, clock });
    server = createServer((req, res) => {
      const record = { res, writes: 0, bytes: 0, largest: 0 };
      responses.push(record);
      const write = res.write.bind(res) as (chunk: string) => boolean;
      res.write = ((chunk: string) => {
        record.writes += chunk.split('event: state\n').length - 1;
        record.bytes += Buffer.byteLength(chunk);
        record.largest = Math.max(record.largest, Buffer.byteLength(chunk));
        return write(chunk);
      }) as typeof res.write;
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    for (const client of clients) client.socket.destroy();
    root.cancel();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Runs the stream's next tick. */
  function tick(): void {
    clock.maxFrames = clock.frame + INTERVAL;
    clock.flush();
  }

  const written = () => responses.reduce((sum, r) => sum + r.writes, 0);

  it('sends a page that joins the state alone: 1,000 joins cost 1,000 messages, and a tick one per page', async () => {
    // Something to send: a few trackers, bars and failures.
    for (const name of ['images', 'users', 'search']) {
      const child = root.childTrackerBuilder().name(name).build();
      await child.spawn(() => Promise.resolve(name));
      await child.spawn(() => Promise.reject(new Error(`${name} failed`))).catch(() => {});
    }
    for (let batch = 0; batch < 10; batch++) {
      const joined = await Promise.all(Array.from({ length: 100 }, () => streamClient(port, '/devtools/stream')));
      await Promise.all(joined.map((client) => client.waitFor(1)));
      clients.push(...joined);
      // Linear: each join wrote one message, to its own page.
      expect(written()).toBe(clients.length);
    }
    expect(responses.length).toBe(1000);
    expect(responses.every((r) => r.writes === 1)).toBeTrue();
    expect(listeners(root)).toBe(1);

    tick();
    await Promise.all(clients.map((client) => client.waitFor(2)));
    expect(written()).toBe(2000);
    expect(clients.every((client) => client.messages() === 2)).toBeTrue();
  }, TIMEOUT_MS);

  it('never throws from its tick nor from a join when the tracker cannot be read: the pages are cut, a join is answered 500', async () => {
    const page = await streamClient(port, '/devtools/stream');
    clients.push(page);
    await page.waitFor(1);
    const closed = new Promise((resolve) => page.socket.once('close', resolve));
    root.tree = () => {
      throw new Error('/secret/path: unreadable');
    };
    tick(); // would end the process if it threw
    await closed;
    const reply = await rawRequest(port, `GET /devtools/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(reply.status).toBe(500);
    expect(reply.body).toBe('the devtools handler failed\n');
    expect(listeners(root)).toBe(0);
  });

  it('holds a bounded buffer per page that never reads, and sends it what it missed in one message once it drains', async () => {
    for (let i = 0; i < 100; i++) clients.push(await streamClient(port, '/devtools/stream', { paused: i > 0, keep: i === 0 }));
    await clients[0].waitFor(1);
    const stuck = () => responses.slice(1);
    const buffered = () => stuck().reduce((sum, r) => sum + r.res.writableLength, 0);
    let failures = 0;
    /** A round of load: failed tasks with long messages, then a tick. */
    const round = async () => {
      const failing = Array.from({ length: 10 }, () => root.spawn(() => Promise.reject(new Error(`failure ${++failures} ${'x'.repeat(4000)}`))).catch(() => {}));
      await Promise.all(failing);
      tick();
      await io();
      await io();
    };

    // Until the kernel's buffers are full and every stuck page's response is past its high-water mark.
    let rounds = 0;
    while (!stuck().every((r) => r.res.writableNeedDrain) && rounds < 2000) {
      await round();
      rounds++;
    }
    expect(stuck().every((r) => r.res.writableNeedDrain)).withContext(`after ${rounds} rounds`).toBeTrue();
    // At most the high-water mark and one message each.
    const bound = stuck().reduce((sum, r) => sum + r.res.writableHighWaterMark + r.largest, 0);
    const atFull = buffered();
    expect(atFull).toBeLessThanOrEqual(bound);

    // Under load for a while longer (and idle: the heartbeat): nothing more is written to them, and their buffers stay put.
    const writesAtFull = stuck().map((r) => r.writes);
    for (let i = 0; i < 50; i++) await round();
    for (let i = 0; i < 10; i++) tick();
    await io();
    expect(stuck().map((r) => r.writes)).toEqual(writesAtFull);
    expect(buffered()).toBe(atFull);
    expect(buffered()).toBeLessThanOrEqual(bound);
    // The page that reads was sent every tick.
    expect(responses[0].writes).toBeGreaterThan(rounds + 50);

    // A stuck page that reads again gets one message with the failures it missed (the newest ones the model keeps).
    const [late] = stuck();
    const client = clients[1];
    const drained = new Promise((resolve) => late.res.once('drain', resolve));
    const seen: string[] = [];
    client.socket.on('data', (chunk: string) => seen.push(chunk));
    client.socket.resume();
    await drained;
    const before = late.writes;
    tick();
    expect(late.writes).toBe(before + 1);
    await new Promise<void>((resolve) => {
      const check = () => (seen.join('').includes(`failure ${failures} `) ? resolve() : setImmediate(check));
      check();
    });
  }, TIMEOUT_MS);
});
