import type { Cluster, Redis } from 'ioredis';
import type { RedisScript } from './RedisScript.js';
import { ENQUEUE } from './semaphoreScripts.js';

/** @internal What a {@link SemaphoreLink} tells its scheduler. */
export interface SemaphoreLinkEvents {
  /** Tickets of ours that another process granted a slot (a pub/sub message). */
  granted(tickets: readonly string[]): void;
  /** A connection came back: Redis may have restarted empty. */
  reconnected(): void;
  error(error: unknown): void;
}

/**
 * @internal The Redis side of one RedisSemaphoreScheduler: its script calls (each
 * with the process id, `leaseMs`, `permits` and the key prefix `{key}` first), the
 * ones in flight, and its own pub/sub connection on `{key}:wake:<id>`.
 */
export class SemaphoreLink {
  /** Whether the subscription was made: until then nothing is sent, so no grant can be missed. */
  ready = false;
  private readonly _inFlight = new Set<Promise<unknown>>();
  /** The hash tag every key of the semaphore starts with: one Cluster slot for them all. */
  private readonly _prefix: string;
  private readonly _keys: readonly string[];
  private readonly _header: readonly (string | number)[];
  /** Tickets whose ENQUEUE is in flight, and those of them whose cancellation Redis ran first. */
  private readonly _enqueuing = new Set<string>();
  private readonly _cancelledFirst = new Set<string>();
  private _sub: Redis | Cluster | undefined;
  private _subscribed: Promise<void> | undefined;
  private readonly _reconnected = () => {
    if (this.ready) this._events.reconnected();
  };

  constructor(
    private readonly _redis: Redis | Cluster,
    key: string,
    private readonly _id: string,
    leaseMs: number,
    permits: number,
    private readonly _events: SemaphoreLinkEvents,
  ) {
    this._prefix = `{${key}}`;
    this._keys = ['holders', 'queue', 'seq', 'clients'].map((name) => `${this._prefix}:${name}`);
    this._header = [_id, leaseMs, permits, this._prefix];
  }

  /** How many calls await their answer. */
  get pending(): number {
    return this._inFlight.size;
  }

  /** Resolves once the calls now in flight are answered. */
  settled(): Promise<unknown> {
    return Promise.allSettled([...this._inFlight]);
  }

  call(script: RedisScript, args: readonly (string | number)[]): Promise<unknown> {
    const call = script.run(this._redis, this._keys, [...this._header, ...args]);
    this._inFlight.add(call);
    const done = () => this._inFlight.delete(call);
    call.then(done, done);
    return call;
  }

  /** Queues tickets; remembers them until Redis answers. */
  enqueue(tickets: readonly string[]): Promise<unknown> {
    for (const ticket of tickets) this._enqueuing.add(ticket);
    return this.call(ENQUEUE, tickets);
  }

  /**
   * Redis answers in the order it ran the calls: a cancellation answered before the
   * ticket's ENQUEUE ran first (possible when a script had to be sent again after a
   * restart), so the ticket is queued now. Returns those tickets: cancel them again.
   */
  enqueued(tickets: readonly string[]): string[] {
    const again: string[] = [];
    for (const ticket of tickets) {
      this._enqueuing.delete(ticket);
      if (this._cancelledFirst.delete(ticket)) again.push(ticket);
    }
    return again;
  }

  /** A LEAVE that cancelled `tickets` was answered. */
  cancelled(tickets: readonly string[]): void {
    for (const ticket of tickets) if (this._enqueuing.has(ticket)) this._cancelledFirst.add(ticket);
  }

  subscribe(): Promise<void> {
    return (this._subscribed ??= (async () => {
      // A Cluster duplicates into a Cluster (its pub/sub reaches every node's messages).
      const sub = (this._sub = this._redis.isCluster ? (this._redis as Cluster).duplicate() : (this._redis as Redis).duplicate());
      // The outage is the user's client's to report; this connection only listens.
      sub.on('error', () => {});
      sub.on('message', (_channel: string, message: string) => this._events.granted(message.split(' ')));
      sub.on('ready', this._reconnected);
      this._redis.on('ready', this._reconnected);
      try {
        await sub.subscribe(`${this._prefix}:wake:${this._id}`);
      } catch (error) {
        // ioredis subscribes again once it reconnects; the renewal picks up what we miss.
        if (this._sub !== undefined) this._events.error(error);
      }
      this.ready = true;
    })());
  }

  /** Stops listening to the user's client and closes the pub/sub connection. */
  close(): void {
    this._redis.off('ready', this._reconnected);
    this._sub?.disconnect();
    this._sub = undefined;
  }
}
