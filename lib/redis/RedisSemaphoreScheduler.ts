import { randomBytes } from 'node:crypto';
import { asapScheduler, type Observable, type Subscription } from 'rxjs';
import type { ScheduledTask, TaskScheduler, TaskSlot } from '../scheduling/TaskScheduler.js';
import { scheduleAfter } from '../time/scheduleAfter.js';
import { report, wrongType, wrongTypeError } from './internal/checks.js';
import { Heartbeat } from './internal/Heartbeat.js';
import { SemaphoreLink } from './internal/SemaphoreLink.js';
import { readSemaphoreOptions, type SemaphoreSettings } from './internal/semaphoreOptions.js';
import { LEAVE, RENEW } from './internal/semaphoreScripts.js';
import { TicketBook } from './internal/TicketBook.js';
import type { LeaseLost } from './LeaseLost.js';
import type { RedisSemaphoreOptions } from './RedisSemaphoreOptions.js';

/** Tickets per script call: a backlog of 10,000 goes in slices that keep Redis responsive. */
const CHUNK = 500;

/**
 * A {@link TaskScheduler} whose `permits` slots are shared by every process that
 * uses the same Redis `key`: at most `permits` tasks run at once across all of
 * them. Node only (`rx-task-tracker/redis`, with `ioredis`; a `Redis` or a `Cluster` client).
 *
 * - A slot is a lease in Redis, renewed every `leaseMs / 3` while its task runs; a
 *   process that dies loses its leases when they expire, and waiters get the slots.
 *   A task whose lease was lost is cancelled (unless `cancelOnLeaseLost: false`).
 * - Waiting is first come, first served across processes, by the order in which
 *   tickets reach Redis (the tasks a process spawns in one tick travel together). A
 *   process that gives a slot back hands it to the oldest ticket in the same script;
 *   the owner, if another process, is woken by pub/sub. Nobody polls.
 * - A task cancelled while it waits leaves the Redis queue with the next round trip.
 * - While Redis is unreachable, waiting tasks wait (ioredis queues and reconnects);
 *   they are queued again on reconnect if Redis lost them. A key of the semaphore
 *   holding another type (WRONGTYPE) rejects the waiting tasks instead.
 * - Its keys `{key}:…` expire 3 × `leaseMs` after the last step of any user; the
 *   last process to `close()` leaves none.
 *
 * Every process must use the same `permits` and `leaseMs` for a key. Call
 * `close()` once the trackers using it have joined.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { TaskTracker } from 'rx-task-tracker';
 * import { RedisSemaphoreScheduler } from 'rx-task-tracker/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL!);
 * const scheduler = RedisSemaphoreScheduler.withPermits(20, { redis, key: 'partner-api' });
 * const tracker = new TaskTracker({ scheduler });
 * for (const id of ids) tracker.spawn(() => callPartner(id)); // 20 at once across every instance
 * await tracker.join();
 * await scheduler.close();
 * ```
 * @since 0.2.0
 * @category Scheduling
 */
export class RedisSemaphoreScheduler implements TaskScheduler, TaskSlot {
  /** Slots across all processes. */
  readonly permits: number;
  /** The key naming the semaphore. */
  readonly key: string;
  /** How long a lease lives unless renewed. */
  readonly leaseMs: number;
  /** This process's own cap. */
  readonly localConcurrency: number;
  /** Whether a task that lost its lease is cancelled. */
  readonly cancelOnLeaseLost: boolean;
  /** How long `close()` waits for Redis. */
  readonly closeTimeoutMs: number;

  private readonly _link: SemaphoreLink;
  private readonly _book: TicketBook;
  /** The options, checked, with their defaults. */
  private readonly _settings: SemaphoreSettings;
  private _toEnqueue: string[] = [];
  /** Lease → its task's id. */
  private _toRelease = new Map<string, string>();
  private _toCancel: string[] = [];
  private _flushTask: Subscription | undefined;
  private readonly _heartbeat: Heartbeat;
  private _resync = false;
  private _closed: Promise<void> | undefined;
  private _leasesLost = 0;
  private readonly _sink = { next: (task: ScheduledTask) => this._offer(task) };

  private constructor(permits: number, options: RedisSemaphoreOptions) {
    const settings = readSemaphoreOptions(permits, options);
    this.permits = settings.permits;
    this.key = settings.key;
    this.leaseMs = settings.leaseMs;
    this.localConcurrency = settings.localConcurrency;
    this.cancelOnLeaseLost = settings.cancelOnLeaseLost;
    this.closeTimeoutMs = settings.closeTimeoutMs;
    this._settings = settings;
    const id = randomBytes(8).toString('hex');
    this._book = new TicketBook(id, this.localConcurrency);
    this._link = new SemaphoreLink(settings.redis, this.key, id, this.leaseMs, this.permits, {
      granted: (tickets) => {
        for (const ticket of tickets) this._granted(ticket);
      },
      reconnected: () => {
        this._resync = true;
        if (this._closed === undefined) this._heartbeat.now();
      },
      error: (error) => report(this._settings.onError, error),
    });
    this._heartbeat = new Heartbeat(this._settings.scheduler, Math.floor(this.leaseMs / 3), {
      wanted: () =>
        this._closed === undefined &&
        this._link.ready &&
        this._book.ticketed + this._book.held + this._toRelease.size + this._toCancel.length > 0,
      waiting: () => this._book.ticketed > 0,
      beat: () => this._renew(),
    });
  }

