/// <reference types="node" />
import { readFile } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { SchedulerLike } from 'rxjs';
import type { TaskTracker } from '../../tracker/TaskTracker.js';
import { fail as badArgument, readOptions } from '../../errors/checks.js';
import { DEVTOOLS_MODEL_OPTIONS, type DevtoolsModelOptions } from '../DevtoolsModel.js';
import { findTracker } from '../internal/findTracker.js';
import { DevtoolsStream } from './DevtoolsStream.js';
import { HostAllowlist } from './HostAllowlist.js';
import { panelPage } from './panelPage.js';

/** The largest body `POST {basePath}/cancel` reads: `{"path": "root/…"}` is far smaller. */
const MAX_BODY_BYTES = 16 * 1024;

/** @internal The options {@link devtoolsHandler} takes; an unknown one is refused. */
export const HANDLER_OPTIONS: readonly string[] = [...DEVTOOLS_MODEL_OPTIONS, 'allowCancel', 'allowedHosts', 'basePath', 'intervalMs', 'panelScript'];

/**
 * Options of {@link devtoolsHandler}.
 *
 * @example
 * ```ts
 * devtoolsHandler(root, { basePath: '/devtools', allowCancel: true, allowedHosts: ['devtools.example.com'], maxFinishedRows: 50 });
 * ```
 * @since 0.2.0
 * @category Devtools
 */
export interface DevtoolsHandlerOptions extends DevtoolsModelOptions {
  /**
   * Whether the panel's cancel buttons may cancel the server's trackers
   * (`POST {basePath}/cancel`, same origin only). @defaultValue false
   */
  readonly allowCancel?: boolean;
  /**
   * Host names (without port) the handler answers besides `localhost`,
   * `127.0.0.1`, `[::1]` and the address the request arrived at; a request
   * with another `Host` is refused with 403. This defeats DNS rebinding, where
   * a page on another site reaches the server under the site's own name. List
   * the names under which a proxy or your users reach the server.
   * @defaultValue [] (the loopback names and the server's own address only)
   *
   * @example
   * ```ts
   * devtoolsHandler(root, { basePath: '/devtools', allowedHosts: ['devtools.internal.example'] });
   * ```
   * @since 0.2.0
   */
  readonly allowedHosts?: readonly string[];
  /**
   * Where the handler lives, e.g. `/devtools`: it answers `{basePath}` (the
   * page), `{basePath}/stream`, `{basePath}/cancel` and `{basePath}/panel.js`.
   * Leave it `/` under Express's `app.use('/devtools', handler)`, which strips
   * the mount path. @defaultValue '/'
   */
  readonly basePath?: string;
  /**
   * The clock of the timeline's right edge and of the stream's ticks (a
   * virtual-time scheduler in a test). @defaultValue RxJS `asyncScheduler`
   *
   * @example
   * ```ts
   * import { VirtualTimeScheduler } from 'rxjs';
   *
   * const clock = new VirtualTimeScheduler();
   * devtoolsHandler(root, { clock }); // the stream sends only on joins until the clock is flushed
   * ```
   */
  readonly clock?: SchedulerLike;
  /** Milliseconds between two messages of the stream, at most one per period (at most 2³¹−1). @defaultValue 250 */
  readonly intervalMs?: number;
  /**
   * The browser bundle of the panel page (a file path). @defaultValue the one
   * the package ships, `rx-task-tracker/devtools/panel.js`, resolved from the
   * process's working directory
   */
  readonly panelScript?: string;
}

/**
 * A `node:http` request handler; with a `next` (Express, Connect), unknown paths go on to it. @category Devtools
 * @since 0.2.0
 */
export type DevtoolsRequestHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/**
 * Serves the devtools panel of `tracker`: the page at `basePath`, and a
 * Server-Sent Events stream of its tree and task events that the page's
 * `<task-tracker-devtools source>` follows. The tracker is followed only while
 * a page is connected: with nobody looking it costs nothing. With
 * `allowCancel`, the page's cancel buttons cancel the server's trackers.
 *
 * There is no authentication: listen on `127.0.0.1`, or put the handler behind
 * your own. Requests whose `Host` is not allowed (`allowedHosts`) or whose
 * `Origin` is another site's are refused with 403. The handler never throws:
 * a request it cannot read is answered 400, a wrong method 405 (with `Allow`),
 * a body too large 413.
 *
 * @throws TypeError if `tracker` is not a tracker or an option has the wrong shape. @throws RangeError for a bad bound in `options`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { devtoolsHandler } from 'rx-task-tracker/devtools/server';
 *
 * const devtools = devtoolsHandler(root, { basePath: '/devtools' });
 * createServer((req, res) => {
 *   if (req.url?.startsWith('/devtools')) return devtools(req, res);
 *   // … the application
 * }).listen(8080, '127.0.0.1'); // open http://127.0.0.1:8080/devtools
 * ```
 * @since 0.2.0
 * @category Devtools
 */
