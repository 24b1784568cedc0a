/// <reference types="node" />
import type { ServerResponse } from 'node:http';
import { asyncScheduler, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';
import type { TaskTracker } from '../../tracker/TaskTracker.js';
import { DEVTOOLS_MODEL_OPTIONS, DevtoolsModel } from '../DevtoolsModel.js';
import type { DevtoolsState } from '../DevtoolsState.js';
import type { DevtoolsMessage } from '../internal/DevtoolsMessage.js';
import { checkNumber } from '../../errors/checks.js';
import type { DevtoolsHandlerOptions } from './devtoolsHandler.js';

/** The longest period a timer can wait (Node runs a longer one at once). */
const MAX_INTERVAL_MS = 2 ** 31 - 1;

interface Client {
  readonly res: ServerResponse;
  /** The newest bar and failure it was sent: the next message carries those after them. */
  lastBar: number;
  lastFailure: number;
  /** Its last write filled the response's buffer: it is sent nothing until `drain`. */
  blocked: boolean;
}

/** A message as written on the wire, with the newest bar and failure it carries. */
interface Encoded {
  readonly text: string;
  readonly lastBar: number;
  readonly lastFailure: number;
}

/**
 * @internal The event stream of `devtoolsHandler`: one model of the tracker,
 * connected only while at least one page listens, and one tick that sends the
 * pages what changed (at most one message per period, and one a second anyway
 * so the timeline moves).
 *
 * Costs are per message, not per page: a page that joins is sent the current
 * state alone; pages that are up to date share one encoded message per tick.
 * A page that does not read (its response's buffer is past Node's high-water
 * mark) is skipped until its buffer drains, then sent one message with all it
 * missed that the model still holds: it holds at most its buffer plus one
 * message, however long it stays stuck.
 */
export class DevtoolsStream {
  private readonly _model: DevtoolsModel;
  private readonly _clock: SchedulerLike;
  private readonly _intervalMs: number;
  private readonly _clients = new Set<Client>();
  /** Pages whose buffer drained after they missed messages: the next tick sends them the news. */
  private readonly _behind = new Set<Client>();
  private _connection: Subscription | undefined = undefined;
  private _tick: Subscription | undefined = undefined;
  private _changed = true;
  private _lastSent = -Infinity;
  /** The first message of a page that joins, until something changes or the clock ticks. */
  private _snapshot: Encoded | undefined = undefined;

  constructor(
    tracker: TaskTracker,
    options: DevtoolsHandlerOptions,
    private readonly _allowCancel: boolean,
  ) {
    // The handler has checked its options; the model takes its own share of them.
    const modelOptions = Object.fromEntries(DEVTOOLS_MODEL_OPTIONS.map((key) => [key, (options as Record<string, unknown>)[key]]));
    this._model = new DevtoolsModel(tracker, modelOptions);
    this._clock = options.clock ?? asyncScheduler;
    this._intervalMs = checkNumber(
      options.intervalMs ?? 250,
      'devtoolsHandler(tracker, options): intervalMs',
      `a number of milliseconds above 0, up to ${MAX_INTERVAL_MS}`,
      (n) => n > 0 && n <= MAX_INTERVAL_MS,
    );
  }

  /**
   * Answers a `GET …/stream`: the headers and the current state, to this page only.
   *
   * @throws whatever reading the tracker throws, before anything is written.
   */
  add(res: ServerResponse): void {
    if (this._connection === undefined) {
      this._connection = this._model.connect(() => {
        this._changed = true;
        this._snapshot = undefined;
      });
    }
    let first: Encoded;
    try {
      first = this._snapshot ??= encode(this._model.state(), true, this._allowCancel, 0, 0);
    } catch (error) {
      if (this._clients.size === 0) this._stop();
      throw error;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    const client: Client = { res, lastBar: first.lastBar, lastFailure: first.lastFailure, blocked: false };
    this._clients.add(client);
    res.once('close', () => this._remove(client));
    this._write(client, `retry: 1000\n\n${first.text}`);
    if (this._tick === undefined) {
      const stream = this;
      const period = this._intervalMs;
      this._tick = this._clock.schedule(function (this: SchedulerAction<unknown>) {
        try {
          stream._send();
        } catch {
          // Never throw from a timer: the pages reconnect, and a join that fails again is answered 500.
          for (const client of stream._clients) client.res.destroy();
        }
        this.schedule(undefined, period);
      }, period);
    }
  }

  private _remove(client: Client): void {
    this._clients.delete(client);
    this._behind.delete(client);
    if (this._clients.size === 0) this._stop();
  }

  /** Nobody looks: stop following the tracker and stop ticking. */
  private _stop(): void {
    this._connection?.unsubscribe();
    this._connection = undefined;
    this._tick?.unsubscribe();
    this._tick = undefined;
    this._snapshot = undefined;
  }

  private _send(): void {
    this._snapshot = undefined;
    const now = this._clock.now();
    const everyone = this._changed || now - this._lastSent >= 1000;
    if (!everyone && this._behind.size === 0) return;
    if (everyone) {
      this._changed = false;
      this._lastSent = now;
    }
    const state = this._model.state();
    // Pages that got the same messages so far get the same one now: one encoding per group, not per page.
    const messages = new Map<string, Encoded>();
    for (const client of everyone ? this._clients : this._behind) {
      if (client.blocked) continue;
      const key = `${client.lastBar} ${client.lastFailure}`;
      let message = messages.get(key);
      if (message === undefined) messages.set(key, (message = encode(state, false, this._allowCancel, client.lastBar, client.lastFailure)));
      client.lastBar = message.lastBar;
      client.lastFailure = message.lastFailure;
      this._write(client, message.text);
    }
    this._behind.clear();
  }

  private _write(client: Client, text: string): void {
    const { res } = client;
    if (res.destroyed || res.writableEnded) return;
    if (res.write(text)) return;
    client.blocked = true;
    res.once('drain', () => {
      client.blocked = false;
      if (this._clients.has(client)) this._behind.add(client);
    });
  }
}

/** The `state` event with the rows now, and the bars and failures after `lastBar` and `lastFailure`. */
function encode(state: DevtoolsState, reset: boolean, allowCancel: boolean, lastBar: number, lastFailure: number): Encoded {
  const bars = state.bars.filter((bar) => bar.seq > lastBar);
  const failures = state.failures.filter((failure) => failure.seq > lastFailure);
  const message: DevtoolsMessage = { ...state, reset, allowCancel, bars, failures };
  return {
    text: `event: state\ndata: ${JSON.stringify(message)}\n\n`,
    lastBar: bars.length > 0 ? bars[bars.length - 1].seq : lastBar,
    lastFailure: failures.length > 0 ? failures[failures.length - 1].seq : lastFailure,
  };
}