  /**
   * A scheduler with `permits` slots shared through Redis under `options.key`.
   * @throws RangeError if `permits` or `localConcurrency` is not a positive integer
   * (`localConcurrency` may be `Infinity`), or a duration is out of its range (`leaseMs`
   * from 30, `closeTimeoutMs` from 0, both at most 10¹⁵); TypeError if `redis` is not an
   * ioredis client or `key` is empty or starts with `}`.
   *
   * @example
   * ```ts
   * const scheduler = RedisSemaphoreScheduler.withPermits(5, { redis, key: 'reports', leaseMs: 30_000, localConcurrency: 2 });
   * ```
   */
  static withPermits(permits: number, options: RedisSemaphoreOptions): RedisSemaphoreScheduler {
    return new RedisSemaphoreScheduler(permits, options);
  }

  /** How many leases of this process were lost while their task ran, since it was created. */
  leasesLost(): number {
    return this._leasesLost;
  }

  /** This process's tasks running now, and those waiting (with a ticket in Redis, or over `localConcurrency`). */
  stats(): {
    /** Tasks of this process holding a lease now (or running on a lost one). */
    readonly running: number;
    /** Tasks of this process waiting for one. */
    readonly waiting: number;
  } {
    return { running: this._book.running, waiting: this._book.waiting };
  }

  /** @inheritDoc */
  connect(tasks: Observable<ScheduledTask>): Subscription {
    return tasks.subscribe(this._sink);
  }

  /** @inheritDoc */
  forget(task: ScheduledTask): void {
    const ticket = this._book.forget(task);
    if (ticket !== undefined) this._toCancel.push(ticket);
    this._admitLocal();
    this._scheduleFlush();
  }

