// rx-task-tracker/devtools/server on a real node:http server.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Subject, of } from 'rxjs';
import type { TaskTracker } from '../../../lib/index.js';
import { devtoolsHandler, type DevtoolsHandlerOptions } from '../../../lib/devtools/server/index.js';
import { semaphoreTracker } from '../../helpers/trackers.js';

interface Reply {
  readonly status: number;
  readonly body: string;
}

function listeners(tracker: TaskTracker): number {
  return tracker._ledger._eventListeners;
}

describe('devtoolsHandler', () => {
  let server: Server;
  let base: string;
  let host: string;
  let root: TaskTracker;

  async function serve(options: DevtoolsHandlerOptions): Promise<void> {
    const handler = devtoolsHandler(root, { basePath: '/devtools', intervalMs: 20, ...options });
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    base = `http://${host}/devtools`;
  }

  function send(method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  const cancel = (body: string, headers: Record<string, string> = { origin: `http://${host}`, 'content-type': 'application/json' }) =>
    send('POST', `${base}/cancel`, body, headers);

  /** Opens the event stream; resolves with its `state` messages as they come, and a way to close it. */
  function stream(): Promise<{ messages: Record<string, unknown>[]; next: () => Promise<Record<string, unknown>>; close: () => void }> {
    return new Promise((resolve, reject) => {
      const messages: Record<string, unknown>[] = [];
      const waiting: (() => void)[] = [];
      const req = request(`${base}/stream`, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /^data: (.*)$/m.exec(block);
            if (/^event: state$/m.test(block) && data !== null) messages.push(JSON.parse(data[1]) as Record<string, unknown>);
          }
          for (const wake of waiting.splice(0)) wake();
        });
        let seen = 0;
        const next = () =>
          new Promise<Record<string, unknown>>((done) => {
            const check = () => (messages.length > seen ? done(messages[seen++]) : waiting.push(check));
            check();
          });
        resolve({ messages, next, close: () => req.destroy() });
      });
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
      req.end();
    });
  }

  beforeEach(() => {
    root = semaphoreTracker(2);
  });

  afterEach(async () => {
    root.cancel();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves the page at its base path, with the panel following the stream there', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'devtools-'));
    const script = path.join(dir, 'panel.js');
    writeFileSync(script, 'console.log("panel")');
    await serve({ panelScript: script });

    const page = await send('GET', base);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<task-tracker-devtools source="/devtools"></task-tracker-devtools>');
    expect(page.body).toContain('<script src="/devtools/panel.js"></script>');
    expect(await send('GET', `${base}/panel.js`)).toEqual({ status: 200, body: 'console.log("panel")' });
    expect((await send('GET', `http://${host}/elsewhere`)).status).toBe(404);
  });

  it('streams the tree, then only the bars and failures that are new; follows the tracker only while a page listens', async () => {
    await serve({});
    const images = root.childTrackerBuilder().name('images').build();
    images.spawn(new Subject<never>());
    expect(listeners(root)).toBe(0);

    const events = await stream();
    const first = await events.next();
    expect(listeners(root)).toBe(1);
    expect(first['reset']).toBeTrue();
    expect(first['allowCancel']).toBeFalse();
    expect((first['rows'] as { path: string }[]).map((r) => r.path)).toEqual(['root', 'root/images']);

    const done = await root.spawn(of('x')).then(() => root.spawn(() => Promise.reject(new Error('<b>no</b>'))).catch(() => 'failed'));
    expect(done).toBe('failed');
    let message = await events.next();
    while ((message['failures'] as unknown[]).length === 0) message = await events.next();
    expect(message['reset']).toBeFalse();
    expect((message['failures'] as { message: string }[]).map((f) => f.message)).toEqual(['Error: <b>no</b>']);
    const later = await events.next();
    expect(later['failures']).toEqual([]);

    events.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(listeners(root)).toBe(0);
  });

  it('refuses cancels unless allowCancel, and from another origin', async () => {
    await serve({});
    const child = root.childTrackerBuilder().name('images').build();
    const refused = await cancel(JSON.stringify({ path: 'root/images' }));
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('allowCancel: true');
    expect(child.cancellationToken().isCancelled()).toBeFalse();
  });

  it('cancels the tracker at a path with allowCancel, same origin only', async () => {
    await serve({ allowCancel: true });
    const images = root.childTrackerBuilder().name('images').build();
    const users = root.childTrackerBuilder().name('users').build();
    const body = JSON.stringify({ path: 'root/images' });

    expect((await cancel(body, { origin: 'http://evil.example', 'content-type': 'application/json' })).status).toBe(403);
    expect((await cancel(body, { 'content-type': 'application/json' })).status).toBe(403);
    expect((await cancel(body, { origin: `http://${host}`, 'content-type': 'text/plain' })).status).toBe(415);
    expect(images.cancellationToken().isCancelled()).toBeFalse();

    expect(await cancel(body)).toEqual({ status: 200, body: '{"path":"root/images","cancelled":true}' });
    expect(images.cancellationToken().isCancelled()).toBeTrue();
    expect(users.cancellationToken().isCancelled()).toBeFalse();
    expect(root.cancellationToken().isCancelled()).toBeFalse();

    expect((await cancel(JSON.stringify({ path: 'root/nope' }))).status).toBe(404);
    expect((await cancel('not json')).status).toBe(400);
    expect((await send('GET', `${base}/cancel`)).status).toBe(405);
  });

  it('refuses bad arguments', () => {
    expect(() => devtoolsHandler({} as TaskTracker)).toThrowError(TypeError, /expects a TaskTracker/);
    expect(() => devtoolsHandler(semaphoreTracker(1), { intervalMs: -1 })).toThrowError(RangeError, /intervalMs/);
    expect(() => devtoolsHandler(semaphoreTracker(1), { basePath: 'devtools' })).toThrowError(TypeError, /basePath/);
    server = createServer();
    server.listen(0);
  });
});
