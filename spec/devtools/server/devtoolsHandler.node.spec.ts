// rx-task-tracker/devtools/server on a real node:http server.
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Subject, of } from 'rxjs';
import type { TaskTracker } from '../../../lib/index.js';
import { devtoolsHandler, type DevtoolsHandlerOptions } from '../../../lib/devtools/server/index.js';
import { semaphoreTracker } from '../../helpers/trackers.js';
import { rawRequest } from './rawHttp.js';

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
  let port: number;
  let address: string;
  let root: TaskTracker;

  async function serve(options: DevtoolsHandlerOptions, listenOn = '127.0.0.1'): Promise<void> {
    address = listenOn;
    const handler = devtoolsHandler(root, { basePath: '/devtools', intervalMs: 20, ...options });
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    port = (server.address() as AddressInfo).port;
    host = `${address}:${port}`;
    base = `http://${host}/devtools`;
  }

  /** `method path` with these headers (Host the server's own unless given), raw over a socket. */
  const raw = (method: string, target: string, headers: Record<string, string> = {}, body = '') =>
    rawRequest(
      port,
      `${method} ${target} HTTP/1.1\r\n${Object.entries({ host, ...headers, ...(body === '' ? {} : { 'content-length': String(Buffer.byteLength(body)) }) })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')}\r\n${body}`,
      { head: method === 'HEAD', address },
    );

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

  it('answers a request target it cannot read with 400, never an exception, and keeps serving', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'devtools-'));
    writeFileSync(path.join(dir, 'panel.js'), '');
    await serve({ panelScript: path.join(dir, 'panel.js') });
    const statuses: Record<string, number> = {};
    for (const target of ['//', '//rebind.attacker.example/devtools', 'http://127.0.0.1/devtools', '*', '/devtools#x']) {
      statuses[target] = (await raw('GET', target)).status;
    }
    expect(statuses).toEqual({ '//': 400, '//rebind.attacker.example/devtools': 400, 'http://127.0.0.1/devtools': 400, '*': 400, '/devtools#x': 400 });
    // Paths that are not routes, whatever they look like.
    for (const target of ['/devtools/%ZZ', '/devtools/..%2f', '/devtoolsconstructor', '/devtools__proto__', '/devtools/stream/x', '/devtools?%ZZ=%']) {
      statuses[target] = (await raw('GET', target)).status;
    }
    expect(statuses['/devtools/%ZZ']).toBe(404);
    expect(statuses['/devtools/..%2f']).toBe(404);
    expect(statuses['/devtoolsconstructor']).toBe(404);
    expect(statuses['/devtools__proto__']).toBe(404);
    expect(statuses['/devtools/stream/x']).toBe(404);
    expect(statuses['/devtools?%ZZ=%']).toBe(200);
    // Bad headers: a Host that is no host, none at all (HTTP/1.0 allows it), a malformed request.
    expect((await raw('GET', '/devtools', { host: 'a@rebind.attacker.example' })).status).toBe(400);
    expect((await raw('GET', '/devtools', { host: '999.1.1.1' })).status).toBe(400);
    expect((await rawRequest(port, 'GET /devtools HTTP/1.0\r\n\r\n')).status).toBe(400);
    expect((await rawRequest(port, 'NOT A REQUEST\r\n\r\n')).status).toBe(400);
    // Bad bodies.
    const post = (body: string, headers: Record<string, string> = {}) => raw('POST', '/devtools/cancel', { origin: `http://${host}`, 'content-type': 'application/json', ...headers }, body);
    expect((await post('{"path": ')).status).toBe(403); // cancelling is off: nothing read
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await serve({ allowCancel: true });
    for (const body of ['{"path": ', 'null', '"root"', '{"path": 42}', '{"path": {"toString": 1}}', '\u0000']) expect((await post(body)).status).withContext(body).toBe(400);
    expect((await post('{"path": "root/nope"}')).status).toBe(404);
    expect((await raw('GET', '/devtools')).status).toBe(200);
  });

  it('refuses another Host with 403, on the page, the panel bundle, the stream and cancel alike (DNS rebinding)', async () => {
    await serve({ allowCancel: true });
    const images = root.childTrackerBuilder().name('images').build();
    const attacker = { host: 'rebind.attacker.example', origin: 'http://rebind.attacker.example' };
    const body = JSON.stringify({ path: 'root/images' });
    const replies = [
      await raw('GET', '/devtools', attacker),
      await raw('GET', '/devtools/panel.js', attacker),
      await raw('GET', '/devtools/stream', attacker),
      await raw('POST', '/devtools/cancel', { ...attacker, 'content-type': 'application/json' }, body),
      await raw('GET', '/devtools/stream', { host: `rebind.attacker.example:${port}` }),
    ];
    expect(replies.map((reply) => reply.status)).toEqual([403, 403, 403, 403, 403]);
    expect(replies[0].body).toContain("allowedHosts: ['rebind.attacker.example']");
    expect(images.cancellationToken().isCancelled()).toBeFalse();
    expect(listeners(root)).toBe(0);

    // The server's own Host, another site's Origin: refused too.
    const cross = { origin: 'http://rebind.attacker.example' };
    expect((await raw('POST', '/devtools/cancel', { ...cross, 'content-type': 'application/json' }, body)).status).toBe(403);
    expect((await raw('GET', '/devtools/stream', cross)).status).toBe(403);
    expect((await raw('POST', '/devtools/cancel', { origin: 'null', 'content-type': 'application/json' }, body)).status).toBe(403);
    expect(images.cancellationToken().isCancelled()).toBeFalse();
    expect(listeners(root)).toBe(0);

    // The loopback names, on any port, are the server's own.
    for (const name of ['localhost', 'LOCALHOST.', '127.0.0.1', '127.1', '[::1]', '[0:0::1]']) {
      expect((await raw('GET', '/devtools', { host: `${name}:${port}` })).status).withContext(name).not.toBe(403);
    }
    const own = await raw('POST', '/devtools/cancel', { host: `localhost:${port}`, origin: `http://localhost:${port}`, 'content-type': 'application/json' }, body);
    expect(own).toEqual(jasmine.objectContaining({ status: 200, body: '{"path":"root/images","cancelled":true}' }));
  });

  it('answers the hosts in allowedHosts, and the address the connection arrived at', async () => {
    await serve({ allowedHosts: ['devtools.example', 'Other.Example.'] }, '127.0.0.2');
    expect((await raw('GET', '/devtools', { host: 'devtools.example' })).status).not.toBe(403);
    expect((await raw('GET', '/devtools', { host: 'other.example:8443' })).status).not.toBe(403);
    expect((await raw('GET', '/devtools', { host: 'sub.devtools.example' })).status).toBe(403);
    // Listening on 127.0.0.2 (not a loopback name): its address is its own, another one is not.
    expect((await raw('GET', '/devtools', { host: `127.0.0.2:${port}` })).status).not.toBe(403);
    expect((await raw('GET', '/devtools', { host: `127.0.0.3:${port}` })).status).toBe(403);
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'devtools-'));
    writeFileSync(path.join(dir, 'panel.js'), 'console.log("panel")');
    await serve({ panelScript: path.join(dir, 'panel.js'), allowCancel: true });
    const allow: Record<string, string> = {};
    for (const [method, route] of [
      ['DELETE', '/devtools/panel.js'],
      ['PUT', '/devtools/panel.js'],
      ['TRACE', '/devtools/panel.js'],
      ['POST', '/devtools'],
      ['POST', '/devtools/stream'],
      ['HEAD', '/devtools/stream'],
      ['GET', '/devtools/cancel'],
      ['OPTIONS', '/devtools/cancel'],
    ]) {
      const reply = await raw(method, route, {}, method === 'PUT' || method === 'POST' ? 'x' : '');
      expect(reply.status).withContext(`${method} ${route}`).toBe(405);
      allow[`${method} ${route}`] = reply.headers['allow'];
    }
    expect(allow).toEqual({
      'DELETE /devtools/panel.js': 'GET, HEAD',
      'PUT /devtools/panel.js': 'GET, HEAD',
      'TRACE /devtools/panel.js': 'GET, HEAD',
      'POST /devtools': 'GET, HEAD',
      'POST /devtools/stream': 'GET',
      'HEAD /devtools/stream': 'GET',
      'GET /devtools/cancel': 'POST',
      'OPTIONS /devtools/cancel': 'POST',
    });
    const head = await raw('HEAD', '/devtools/panel.js');
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('answers an oversized body with 413, not a reset, and keeps the connection', async () => {
    await serve({ allowCancel: true });
    const headers = `Host: ${host}\r\nOrigin: http://${host}\r\nContent-Type: application/json\r\n`;
    // Announced too large: refused before reading.
    const announced = await rawRequest(port, `POST /devtools/cancel HTTP/1.1\r\n${headers}Content-Length: 1000000000\r\n\r\n{"path": "root"}`);
    expect(announced.status).toBe(413);
    expect(announced.body).toContain('16384 bytes');
    // Streamed past the limit: refused when it gets there; the rest is read and dropped, and the connection serves the next request.
    const big = JSON.stringify({ path: 'x'.repeat(100_000) });
    const chunked = `POST /devtools/cancel HTTP/1.1\r\n${headers}Transfer-Encoding: chunked\r\n\r\n${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`;
    const sized = `POST /devtools/cancel HTTP/1.1\r\n${headers}Content-Length: ${big.length}\r\n\r\n${big}`;
    for (const request of [chunked, sized]) {
      const replies = await pipelined(`${request}GET /devtools HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 2);
      expect(replies.map((reply) => reply.status)).toEqual([413, 200]);
    }
    expect(root.cancellationToken().isCancelled()).toBeFalse();
  });

  /** Sends `text` on one connection and reads `count` responses' status lines. */
  function pipelined(text: string, count: number): Promise<{ status: number }[]> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(text));
      let data = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        data += chunk;
        const statuses = [...data.matchAll(/^HTTP\/1\.1 (\d{3}) /gm)].map((match) => ({ status: Number(match[1]) }));
        if (statuses.length >= count && /\r\n0\r\n\r\n$/.test(data)) {
          socket.destroy();
          resolve(statuses);
        }
      });
      socket.on('error', reject);
      socket.on('close', () => reject(new Error(`connection closed after ${JSON.stringify(data)}`)));
    });
  }

  it('answers a missing panel bundle with 500 and a plain message, no path; finds it once it is there', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'devtools-secret-'));
    const script = path.join(dir, 'panel.js');
    await serve({ panelScript: script });
    const missing = await send('GET', `${base}/panel.js`);
    expect(missing.status).toBe(500);
    expect(missing.body).toContain('the devtools panel bundle is missing');
    expect(missing.body).not.toContain('devtools-secret');
    expect(missing.body).not.toContain(tmpdir());
    expect(missing.body).not.toContain(process.cwd());
    writeFileSync(script, 'console.log("built")');
    expect(await send('GET', `${base}/panel.js`)).toEqual({ status: 200, body: 'console.log("built")' });
  });

  it('refuses bad arguments', () => {
    expect(() => devtoolsHandler({} as TaskTracker)).toThrowError(TypeError, 'devtoolsHandler(tracker, options): tracker must be a TaskTracker, got an object');
    expect(() => devtoolsHandler(Object.create(null) as TaskTracker)).toThrowError(TypeError, 'devtoolsHandler(tracker, options): tracker must be a TaskTracker, got an object');
    expect(() => devtoolsHandler(semaphoreTracker(1), { intervalMs: '5' as never })).toThrowError(
      TypeError,
      "devtoolsHandler(tracker, options): intervalMs must be a number of milliseconds above 0, up to 2147483647, got '5' (string)",
    );
    expect(() => devtoolsHandler(semaphoreTracker(1), { intervalMs: Object.create(null) })).toThrowError(TypeError, /intervalMs must be .*, got an object$/);
    expect(() => devtoolsHandler(semaphoreTracker(1), { basePath: 7 as never })).toThrowError(TypeError, "devtoolsHandler(tracker, options): basePath must be a path starting with '/', got 7 (number)");
    expect(() => devtoolsHandler(semaphoreTracker(1), { allowCancle: true } as never)).toThrowError(
      TypeError,
      "devtoolsHandler(tracker, options): unknown option 'allowCancle' (did you mean 'allowCancel'?); known options: maxFinishedRows, windowMs, maxBars, maxFailures, clock, allowCancel, allowedHosts, basePath, intervalMs, panelScript",
    );
    expect(() => devtoolsHandler(semaphoreTracker(1), { maxBars: 5, basePath: '/d' })).not.toThrow();
    expect(() => devtoolsHandler(semaphoreTracker(1), { intervalMs: -1 })).toThrowError(RangeError, /intervalMs/);
    expect(() => devtoolsHandler(semaphoreTracker(1), { basePath: 'devtools' })).toThrowError(TypeError, /basePath/);
    expect(() => devtoolsHandler(semaphoreTracker(1), { intervalMs: 2 ** 31 })).toThrowError(RangeError, /up to 2147483647, got 2147483648 \(number\)/);
    for (const entry of ['http://devtools.example', 'devtools.example:8080', 'a b', '', 42]) {
      expect(() => devtoolsHandler(semaphoreTracker(1), { allowedHosts: [entry as string] })).withContext(String(entry)).toThrowError(TypeError, /allowedHosts/);
    }
    expect(() => devtoolsHandler(semaphoreTracker(1), { allowedHosts: 'devtools.example' as unknown as string[] })).toThrowError(TypeError, /allowedHosts/);
    server = createServer();
    server.listen(0);
  });
});