  /** TaskSlot: called by a task when its work has stopped, to give its slot back. */
  release(task: ScheduledTask): void {
    const lease = this._book.release(task);
    if (lease !== undefined && this._closed === undefined) this._toRelease.set(lease, task.id);
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
   * Gives back this process's leases, takes its waiting tickets and its
   * registration out of Redis (the last process leaves no key behind), rejects its
   * waiting tasks, stops the renewal timer and closes the pub/sub connection. The
   * `redis` client stays open. Call it once the trackers using this scheduler have
   * joined: a task still running loses its slot without being told. While Redis is
   * unreachable it waits `closeTimeoutMs` at most, then resolves and tells `onError`
   * (the leases expire within `leaseMs`); it never rejects.
   *
   * @example
   * ```ts
   * process.once('SIGTERM', async () => {
   *   tracker.cancel('shutting down');
   *   await tracker.join();
   *   await scheduler.close(); // within closeTimeoutMs (default 5 s), Redis up or not
   * });
   * ```
   */
  close(): Promise<void> {
    if (this._closed !== undefined) return this._closed;
    this._flushTask?.unsubscribe();
    this._flushTask = undefined;
    this._heartbeat.stop();
    const { leases, sent, waiting } = this._book.close();
    const releases = new Map([...this._toRelease, ...leases]);
    const cancels = [...this._toCancel, ...sent];
    this._toRelease.clear();
    this._toCancel = [];
    this._toEnqueue = [];
    // Once subscribed, it may be registered: it leaves, after the calls in flight (one resent could register it again).
    const left = this._link.ready ? this._link.settled().then(() => this._leave(releases, cancels, true)) : Promise.resolve();
    this._closed = this._bounded(left).then(() => this._link.close());
    for (const task of waiting) if (!task.isCancelled()) task.reject(`RedisSemaphoreScheduler "${this.key}" was closed`);
    return this._closed;
  }

  /** `left`, or `closeTimeoutMs` if Redis takes longer. */
  private _bounded(left: Promise<void>): Promise<void> {
    if (this.closeTimeoutMs === Infinity) return left;
    return new Promise((resolve) => {
      const timer = scheduleAfter(this._settings.scheduler, this.closeTimeoutMs, () => {
        const message = `RedisSemaphoreScheduler "${this.key}": close() stopped waiting for Redis after ${this.closeTimeoutMs} ms (closeTimeoutMs); this process's leases expire within leaseMs`;
        report(this._settings.onError, new Error(message));
        resolve();
      });
      void left.then(() => {
        timer.unsubscribe();
        resolve();
      });
    });
  }

  private _offer(task: ScheduledTask): void {
    if (this._closed !== undefined) return task.reject(`RedisSemaphoreScheduler "${this.key}" is closed`);
    const ticket = this._book.offer(task);
    if (ticket === undefined) return;
    this._toEnqueue.push(ticket);
    this._scheduleFlush();
  }

  private _admitLocal(): void {
    if (this._closed === undefined) this._toEnqueue.push(...this._book.admitLocal());
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
    const tickets = this._toEnqueue;
    this._toEnqueue = [];
    for (let i = 0; i < tickets.length; i += CHUNK) this._enqueue(tickets.slice(i, i + CHUNK));
    this._heartbeat.schedule();
  }

  private _enqueue(tickets: readonly string[]): void {
    const sent = this._book.send(tickets);
    if (sent.length === 0) return;
    this._link.enqueue(sent).then(
      (granted) => {
        this._cancelAgain(this._link.enqueued(sent));
        for (const ticket of granted as string[]) this._granted(ticket);
      },
      (error) => {
        // Queued or not: the cancelled ones are cancelled again, the others queued again at the resync.
        this._link.enqueued(sent);
        this._cancelAgain(sent.filter((ticket) => !this._book.isWaiting(ticket)));
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
    // At least one call: a closing process leaves even with nothing to give back.
    for (let i = 0; i === 0 || i < Math.max(ids.length, cancels.length); i += CHUNK) {
      const released = ids.slice(i, i + CHUNK);
      const cancelled = cancels.slice(i, i + CHUNK);
      const last = i + CHUNK >= Math.max(ids.length, cancels.length);
      const call = this._link.call(LEAVE, [closing && last ? 1 : 0, released.length, ...released, ...cancelled]).then(
        (reply) => {
          const [lost, granted] = reply as [string[], string[]];
          this._link.cancelled(cancelled);
          for (const lease of lost) this._lost(lease, releases.get(lease)!, 'release');
          for (const ticket of granted) this._granted(ticket);
        },
        (error) => {
          if (closing) return;
          // A key of the wrong type refuses every step: the leases expire by themselves.
          if (wrongType(error) === undefined) {
            // Retried with the next flush or renewal.
            for (const lease of released) this._toRelease.set(lease, releases.get(lease)!);
            this._toCancel.push(...cancelled);
          }
          this._failed(error);
        },
      );
      slices.push(call);
    }
    return Promise.all(slices).then(() => {});
  }

  /** A ticket of ours holds a slot: start its task (a cancelled one gives it back at once). */
  private _granted(ticket: string): void {
    if (this._closed === undefined) this._book.grant(ticket)?.start(this);
  }

  private _lost(lease: string, taskId: string, noticed: LeaseLost['noticed']): void {
    this._leasesLost++;
    report(this._settings.onLeaseLost, { taskId, lease, key: this.key, noticed }, this._settings.onError);
  }

  /**
   * A step failed: reported, and retried at the next renewal; but while a key of
   * the semaphore holds another type, nothing can be granted: the waiting tasks
   * are rejected with an error naming it.
   */
  private _failed(error: unknown): void {
    if (this._closed !== undefined) return;
    const detail = wrongType(error);
    if (detail === undefined) {
      this._resync = true;
      report(this._settings.onError, error);
      return this._heartbeat.schedule();
    }
    const reason = `RedisSemaphoreScheduler "${this.key}": ${detail}`;
    const { sent, tasks } = this._book.dropWaiting();
    this._toCancel.push(...sent);
    const rejected = tasks.filter((task) => !task.isCancelled());
    report(this._settings.onError, wrongTypeError(reason, rejected.length, error));
    for (const task of rejected) task.reject(reason);
  }

  /** Renews this process's leases and heartbeat; after a loss of state, queues the waiting tickets again. */
  private _renew(): Promise<number> {
    if (this._toRelease.size + this._toCancel.length > 0) this._flush();
    return this._link.call(RENEW, this._book.leases()).then(
      (reply) => {
        const [known, lost, granted, published, nextExpiry] = reply as [number, string[], string[], string[], number];
        if (this._closed !== undefined) return -1;
        for (const lease of lost) this._lostAtRenewal(lease);
        for (const ticket of granted) this._granted(ticket);
        for (const ticket of published) this._granted(ticket);
        if (known === 0 || this._resync) {
          this._resync = false;
          const sent = this._book.sentTickets();
          for (let i = 0; i < sent.length; i += CHUNK) this._enqueue(sent.slice(i, i + CHUNK));
        }
        return nextExpiry;
      },
      (error) => {
        this._failed(error);
        return -1;
      },
    );
  }

  /** A running task's lease expired or vanished: reported, and the task cancelled unless told otherwise. */
  private _lostAtRenewal(lease: string): void {
    const task = this._book.lose(lease);
    if (task === undefined) return;
    this._lost(lease, task.id, 'renewal');
    if (!this.cancelOnLeaseLost) return;
    try {
      task.cancel?.(`RedisSemaphoreScheduler "${this.key}": the task's lease ${lease} was lost; another process may hold its slot`);
    } catch (error) {
      report(this._settings.onError, error); // a task wrapper of someone else's: the renewals go on
    }
  }
}
