/// <reference types="node" />
import { readFile } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { TaskTracker } from '../../tracker/TaskTracker.js';
import type { DevtoolsModelOptions } from '../DevtoolsModel.js';
import { findTracker } from '../internal/findTracker.js';
import { DevtoolsStream } from './DevtoolsStream.js';
import { panelPage } from './panelPage.js';

/**
 * Options of {@link devtoolsHandler}.
 *
 * @example
 * ```ts
 * devtoolsHandler(root, { basePath: '/devtools', allowCancel: true, maxFinishedRows: 50 });
 * ```
 */
export interface DevtoolsHandlerOptions extends DevtoolsModelOptions {
  /**
   * Whether the panel's cancel buttons may cancel the server's trackers
   * (`POST {basePath}/cancel`, same origin only). @defaultValue false
   */
  readonly allowCancel?: boolean;
  /**
   * Where the handler lives, e.g. `/devtools`: it answers `{basePath}` (the
   * page), `{basePath}/stream`, `{basePath}/cancel` and `{basePath}/panel.js`.
   * Leave it `/` under Express's `app.use('/devtools', handler)`, which strips
   * the mount path. @defaultValue '/'
   */
  readonly basePath?: string;
  /** Milliseconds between two messages of the stream, at most one per period. @defaultValue 250 */
  readonly intervalMs?: number;
  /**
   * The browser bundle of the panel page (a file path). @defaultValue the one
   * the package ships, `rx-task-tracker/devtools/panel.js`, resolved from the
   * process's working directory
   */
  readonly panelScript?: string;
}

/** A `node:http` request handler; with a `next` (Express, Connect), unknown paths go on to it. */
export type DevtoolsRequestHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/**
 * Serves the devtools panel of `tracker`: the page at `basePath`, and a
 * Server-Sent Events stream of its tree and task events that the page's
 * `<task-tracker-devtools source>` follows. The tracker is followed only while
 * a page is connected: with nobody looking it costs nothing. With
 * `allowCancel`, the page's cancel buttons cancel the server's trackers
 * (requests from another origin are refused).
 *
 * @throws TypeError if `tracker` is not a tracker. @throws RangeError for a bad bound in `options`.
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
 * }).listen(8080); // open http://127.0.0.1:8080/devtools
 * ```
 */
export function devtoolsHandler(tracker: TaskTracker, options: DevtoolsHandlerOptions = {}): DevtoolsRequestHandler {
  if (typeof tracker?.tree !== 'function' || typeof tracker.cancel !== 'function') {
    throw new TypeError(`devtoolsHandler(tracker) expects a TaskTracker, got ${String(tracker)}`);
  }
  const base = (options.basePath ?? '/').replace(/\/+$/, '');
  if (!base.startsWith('/') && base !== '') throw new TypeError(`basePath must start with '/', got ${JSON.stringify(options.basePath)}`);
  const allowCancel = options.allowCancel === true;
  const stream = new DevtoolsStream(tracker, options, allowCancel);
  let script: Promise<Buffer> | undefined;
  const loadScript = () =>
    (script ??= new Promise<Buffer>((resolve, reject) => {
      try {
        const file = options.panelScript ?? createRequire(path.join(process.cwd(), 'index.js')).resolve('rx-task-tracker/devtools/panel.js');
        readFile(file, (error, data) => (error ? reject(error) : resolve(data)));
      } catch (error) {
        reject(error);
      }
    }));

  return (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : undefined;
    if (route === '' || route === '/') {
      if (req.method !== 'GET') return void refuse(res, 405, 'use GET');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(panelPage(`${base}/panel.js`, base || '/'));
    } else if (route === '/panel.js') {
      loadScript().then(
        (data) => res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(data),
        (error: unknown) => refuse(res, 500, `no panel bundle (${String(error)}); pass devtoolsHandler(tracker, { panelScript })`),
      );
    } else if (route === '/stream') {
      if (req.method !== 'GET') return void refuse(res, 405, 'use GET');
      stream.add(req, res);
    } else if (route === '/cancel') {
      cancel(tracker, allowCancel, req, res);
    } else if (next !== undefined) {
      next();
    } else {
      refuse(res, 404, 'not found');
    }
  };
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
}

/** `POST {base}/cancel` with `{"path": "root/images"}`. */
function cancel(tracker: TaskTracker, allowCancel: boolean, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'POST') return refuse(res, 405, 'use POST');
  if (!allowCancel) return refuse(res, 403, 'cancelling is off: devtoolsHandler(tracker, { allowCancel: true })');
  // Same origin only: a browser always sends Origin with a POST from a page.
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (origin === undefined || host === undefined || (origin !== `http://${host}` && origin !== `https://${host}`)) {
    return refuse(res, 403, `cross-origin cancel refused (Origin ${String(origin)})`);
  }
  if (!String(req.headers['content-type']).startsWith('application/json')) return refuse(res, 415, 'send application/json');
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    body += chunk;
    if (body.length > 4096) req.destroy();
  });
  req.on('end', () => {
    let target: unknown;
    try {
      target = (JSON.parse(body) as { path?: unknown }).path;
    } catch {
      return refuse(res, 400, 'the body must be JSON: {"path": "root/…"}');
    }
    if (typeof target !== 'string') return refuse(res, 400, 'the body must be JSON: {"path": "root/…"}');
    const found = findTracker(tracker, target);
    if (found === undefined) return refuse(res, 404, `no live tracker at ${JSON.stringify(target)}`);
    const cancelled = found.cancel('cancelled from the devtools');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: target, cancelled }));
  });
}
