import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { of, Subject } from 'rxjs';
import { TaskTracker, UnlimitedScheduler } from '../../lib/index.js';
import { mergeTask, switchTask } from '../../lib/operators/index.js';
import { quietPolicy } from '../helpers/trackers.js';

/** A request the server received and never answers: it stays in flight until the client goes away. */
interface HeldRequest {
  readonly path: string;
  /** Resolves when the server sees the request's socket close. */
  readonly closed: Promise<void>;
}

// Real fetch (undici) against a real server on 127.0.0.1: the only proof that
// unsubscribing reaches the network is the server seeing the connection go.
describe('operators abort real requests (Node fetch, local HTTP server)', () => {
  let server: Server;
  let base: string;
  let held: HeldRequest[];
  let arrived: (() => void) | undefined;
  const sockets = new Set<Socket>();

  beforeEach(async () => {
    held = [];
    server = createServer((request) => {
      const socket = request.socket;
      held.push({ path: request.url ?? '', closed: new Promise((resolve) => socket.once('close', () => resolve())) });
      arrived?.();
    });
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Waits until the server holds `count` requests. */
  async function requestsHeld(count: number): Promise<HeldRequest[]> {
    while (held.length < count) await new Promise<void>((resolve) => (arrived = resolve));
    return held.slice(0, count);
  }

  function tracker(): TaskTracker {
    return new TaskTracker(new UnlimitedScheduler(), quietPolicy());
  }

  it('mergeTask: unsubscribing the output aborts every fetch in flight; the server sees each socket close', async () => {
    const tasks = tracker();
    const failures: Promise<unknown>[] = [];
    const subscription = of('/a', '/b')
      .pipe(
        mergeTask(tasks, (path, index, token) => {
          const response = fetch(base + path, { signal: token.signal });
          failures.push(response.then(() => 'answered', (error: Error) => error.name));
          return response;
        }),
      )
      .subscribe({ error: (error: unknown) => fail(error) });
    const requests = await requestsHeld(2);
    expect(requests.map((r) => r.path)).toEqual(['/a', '/b']);
    subscription.unsubscribe();
    await Promise.all(requests.map((r) => r.closed));
    expect(await Promise.all(failures)).toEqual(['AbortError', 'AbortError']);
    await tasks.join(); // the aborted promises have settled: their slots are free
    expect(tasks.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, cancelled: 2, failed: 0, pending: 0 }));
  });

  it('switchTask: a new value aborts the previous request', async () => {
    const tasks = tracker();
    const queries = new Subject<string>();
    const failures: Promise<unknown>[] = [];
    const subscription = queries
      .pipe(
        switchTask(tasks, (q, index, token) => {
          const response = fetch(`${base}/search?q=${q}`, { signal: token.signal });
          failures.push(response.then(() => 'answered', (error: Error) => error.name));
          return response;
        }),
      )
      .subscribe({ error: (error: unknown) => fail(error) });
    queries.next('ty');
    const [first] = await requestsHeld(1);
    queries.next('type');
    await first.closed;
    expect(await failures[0]).toBe('AbortError');
    const [, second] = await requestsHeld(2);
    expect(second.path).toBe('/search?q=type');
    expect(tasks.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, cancelled: 1, active: 1 }));
    subscription.unsubscribe();
    await second.closed;
  });
});