export function devtoolsHandler(tracker: TaskTracker, options?: DevtoolsHandlerOptions): DevtoolsRequestHandler {
  const where = 'devtoolsHandler(tracker, options)';
  if (typeof tracker?.tree !== 'function' || typeof tracker.cancel !== 'function') badArgument(`${where}: tracker`, 'a TaskTracker', tracker);
  options = readOptions(options, where, HANDLER_OPTIONS);
  const basePath = options.basePath ?? '/';
  if (typeof basePath !== 'string' || !(basePath.startsWith('/') || basePath === '')) badArgument(`${where}: basePath`, "a path starting with '/'", basePath);
  const base = basePath.replace(/\/+$/, '');
  const hosts = new HostAllowlist(options.allowedHosts);
  const allowCancel = options.allowCancel === true;
  const stream = new DevtoolsStream(tracker, options, allowCancel);
  let script: Promise<Buffer> | undefined;
  const loadScript = () =>
    (script ??= new Promise<Buffer>((resolve, reject) => {
      const file = options.panelScript ?? createRequire(path.join(process.cwd(), 'index.js')).resolve('rx-task-tracker/devtools/panel.js');
      readFile(file, (error, data) => (error ? reject(error) : resolve(data)));
    }).catch((error: unknown) => {
      script = undefined; // a bundle built later is found
      throw error;
    }));

  const routes = new Map<string, Route>([
    ['', { allow: 'GET, HEAD', serve: (_req, res) => page(res) }],
    ['/', { allow: 'GET, HEAD', serve: (_req, res) => page(res) }],
    [
      '/panel.js',
      {
        allow: 'GET, HEAD',
        serve: (_req, res) =>
          void loadScript().then(
            (data) => res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'x-content-type-options': 'nosniff' }).end(data),
            // No path in the answer: it would tell any visitor where the server's files are.
            () => refuse(res, 500, 'the devtools panel bundle is missing: build the package, or pass devtoolsHandler(tracker, { panelScript })'),
          ),
      },
    ],
    ['/stream', { allow: 'GET', serve: (_req, res) => stream.add(res) }],
    ['/cancel', { allow: 'POST', serve: (req, res) => cancel(tracker, allowCancel, req, res) }],
  ]);
  const page = (res: ServerResponse) =>
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        // The cancel buttons must not be clickable through another site's frame.
        'content-security-policy': "frame-ancestors 'none'",
        'x-frame-options': 'DENY',
      })
      .end(panelPage(`${base}/panel.js`, base || '/'));

  return (req, res, next) => {
    try {
      // A path, `/…`: not `//host/…`, not an absolute URL, not `*`.
      const target = req.url;
      if (typeof target !== 'string' || !/^\/(?!\/)[^\s#]*$/.test(target)) return refuse(res, 400, 'bad request target: expected a path');
      const pathname = target.split('?', 1)[0];
      const route = pathname.startsWith(base) ? routes.get(pathname.slice(base.length)) : undefined;
      if (route !== undefined) return serve(req, res, route);
    } catch {
      return fail(res);
    }
    if (next !== undefined) next();
    else refuse(res, 404, 'not found');
  };

  function serve(req: IncomingMessage, res: ServerResponse, route: Route): void {
    const host = HostAllowlist.hostName(req.headers.host);
    if (host === undefined) return refuse(res, 400, 'bad Host header');
    if (!hosts.allows(host, req.socket.localAddress)) {
      return refuse(res, 403, `host ${host} is not allowed: devtoolsHandler(tracker, { allowedHosts: ['${host}'] }) if it is yours`);
    }
    // A browser sends Origin with every cross-origin request and with every POST: only the server's own page may use it.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}` && origin !== `https://${req.headers.host}`) {
      return refuse(res, 403, 'cross-origin request refused');
    }
    if (!route.allow.split(', ').includes(req.method ?? '')) return refuse(res, 405, `use ${route.allow}`, { allow: route.allow });
    route.serve(req, res);
  }
}

interface Route {
  /** The methods it answers, as the `Allow` header lists them. */
  readonly allow: string;
  readonly serve: (req: IncomingMessage, res: ServerResponse) => void;
}

/** After an unexpected error: a plain 500 (no stack, no path), or a cut connection once the headers are out. */
function fail(res: ServerResponse): void {
  if (res.headersSent) res.destroy();
  else refuse(res, 500, 'the devtools handler failed');
}

function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', ...headers }).end(`${message}\n`);
}

/** `POST {base}/cancel` with `{"path": "root/images"}`. */
function cancel(tracker: TaskTracker, allowCancel: boolean, req: IncomingMessage, res: ServerResponse): void {
  // A refused request's body is not read: Node discards it and keeps the connection.
  if (!allowCancel) return refuse(res, 403, 'cancelling is off: devtoolsHandler(tracker, { allowCancel: true })');
  // Same origin only (checked by the caller): a page always sends Origin with a POST.
  if (req.headers.origin === undefined) return refuse(res, 403, 'cross-origin request refused (no Origin)');
  if (!/^application\/json(;|$)/i.test(req.headers['content-type'] ?? '')) return refuse(res, 415, 'send application/json');
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) return refuse(res, 413, `the body is limited to ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('error', () => {}); // the client went away: nothing to answer
  req.on('data', (chunk: Buffer) => {
    if (size > MAX_BODY_BYTES) return; // refused already; the rest is read and dropped
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    else refuse(res, 413, `the body is limited to ${MAX_BODY_BYTES} bytes`);
  });
  req.on('end', () => {
    if (size > MAX_BODY_BYTES) return;
    let target: unknown;
    try {
      target = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { path?: unknown } | null)?.path;
    } catch {
      target = undefined;
    }
    if (typeof target !== 'string') return refuse(res, 400, 'the body must be JSON: {"path": "root/…"}');
    try {
      const found = findTracker(tracker, target);
      if (found === undefined) return refuse(res, 404, `no live tracker at ${JSON.stringify(target)}`);
      const cancelled = found.cancel('cancelled from the devtools');
      res.writeHead(200, { 'content-type': 'application/json', 'x-content-type-options': 'nosniff' }).end(JSON.stringify({ path: target, cancelled }));
    } catch {
      fail(res);
    }
  });
}
