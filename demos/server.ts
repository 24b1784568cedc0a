// The demo's fake backend: a small node:http server on 127.0.0.1 (random port)
// that answers GET /api/<group>/<n> with JSON after a random latency, fails a few
// requests with HTTP 500, and counts what happened to each request, including the
// ones the client aborted (the socket closed before the response was sent).
import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomFor } from './prng.js';

/** Options of {@link FakeBackend.start}. */
export interface FakeBackendOptions {
  /** Seed of the latencies and failures: same seed, same plan. @defaultValue 42 */
  readonly seed?: number;
  /** Shortest latency, in milliseconds. @defaultValue 20 */
  readonly minLatencyMs?: number;
  /** Longest latency, in milliseconds. @defaultValue 250 */
  readonly maxLatencyMs?: number;
  /** Share of resources answered with HTTP 500, from 0 to 1. @defaultValue 0.05 */
  readonly failureRate?: number;
}

/** What the backend did with the requests it received. */
export interface BackendCounts {
  /** Requests received under /api/. */
  readonly received: number;
  /** Answered 200 with the resource. */
  readonly served: number;
  /** Answered 500. */
  readonly failed: number;
  /** The client went away (aborted) before the answer was sent. */
  readonly aborted: number;
  /** Still waiting for their latency to pass. */
  readonly open: number;
}

/** How the backend answers one path: decided by the seed and the path alone. */
export interface ResponsePlan {
  readonly latencyMs: number;
  readonly fail: boolean;
}

/**
 * The fake backend. Which resources fail and how long each takes depend only on
 * the seed and the path, never on the order requests arrive in, so a run is
 * reproducible.
 *
 * @example
 * ```ts
 * const backend = await FakeBackend.start({ seed: 7 });
 * const user = await (await fetch(`${backend.url}/api/users/1`)).json();
 * console.log(backend.counts()); // { received: 1, served: 1, failed: 0, aborted: 0, open: 0 }
 * await backend.close();
 * ```
 */
export class FakeBackend {
  /** The base URL, e.g. `http://127.0.0.1:38291`. */
  readonly url: string;

  private readonly _routes = new Map<string, RequestListener>();
  private _received = 0;
  private _served = 0;
  private _failed = 0;
  private _aborted = 0;
  private _open = 0;
  private _idle: (() => void)[] = [];

  private constructor(
    private readonly _server: Server,
    private readonly _options: Required<FakeBackendOptions>,
  ) {
    this.url = `http://127.0.0.1:${(_server.address() as AddressInfo).port}`;
  }

  /** Starts a backend on 127.0.0.1 on a free port. */
  static async start(options?: FakeBackendOptions): Promise<FakeBackend> {
    const settings = {
      seed: options?.seed ?? 42,
      minLatencyMs: options?.minLatencyMs ?? 20,
      maxLatencyMs: options?.maxLatencyMs ?? 250,
      failureRate: options?.failureRate ?? 0.05,
    };
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const backend = new FakeBackend(server, settings);
    server.on('request', (req, res) => backend._handle(req, res));
    return backend;
  }

  /** Serves `path` (exact match, e.g. `/metrics`) with `handler`, besides /api/. */
  route(path: string, handler: RequestListener): void {
    this._routes.set(path, handler);
  }

  /** How the backend answers `path`. */
  plan(path: string): ResponsePlan {
    const random = randomFor(this._options.seed, path);
    const { minLatencyMs, maxLatencyMs, failureRate } = this._options;
    const latencyMs = Math.round(minLatencyMs + random() * (maxLatencyMs - minLatencyMs));
    return { latencyMs, fail: random() < failureRate };
  }

  /** The counts so far. */
  counts(): BackendCounts {
    return { received: this._received, served: this._served, failed: this._failed, aborted: this._aborted, open: this._open };
  }

  /**
   * Resolves once no /api/ request is open. An aborted fetch settles on the
   * client before the server sees its socket close; wait for this before reading
   * final counts.
   */
  idle(): Promise<void> {
    if (this._open === 0) return Promise.resolve();
    return new Promise((resolve) => this._idle.push(resolve));
  }

  /** Stops listening and closes every connection (keep-alive ones too). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this._server.close(() => resolve());
      this._server.closeAllConnections();
    });
  }

  private _handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const handler = this._routes.get(path);
    if (handler !== undefined) {
      handler(req, res);
      return;
    }
    const match = /^\/api\/([a-z]+)\/(\d+)$/.exec(path);
    if (req.method !== 'GET' || match === null) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    this._received++;
    this._open++;
    const plan = this.plan(path);
    const timer = setTimeout(() => {
      if (plan.fail) {
        this._failed++;
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'backend exploded' }));
      } else {
        this._served++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ group: match[1], id: Number(match[2]) }));
      }
      this._closed();
    }, plan.latencyMs);
    // 'close' without a finished response: the client hung up (an aborted fetch).
    res.on('close', () => {
      if (res.writableFinished || res.headersSent) return;
      clearTimeout(timer);
      this._aborted++;
      this._closed();
    });
  }

  private _closed(): void {
    if (--this._open > 0) return;
    const waiting = this._idle;
    this._idle = [];
    for (const resolve of waiting) resolve();
  }
}
