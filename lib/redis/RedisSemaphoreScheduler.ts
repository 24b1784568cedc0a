import { randomBytes } from 'node:crypto';
import { asapScheduler, asyncScheduler, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { ScheduledTask, TaskScheduler, TaskSlot } from '../scheduling/TaskScheduler.js';
import { checkCount } from '../errors/checkCount.js';
import { checkCallback, checkKey, checkRedis, defaultRedisErrorHandler, warnLeaseLost } from './internal/checks.js';
import { SemaphoreLink } from './internal/SemaphoreLink.js';
import { LEAVE, RENEW } from './internal/semaphoreScripts.js';
import { WaitingTasks } from './internal/WaitingTasks.js';
import type { LeaseLost } from './LeaseLost.js';
import type { RedisSemaphoreOptions } from './RedisSemaphoreOptions.js';

/** Tickets per script call: a backlog of 10,000 goes in slices that keep Redis responsive. */
const CHUNK = 500;

interface Waiter {
  readonly task: ScheduledTask;
  /** Whether its ticket was sent to Redis (a cancellation must then remove it there). */
  sent: boolean;
}

/**
 * A {@link TaskScheduler} whose `permits` slots are shared by every process that
 * uses the same Redis `key`: at most `permits` tasks run at once across all of
 * them. Node only (`rx-task-tracker/redis`, with `ioredis`).
 *
 * - A slot is a lease in Redis, renewed every `leaseMs / 3` while its task runs; a
 *   process that dies loses its leases when they expire, and waiters get the slots.
 * - Waiting is first come, first served across processes, by the order in which
 *   tickets reach Redis (the tasks a process spawns in one tick travel together). A
 *   process that gives a slot back hands it to the oldest ticket in the same script;
 *   the owner, if another process, is woken by pub/sub. Nobody polls.
 * - A task cancelled while it waits leaves the Redis queue with the next round trip.
 * - While Redis is unreachable, waiting tasks wait (ioredis queues and reconnects);
 *   they are queued again on reconnect if Redis lost them.
 *
 * Every process must use the same `permits` and `leaseMs` for a key. Call
 * `close()` once the trackers using it have joined.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { LogOnlyPolicy, TaskTracker } from 'rx-task-tracker';
 * import { RedisSemaphoreScheduler } from 'rx-task-tracker/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL!);
 * const scheduler = RedisSemaphoreScheduler.withPermits(20, { redis, key: 'partner-api' });
 * const tracker = new TaskTracker(scheduler, new LogOnlyPolicy());
 * for (const id of ids) tracker.spawn(() => callPartner(id)); // 20 at once across every instance
 * await tracker.join();
 * await scheduler.close();
 * ```
 */
export class RedisSemaphoreScheduler implements TaskScheduler, TaskSlot {
  /** Slots across all processes. */
  readonly permits: number;
  /** The key naming the semaphore. */
  readonly key: string;
  /** How long a lease lives unless renewed. */
  readonly leaseMs: number;
  /** This process's own cap. */
  readonly localPermits: number;

  private readonly _link: SemaphoreLink;
  private readonly _onLeaseLost: (lost: LeaseLost) => void;
  private readonly _onError: (error: unknown) => void;
  private readonly _clock: SchedulerLike;
  private readonly _id = randomBytes(8).toString('hex');
  private _tickets = 0;
  /** Tasks over `localPermits`, not yet given a ticket. */
  private readonly _local = new WaitingTasks();
  /** Ticket → waiting task, in arrival order. */
  private readonly _waiting = new Map<string, Waiter>();
  /** Lease → running task. */
  private readonly _held = new Map<string, ScheduledTask>();
  /** Running tasks whose lease was lost: they still count against `localPermits`. */
  private _orphans = 0;
  /** The current offer's ticket of each task we know. */
  private readonly _ticketOf = new Map<ScheduledTask, string>();
  private _toEnqueue: string[] = [];
  private _toRelease = new Map<string, string>();
  private _toCancel: string[] = [];
  private _flushTask: Subscription | undefined;
  private _timer: Subscription | undefined;
  private _ticking = false;
  private _resync = false;
  private _closed: Promise<void> | undefined;
  private _leasesLost = 0;
  private readonly _sink = { next: (task: ScheduledTask) => this._offer(task) };

  private constructor(permits: number, options: RedisSemaphoreOptions) {
    const where = 'RedisSemaphoreScheduler.withPermits';
    if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options { redis, key } are required`);
    this.permits = checkCount(permits, `${where}: permits`);
    const redis = checkRedis(options.redis, where);
    this.key = checkKey(options.key, where);
    this.leaseMs = checkCount(options.leaseMs ?? 10_000, `${where}: leaseMs`);
    if (this.leaseMs < 30) throw new RangeError(`${where}: leaseMs must be at least 30, got ${this.leaseMs}`);
    this.localPermits = checkCount(options.localPermits ?? Infinity, `${where}: localPermits`, true);
    this._onLeaseLost = checkCallback(options.onLeaseLost, `${where}: onLeaseLost`) ?? warnLeaseLost;
    this._onError = checkCallback(options.onError, `${where}: onError`) ?? defaultRedisErrorHandler;
    this._clock = options.scheduler ?? asyncScheduler;
    this._link = new SemaphoreLink(redis, this.key, this._id, this.leaseMs, this.permits, {
      granted: (tickets) => {
        for (const ticket of tickets) this._granted(ticket);
      },
      reconnected: () => {
        this._resync = true;
        this._tickNow();
      },
      error: this._onError,
    });
  }

  /**
   * A scheduler with `permits` slots shared through Redis under `options.key`.
   * @throws RangeError if `permits`, `leaseMs` or `localPermits` is not a positive
   * integer (`localPermits` may be `Infinity`; `leaseMs` is at least 30); TypeError if
   * `redis` is not an ioredis client or `key` is empty.
   *
   * @example
   * ```ts
   * const scheduler = RedisSemaphoreScheduler.withPermits(5, { redis, key: 'reports', leaseMs: 30_000, localPermits: 2 });
   * ```
   */
  static withPermits(permits: number, options: RedisSemaphoreOptions): RedisSemaphoreScheduler {
    return new RedisSemaphoreScheduler(permits, options);
  }

  /** How many leases of this process were lost while their task ran, since it was created. */
  leasesLost(): number {
    return this._leasesLost;
  }

  /** This process's tasks running now, and those waiting (with a ticket in Redis, or over `localPermits`). */
  stats(): {
    /** Tasks of this process holding a lease now. */
    readonly running: number;
    /** Tasks of this process waiting for one. */
    readonly waiting: number;
  } {
    return { running: this._held.size + this._orphans, waiting: this._waiting.size + this._local.size };
  }

  /** @inheritDoc */
  connect(tasks: Observable<ScheduledTask>): Subscription {
    return tasks.subscribe(this._sink);
  }

  /** @inheritDoc */
  forget(task: ScheduledTask): void {
    const ticket = this._ticketOf.get(task);
    if (ticket === undefined) return this._local.forget(); // over localPermits
    const waiter = this._waiting.get(ticket);
    if (waiter === undefined) return;
    this._waiting.delete(ticket);
    this._ticketOf.delete(task);
    if (waiter.sent) this._toCancel.push(ticket);
    this._admitLocal();
    this._scheduleFlush();
  }

  /** TaskSlot: called by a task when its work has stopped, to give its slot back. */
  release(task: ScheduledTask): void {
    const ticket = this._ticketOf.get(task);
    this._ticketOf.delete(task);
    if (ticket !== undefined && this._held.delete(ticket)) {
      if (this._closed === undefined) this._toRelease.set(ticket, task.id);
    } else if (this._orphans > 0) {
      this._orphans--;
    }
    this._admitLocal();
    this._scheduleFlush();
  }

  /**
   * Resolves once every Redis step this scheduler has begun (queueing, cancelling,
   * releasing) has been answered, including those its answers led to.
   *
   * @example
   * ```ts
   * tracker.cancel();
   * await scheduler.flush(); // the cancelled tickets are out of Redis now
   * ```
   */
  async flush(): Promise<void> {
    for (;;) {
      if (this._flushTask !== undefined) {
        await this._link.subscribe();
        if (this._flushTask !== undefined) this._flush();
      }
      if (this._link.pending === 0 && this._flushTask === undefined) return;
      await this._link.settled();
    }
  }

  /**
   * Gives back this process's leases, takes its waiting tickets out of Redis (their
   * tasks end rejected), stops the renewal timer and closes the pub/sub connection.
   * The `redis` client stays open. Call it once the trackers using this scheduler
   * have joined: a task still running loses its slot without being told. While Redis
   * is unreachable it waits for the release as long as ioredis retries the command.
   *
   * @example
   * ```ts
   * await tracker.join();
   * await scheduler.close();
   * ```
   */
  close(): Promise<void> {
    if (this._closed !== undefined) return this._closed;
    this._flushTask?.unsubscribe();
    this._flushTask = undefined;
    this._timer?.unsubscribe();
    this._timer = undefined;
    const releases = new Map(this._toRelease);
    for (const [lease, task] of this._held) releases.set(lease, task.id);
    const cancels = [...this._toCancel];
    const rejected: ScheduledTask[] = [];
    for (const [ticket, waiter] of this._waiting) {
      if (waiter.sent) cancels.push(ticket);
      rejected.push(waiter.task);
    }
    rejected.push(...this._local.drain());
    this._waiting.clear();
    this._held.clear();
    this._ticketOf.clear();
    this._toRelease.clear();
    this._toCancel = [];
    this._toEnqueue = [];
    const left = releases.size + cancels.length > 0 && this._link.ready ? this._leave(releases, cancels, true) : Promise.resolve();
    this._closed = left.then(() => this._link.close());
    for (const task of rejected) if (!task.isCancelled()) task.reject(`RedisSemaphoreScheduler "${this.key}" was closed`);
    return this._closed;
  }

  private _offer(task: ScheduledTask): void {
    if (this._closed !== undefined) {
      task.reject(`RedisSemaphoreScheduler "${this.key}" is closed`);
    } else if (this._admitted() < this.localPermits && this._local.size === 0) {
      this._admit(task);
    } else {
      this._local.push(task);
    }
  }

  private _admitted(): number {
    return this._waiting.size + this._held.size + this._orphans;
  }

  /** Gives `task` a ticket, to be queued in Redis with this tick's others. */
  private _admit(task: ScheduledTask): void {
    const ticket = `${this._id}/${++this._tickets}`;
    this._ticketOf.set(task, ticket);
    this._waiting.set(ticket, { task, sent: false });
    this._toEnqueue.push(ticket);
    this._scheduleFlush();
  }

  private _admitLocal(): void {
    while (this._local.size > 0 && this._admitted() < this.localPermits && this._closed === undefined) {
      const task = this._local.next();
      if (task !== undefined) this._admit(task);
    }
  }

  private _scheduleFlush(): void {
    if (this._flushTask !== undefined || this._closed !== undefined) return;
    if (this._toEnqueue.length + this._toRelease.size + this._toCancel.length === 0) return;
    this._flushTask = asapScheduler.schedule(() => {
      if (this._link.ready) this._flush();
      // The first flush waits for the pub/sub subscription: a grant must find us listening.
      else void this._link.subscribe().then(() => this._flush());
    });
  }

  /** Sends what this tick gathered: releases and cancellations, then new tickets. */
  private _flush(): void {
    this._flushTask?.unsubscribe();
    this._flushTask = undefined;
    if (this._closed !== undefined) return;
    const releases = this._toRelease;
    const cancels = this._toCancel;
    this._toRelease = new Map();
    this._toCancel = [];
    if (releases.size + cancels.length > 0) void this._leave(releases, cancels, false);
    const tickets = this._toEnqueue.filter((ticket) => this._waiting.has(ticket));
    this._toEnqueue = [];
    for (let i = 0; i < tickets.length; i += CHUNK) this._enqueue(tickets.slice(i, i + CHUNK));
    this._ensureTimer();
  }

  private _enqueue(tickets: string[]): void {
    for (const ticket of tickets) this._waiting.get(ticket)!.sent = true;
    this._link.enqueue(tickets).then(
      (granted) => {
        this._cancelAgain(this._link.enqueued(tickets));
        for (const ticket of granted as string[]) this._granted(ticket);
      },
      (error) => {
        // Queued or not: the cancelled ones are cancelled again, the others queued again at the resync.
        this._link.enqueued(tickets);
        this._cancelAgain(tickets.filter((ticket) => !this._waiting.has(ticket)));
        this._failed(error);
      },
    );
  }

  private _cancelAgain(tickets: string[]): void {
    if (tickets.length === 0) return;
    this._toCancel.push(...tickets);
    this._scheduleFlush();
  }

  private _leave(releases: Map<string, string>, cancels: string[], closing: boolean): Promise<void> {
    const ids = [...releases.keys()];
    const slices: Promise<void>[] = [];
    for (let i = 0; i < Math.max(ids.length, cancels.length); i += CHUNK) {
      const released = ids.slice(i, i + CHUNK);
      const cancelled = cancels.slice(i, i + CHUNK);
      const call = this._link.call(LEAVE, [released.length, ...released, ...cancelled]).then(
        (reply) => {
          const [lost, granted] = reply as [string[], string[]];
          this._link.cancelled(cancelled);
          for (const lease of lost) this._lost(lease, releases.get(lease)!, 'release');
          for (const ticket of granted) this._granted(ticket);
        },
        (error) => {
          if (closing) return;
          // Retried with the next flush or renewal.
          for (const lease of released) this._toRelease.set(lease, releases.get(lease)!);
          this._toCancel.push(...cancelled);
          this._failed(error);
        },
      );
      slices.push(call);
    }
    return Promise.all(slices).then(() => {});
  }

  /** A ticket of ours holds a slot: start its task (a cancelled one gives it back at once). */
  private _granted(ticket: string): void {
    const waiter = this._waiting.get(ticket);
    if (waiter === undefined || this._closed !== undefined) return;
    this._waiting.delete(ticket);
    this._held.set(ticket, waiter.task);
    waiter.task.start(this);
  }

  private _lost(lease: string, taskId: string, noticed: LeaseLost['noticed']): void {
    this._leasesLost++;
    try {
      this._onLeaseLost({ taskId, lease, key: this.key, noticed });
    } catch (error) {
      console.error('rx-task-tracker/redis: onLeaseLost threw', error);
    }
  }

  private _failed(error: unknown): void {
    this._resync = true;
    if (this._closed !== undefined) return;
    try {
      this._onError(error);
    } catch {
      // A failing error handler must not stop the retries.
    }
    this._ensureTimer();
  }

  private _ensureTimer(hint = -1): void {
    if (this._timer !== undefined || this._ticking || this._closed !== undefined || !this._link.ready) return;
    if (this._waiting.size + this._held.size + this._toRelease.size + this._toCancel.length === 0) return;
    let delay = Math.floor(this.leaseMs / 3);
    // A waiter wakes when the first lease expires, in case its holder died.
    if (hint >= 0 && this._waiting.size > 0) delay = Math.min(delay, hint + 1);
    this._timer = this._clock.schedule(() => {
      this._timer = undefined;
      this._tick();
    }, delay);
  }

  private _tickNow(): void {
    if (this._closed !== undefined || !this._link.ready || this._ticking) return;
    this._timer?.unsubscribe();
    this._timer = undefined;
    this._tick();
  }

  /** Renews this process's leases and heartbeat; after a loss of state, queues the waiting tickets again. */
  private _tick(): void {
    this._ticking = true;
    if (this._toRelease.size + this._toCancel.length > 0) this._flush();
    const leases = [...this._held.keys()];
    let hint = -1;
    this._link.call(RENEW, leases)
      .then(
        (reply) => {
          const [known, lost, granted, published, nextExpiry] = reply as [number, string[], string[], string[], number];
          hint = nextExpiry;
          if (this._closed !== undefined) return;
          for (const lease of lost) {
            const task = this._held.get(lease);
            if (task === undefined) continue;
            this._held.delete(lease);
            this._orphans++;
            this._lost(lease, task.id, 'renewal');
          }
          for (const ticket of granted) this._granted(ticket);
          for (const ticket of published) this._granted(ticket);
          if (known === 0 || this._resync) {
            this._resync = false;
            const sent = [...this._waiting].filter(([, waiter]) => waiter.sent).map(([ticket]) => ticket);
            for (let i = 0; i < sent.length; i += CHUNK) this._enqueue(sent.slice(i, i + CHUNK));
          }
        },
        (error) => this._failed(error),
      )
      .finally(() => {
        this._ticking = false;
        this._ensureTimer(hint);
      });
  }
}
