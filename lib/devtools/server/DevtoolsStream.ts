/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import { asyncScheduler, type SchedulerAction, type Subscription } from 'rxjs';
import type { TaskTracker } from '../../tracker/TaskTracker.js';
import { DevtoolsModel } from '../DevtoolsModel.js';
import type { DevtoolsHandlerOptions } from './devtoolsHandler.js';
import type { DevtoolsMessage } from '../internal/DevtoolsMessage.js';

interface Client {
  readonly res: ServerResponse;
  lastBar: number;
  lastFailure: number;
  fresh: boolean;
}

/**
 * @internal The event stream of `devtoolsHandler`: one model of the tracker,
 * connected only while at least one page listens, and one tick that sends each
 * page what changed (at most one message per period, and one a second anyway so
 * the timeline moves).
 */
export class DevtoolsStream {
  private readonly _model: DevtoolsModel;
  private readonly _clients = new Set<Client>();
  private readonly _intervalMs: number;
  private _connection: Subscription | undefined = undefined;
  private _tick: Subscription | undefined = undefined;
  private _changed = true;
  private _lastSent = 0;

  constructor(
    tracker: TaskTracker,
    options: DevtoolsHandlerOptions,
    private readonly _allowCancel: boolean,
  ) {
    this._model = new DevtoolsModel(tracker, options);
    const interval = options.intervalMs ?? 250;
    if (typeof interval !== 'number' || !(interval > 0) || !Number.isFinite(interval)) {
      throw new RangeError(`intervalMs must be a positive number of milliseconds, got ${String(interval)}`);
    }
    this._intervalMs = interval;
  }

  add(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    const client: Client = { res, lastBar: 0, lastFailure: 0, fresh: true };
    this._clients.add(client);
    req.once('close', () => this._remove(client));
    if (this._connection === undefined) this._connection = this._model.connect(() => (this._changed = true));
    this._changed = true;
    this._send();
    if (this._tick === undefined) {
      const send = () => this._send();
      const period = this._intervalMs;
      this._tick = asyncScheduler.schedule(function (this: SchedulerAction<unknown>) {
        send();
        this.schedule(undefined, period);
      }, period);
    }
  }

  private _remove(client: Client): void {
    this._clients.delete(client);
    if (this._clients.size > 0) return;
    // Nobody looks: stop following the tracker and stop ticking.
    this._connection?.unsubscribe();
    this._connection = undefined;
    this._tick?.unsubscribe();
    this._tick = undefined;
  }

  private _send(): void {
    const now = asyncScheduler.now();
    const fresh = [...this._clients].some((client) => client.fresh);
    if (!this._changed && !fresh && now - this._lastSent < 1000) return;
    this._changed = false;
    this._lastSent = now;
    const state = this._model.state();
    for (const client of this._clients) {
      const message: DevtoolsMessage = {
        ...state,
        reset: client.fresh,
        allowCancel: this._allowCancel,
        bars: state.bars.filter((bar) => bar.seq > client.lastBar),
        failures: state.failures.filter((failure) => failure.seq > client.lastFailure),
      };
      client.fresh = false;
      client.lastBar = state.bars.length > 0 ? state.bars[state.bars.length - 1].seq : client.lastBar;
      client.lastFailure = state.failures.length > 0 ? state.failures[state.failures.length - 1].seq : client.lastFailure;
      client.res.write(`event: state\ndata: ${JSON.stringify(message)}\n\n`);
    }
  }
}
