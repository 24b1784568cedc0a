// RedisSemaphoreScheduler against a real redis-server started here (helpers/redisServer.ts),
// shared by forked processes (fixtures/worker.ts) and by several clients of this process:
// to Redis each client is a process of its own (its own id, connection and subscription).
import { Redis, type RedisOptions } from 'ioredis';
import { NEVER, Observable, Subject } from 'rxjs';
import { LogOnlyPolicy, TaskCancelledError, TaskRejectedError, TaskTracker, type TaskHandle } from '../../lib/index.js';
import { RedisSemaphoreScheduler, type LeaseLost, type RedisSemaphoreOptions } from '../../lib/redis/index.js';
import { outcome } from '../helpers/trackers.js';
import { RedisServer, scriptCalls } from './helpers/redisServer.js';
import { overlapOf4Processes, Worker } from './helpers/workers.js';

const quiet = () => new LogOnlyPolicy({ logger: () => {} });

describe('RedisSemaphoreScheduler', () => {
  let server: RedisServer;
  let admin: Redis;
  const clients: Redis[] = [];
  const schedulers: RedisSemaphoreScheduler[] = [];
  let keys = 0;
  let key: string;

  function client(options: RedisOptions = {}): Redis {
    const redis = new Redis({ ...server.options, retryStrategy: () => 50, ...options });
    redis.on('error', () => {});
    clients.push(redis);
    return redis;
  }

  function semaphore(permits: number, options: Partial<RedisSemaphoreOptions> = {}, clientOptions?: RedisOptions): RedisSemaphoreScheduler {
    const scheduler = RedisSemaphoreScheduler.withPermits(permits, { redis: client(clientOptions), key, ...options });
    schedulers.push(scheduler);
    return scheduler;
  }

  /** A task that runs until `stop` completes (at once if it has), and says when it started. */
  function controlled(stop: Subject<void>, started: string[], name: string): Observable<void> {
    return new Observable<void>((subscriber) => {
      started.push(name);
      return stop.subscribe({ complete: () => subscriber.complete() });
    });
  }

  beforeAll(async () => {
    server = await RedisServer.start();
    admin = new Redis({ ...server.options, retryStrategy: () => 50 });
    admin.on('error', () => {}); // while the restart spec has the server down
  }, 10_000);

  afterAll(async () => {
    admin.disconnect();
    await server?.stop();
  });

  /** The Redis key `{key}:name` of the current semaphore. */
  const k = (name: string) => `{${key}}:${name}`;

  beforeEach(() => {
    key = `sem${++keys}`;
  });

  afterEach(async () => {
    if (!server.running) await server.resume(); // a restart spec that failed half-way
    await Promise.all(schedulers.splice(0).map((s) => s.close()));
    for (const redis of clients.splice(0)) redis.disconnect();
  });

  describe('withPermits', () => {
    it('refuses bad arguments with errors naming them', () => {
      const redis = {} as Redis;
      const good = { redis: admin, key: 'k' };
      expect(() => RedisSemaphoreScheduler.withPermits(0, good)).toThrowError(RangeError, /permits must be an integer >= 1, got 0/);
      expect(() => RedisSemaphoreScheduler.withPermits(2, { ...good, leaseMS: 100 } as never)).toThrowError(
        TypeError,
        "RedisSemaphoreScheduler.withPermits: unknown option 'leaseMS' (did you mean 'leaseMs'?); known options: redis, key, leaseMs, localPermits, cancelOnLeaseLost, closeTimeoutMs, onLeaseLost, onError, scheduler",
      );
      expect(() => RedisSemaphoreScheduler.withPermits(Infinity, good)).toThrowError(RangeError, /permits must be an integer >= 1, got Infinity/);
      const range = (name: string, min: number, got: string, infinity = '') =>
        new RegExp(`${name} must be an integer from ${min} to 10\\^15 \\(the maximum, about 31,700 years\\)${infinity}, got ${got}`);
      expect(() => RedisSemaphoreScheduler.withPermits(2, { ...good, leaseMs: 10 })).toThrowError(RangeError, range('leaseMs', 30, '10'));
      expect(() => RedisSemaphoreScheduler.withPermits(2, { ...good, leaseMs: 1e15 + 1 })).toThrowError(RangeError, range('leaseMs', 30, '1000000000000001'));
      expect(() => RedisSemaphoreScheduler.withPermits(2, { ...good, leaseMs: Infinity })).toThrowError(RangeError, range('leaseMs', 30, 'Infinity'));
      expect(() => RedisSemaphoreScheduler.withPermits(2, { ...good, closeTimeoutMs: -1 })).toThrowError(RangeError, range('closeTimeoutMs', 0, '-1', ' or Infinity'));
      expect(() => RedisSemaphoreScheduler.withPermits(2, { ...good, closeTimeoutMs: 2 ** 60 })).toThrowError(RangeError, range('closeTimeoutMs', 0, '1152921504606847000', ' or Infinity'));
      expect(() => RedisSemaphoreScheduler.withPermits(2, { ...good, cancelOnLeaseLost: 'no' as never })).toThrowError(TypeError, /cancelOnLeaseLost must be a boolean, got 'no'/);
      expect(() => RedisSemaphoreScheduler.withPermits(2, { redis: admin, key: '}jobs' })).toThrowError(TypeError, /key must not start with '}' .*got '}jobs'/);
      expect(() => RedisSemaphoreScheduler.withPermits(2, { ...good, localPermits: 1.5 })).toThrowError(RangeError, /localPermits .*got 1.5/);
      expect(() => RedisSemaphoreScheduler.withPermits(2, { redis, key: 'k' })).toThrowError(TypeError, /redis must be an ioredis client/);
      expect(() => RedisSemaphoreScheduler.withPermits(2, { redis: admin, key: '' })).toThrowError(TypeError, /key must be a non-empty string/);
      expect(() => RedisSemaphoreScheduler.withPermits(2, undefined as never)).toThrowError(TypeError, /options \{ redis, key \} are required/);
    });

    it('has the documented defaults, and takes any lease up to the maximum', () => {
      const scheduler = RedisSemaphoreScheduler.withPermits(2, { redis: admin, key: 'k' });
      expect([scheduler.leaseMs, scheduler.closeTimeoutMs, scheduler.cancelOnLeaseLost, scheduler.localPermits]).toEqual([10_000, 5_000, true, Infinity]);
      expect(RedisSemaphoreScheduler.withPermits(2, { redis: admin, key: 'k', leaseMs: 1e15, closeTimeoutMs: Infinity }).leaseMs).toBe(1e15);
    });
  });

  it('runs at most 5 tasks at once across 4 processes of 200 tasks each, reaching 5, each task once; leaves no key behind', async () => {
    expect(await overlapOf4Processes({ port: server.port, key })).toBe(5);
    // The last process to close took the semaphore out of Redis.
    expect(await admin.keys(k('*'))).toEqual([]);
  }, 30_000);

  it('starts waiting tasks first come, first served across 4 processes', async () => {
    const blocker = semaphore(1);
    const stop = new Subject<void>();
    const holder = new TaskTracker(blocker, quiet());
    holder.spawn(controlled(stop, [], 'blocker'));
    await blocker.flush();
    const workers = ['a', 'b', 'c', 'd'].map(
      (name) => new Worker({ name, port: server.port, key, mode: 'queue', permits: 1, tasks: 0, maxTaskMs: 0, leaseMs: 2000 }),
    );
    await Promise.all(workers.map((w) => w.ready));
    // Queue in a known order, each ticket in Redis before the next is spawned: a0 b0 c0 d0 a1 b1 c1 d1.
    const order: string[] = [];
    for (let round = 0; round < 2; round++) {
      for (const [i, worker] of workers.entries()) {
        order.push(`${'abcd'[i]}${round}`);
        await worker.spawn(order[order.length - 1]);
      }
    }
    expect(await admin.zcard(k('queue'))).toBe(8);
    stop.complete();
    for (const worker of workers) worker.finish();
    const records = (await Promise.all(workers.map((w) => w.done))).flatMap((r) => r.records);
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0, 0, 0]);
    expect(records.sort((x, y) => x.start - y.start).map((r) => r.id)).toEqual(order);
  }, 20_000);

  it('gives the slots of a SIGKILLed holder of 2 back within leaseMs + 1 s, losing nothing else', async () => {
    const leaseMs = 600;
    const killed = new Worker({ name: 'holder', port: server.port, key, mode: 'hold', permits: 3, tasks: 2, maxTaskMs: 0, leaseMs });
    await killed.ready;
    killed.go();
    await killed.holding;
    const here = semaphore(3, { leaseMs });
    const tracker = new TaskTracker(here, quiet());
    const stop = new Subject<void>();
    const started: string[] = [];
    for (const name of ['x', 'y', 'z']) tracker.spawn(controlled(stop, started, name));
    await here.flush();
    expect(started).toEqual(['x']);
    expect(await admin.zcard(k('holders'))).toBe(3);

    const killedAt = performance.now();
    await killed.kill();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (started.length === 3) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    expect(performance.now() - killedAt).toBeLessThan(leaseMs + 1000);
    expect(started).toEqual(['x', 'y', 'z']);
    stop.complete();
    await tracker.join();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ success: 3, failed: 0, cancelled: 0, rejected: 0 }));
    expect(here.leasesLost()).toBe(0);
    await here.flush();
    expect(await admin.zcard(k('holders'))).toBe(0);
    expect(await admin.zcard(k('queue'))).toBe(0);
  }, 15_000);

  it('takes a cancelled waiting task out of Redis with the next round trip', async () => {
    const scheduler = semaphore(1);
    const tracker = new TaskTracker(scheduler, quiet());
    const stop = new Subject<void>();
    const started: string[] = [];
    tracker.spawn(controlled(stop, started, 'a'));
    const b = tracker.spawn(controlled(stop, started, 'b'));
    b.catch(() => {});
    await scheduler.flush();
    const [ticket] = await admin.zrange(k('queue'), '0', '-1');
    expect(ticket).toMatch(/^[0-9a-f]+\/2$/);

    b.cancel('not needed');
    await scheduler.flush();
    expect(await admin.zcard(k('queue'))).toBe(0);
    expect(await admin.zrange(k('holders'), '0', '-1')).not.toContain(ticket);
    for (const granted of await admin.keys(k('granted:*'))) expect(await admin.smembers(granted)).not.toContain(ticket);
    stop.complete();
    await tracker.join();
    expect(started).toEqual(['a']);
  });

  it('leaves none of the 10,000 queued tasks of a cancelled tracker in Redis', async () => {
    const scheduler = semaphore(1);
    const root = new TaskTracker(scheduler, quiet());
    const stop = new Subject<void>();
    const started: string[] = [];
    root.spawn(controlled(stop, started, 'holder'));
    const child = root.childTracker();
    for (let i = 0; i < 10_000; i++) child.spawn(NEVER).catch(() => {});
    await scheduler.flush();
    expect(await admin.zcard(k('queue'))).toBe(10_000);

    child.cancel('shutting down');
    await scheduler.flush();
    expect(await admin.zcard(k('queue'))).toBe(0);
    expect(child.metrics().cancelled()).toBe(10_000);
    stop.complete();
    await root.join();
    await scheduler.flush();
    expect(await admin.zcard(k('holders'))).toBe(0);
  }, 15_000);

  it('keeps tasks waiting while redis-server restarts, and starts them once it is back; the lost lease is reported (cancelOnLeaseLost: false)', async () => {
    const lost: LeaseLost[] = [];
    const errors: unknown[] = [];
    const scheduler = semaphore(1, { leaseMs: 300, cancelOnLeaseLost: false, onLeaseLost: (l) => lost.push(l), onError: (e) => errors.push(e) });
    const tracker = new TaskTracker(scheduler, quiet());
    const stop = new Subject<void>();
    const started: string[] = [];
    const startedAt = new Map<string, number>();
    const quick = (name: string) => new Observable<void>((s) => (started.push(name), startedAt.set(name, performance.now()), s.complete()));
    const a = tracker.spawn(controlled(stop, started, 'a'));
    const b = tracker.spawn(quick('b'));
    await scheduler.flush();
    expect(started).toEqual(['a']);

    await server.halt();
    const c = tracker.spawn(quick('c'));
    // A renewal (every 100 ms) and c's ticket now wait in ioredis' offline queue.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(started).toEqual(['a']);
    const backAt = performance.now();
    await server.resume();
    await Promise.all([b, c]);
    // After a restart without persistence, the order of the queue is the order in which the tickets came back.
    expect(started.sort()).toEqual(['a', 'b', 'c']);
    expect(startedAt.get('b')).toBeGreaterThan(backAt);
    expect(startedAt.get('c')).toBeGreaterThan(backAt);
    expect(lost).toEqual([{ taskId: (a as TaskHandle<void>).id, lease: jasmine.stringMatching(/\/1$/) as unknown as string, key, noticed: 'renewal' }]);
    expect(scheduler.leasesLost()).toBe(1);
    stop.complete();
    await tracker.join();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ success: 3, failed: 0, cancelled: 0 }));
  }, 15_000);

  it('counts a lease that expired while its task ran and reports it at release', async () => {
    const lost: LeaseLost[] = [];
    const scheduler = semaphore(2, { onLeaseLost: (l) => lost.push(l) });
    const tracker = new TaskTracker(scheduler, quiet());
    const stop = new Subject<void>();
    const handle = tracker.spawn(controlled(stop, [], 'a'));
    await scheduler.flush();
    const [lease] = await admin.zrange(k('holders'), '0', '0');
    await admin.del(k('holders')); // as if Redis had been flushed
    stop.complete();
    await handle;
    await scheduler.flush();
    expect(lost).toEqual([{ taskId: handle.id, lease, key, noticed: 'release' }]);
    expect(scheduler.leasesLost()).toBe(1);
  });

  it('reports a failing Redis step to onError and retries it at the next renewal', async () => {
    const errors: unknown[] = [];
    const scheduler = semaphore(1, { leaseMs: 300, onError: (e) => errors.push(e) });
    const tracker = new TaskTracker(scheduler, quiet());
    await admin.config('SET', 'maxmemory', '1'); // every write refused: OOM
    try {
      const handle = tracker.spawn(() => 'ran');
      await scheduler.flush();
      expect(errors.length).toBeGreaterThanOrEqual(1); // the queueing, and maybe a renewal already
      for (const error of errors) expect(String(error)).toMatch(/OOM/);
      expect(handle.status).toBe('queued');
      await admin.config('SET', 'maxmemory', '0');
      await expectAsync(handle).toBeResolvedTo('ran');
    } finally {
      await admin.config('SET', 'maxmemory', '0');
    }
    await tracker.join();
  });

  it('caps this process at localPermits, the rest waiting here, not in Redis', async () => {
    const scheduler = semaphore(5, { localPermits: 2 });
    const tracker = new TaskTracker(scheduler, quiet());
    const stop = new Subject<void>();
    const started: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) tracker.spawn(controlled(stop, started, name));
    await scheduler.flush();
    expect(started).toEqual(['a', 'b']);
    expect(await admin.zcard(k('holders'))).toBe(2);
    expect(await admin.zcard(k('queue'))).toBe(0);
    expect(scheduler.stats()).toEqual({ running: 2, waiting: 2 });
    stop.complete();
    await tracker.join();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
  });

  it('close() gives the leases back, rejects waiting tasks and refuses new ones', async () => {
    const scheduler = semaphore(1);
    const tracker = new TaskTracker(scheduler, quiet());
    const running = tracker.spawn(NEVER);
    const waiting = tracker.spawn(NEVER);
    running.catch(() => {});
    await scheduler.flush();
    expect(await admin.zcard(k('holders'))).toBe(1);
    expect(await admin.zcard(k('queue'))).toBe(1);
    await scheduler.close();
    await expectAsync(waiting).toBeRejectedWithError(/Task rejected: RedisSemaphoreScheduler "sem\d+" was closed/);
    await expectAsync(tracker.spawn(NEVER)).toBeRejectedWithError(/is closed/);
    expect(await admin.zcard(k('holders'))).toBe(0);
    expect(await admin.zcard(k('queue'))).toBe(0);
    tracker.cancel();
  });

  describe('in Redis', () => {
    it('keeps every key of a semaphore in use expiring, renewed while in use; close() takes its process out, and the last leaves no key', async () => {
      const leaseMs = 600;
      const [a, b] = [semaphore(1, { leaseMs }), semaphore(1, { leaseMs })];
      const [ta, tb] = [new TaskTracker(a, quiet()), new TaskTracker(b, quiet())];
      const stop = new Subject<void>();
      ta.spawn(controlled(stop, [], 'a'));
      await a.flush();
      tb.spawn(controlled(stop, [], 'b')); // waits
      await b.flush();
      const inUse = [k('clients'), k('holders'), k('queue'), k('seq')];
      expect((await admin.keys(k('*'))).sort()).toEqual(inUse);
      // Without renewal every key would be gone within 3 × leaseMs, and have at most 900 ms left by now.
      await new Promise((resolve) => setTimeout(resolve, 1.5 * leaseMs));
      const ttls = await Promise.all(inUse.map((name) => admin.pttl(name)));
      for (const [i, ttl] of ttls.entries()) expect(ttl).withContext(inUse[i]).toBeGreaterThan(2 * leaseMs);
      for (const ttl of ttls) expect(ttl).toBeLessThanOrEqual(3 * leaseMs);

      stop.complete(); // a gives its slot to b, through b's grant set
      await Promise.all([ta.join(), tb.join()]);
      await a.close();
      expect((await admin.zrange(k('clients'), '0', '-1')).length).toBe(1); // b's registration only
      await b.close();
      expect(await admin.keys(k('*'))).toEqual([]);
    });

    it('rejects the waiting tasks with an error naming a key of the wrong type (WRONGTYPE), and tells onError', async () => {
      const errors: unknown[] = [];
      const scheduler = semaphore(1, { leaseMs: 300, onError: (e) => errors.push(e) });
      const tracker = new TaskTracker(scheduler, quiet());
      await admin.set(k('queue'), 'not a sorted set');
      const refused = [tracker.spawn(() => 1), tracker.spawn(() => 2)];
      for (const handle of refused) {
        const { error } = await outcome(handle);
        expect(error).toBeInstanceOf(TaskRejectedError);
        expect((error as Error).message).toBe(`Task rejected: RedisSemaphoreScheduler "${key}": Redis key "${k('queue')}" holds a string, not a zset`);
      }
      expect(errors.map(String)).toEqual([`Error: RedisSemaphoreScheduler "${key}": Redis key "${k('queue')}" holds a string, not a zset (WRONGTYPE); 2 waiting tasks rejected`]);
      expect((errors[0] as Error).cause).toEqual(jasmine.any(Error));

      // Fixed, the semaphore works again; broken while a task waits, the renewal finds it.
      await admin.del(k('queue'));
      await expectAsync(tracker.spawn(() => 3)).toBeResolvedTo(3);
      const stop = new Subject<void>();
      const running = tracker.spawn(controlled(stop, [], 'running'));
      const waiting = tracker.spawn(() => 4);
      await scheduler.flush();
      await admin.del(k('clients'));
      await admin.sadd(k('clients'), 'not a sorted set');
      await expectAsync(waiting).toBeRejectedWithError(TaskRejectedError, `Task rejected: RedisSemaphoreScheduler "${key}": Redis key "${k('clients')}" holds a set, not a zset`);
      expect(running.status).toBe('running');
      await admin.del(k('clients'));
      stop.complete();
      await tracker.join();
    });

    it('close() resolves within closeTimeoutMs while Redis is down, and tells onError', async () => {
      const errors: unknown[] = [];
      // A client that retries its commands for ever (BullMQ's setting): close() must not wait for it.
      const scheduler = semaphore(1, { closeTimeoutMs: 200, onError: (e) => errors.push(e) }, { maxRetriesPerRequest: null });
      const tracker = new TaskTracker(scheduler, quiet());
      tracker.spawn(NEVER).catch(() => {});
      tracker.spawn(NEVER).catch(() => {});
      await scheduler.flush();
      await server.halt();
      const settled = await Promise.race([scheduler.close().then(() => 'resolved'), new Promise((resolve) => setTimeout(resolve, 3000, 'pending'))]);
      expect(settled).toBe('resolved');
      expect(errors.map(String)).toEqual([
        `Error: RedisSemaphoreScheduler "${key}": close() stopped waiting for Redis after 200 ms (closeTimeoutMs); this process's leases expire within leaseMs`,
      ]);
      tracker.cancel();
      await server.resume();
    });

    it('cancels a running task whose lease was lost, unless cancelOnLeaseLost is false', async () => {
      const lost: LeaseLost[] = [];
      const [cancelling, keeping] = [true, false].map((cancelOnLeaseLost) => semaphore(2, { leaseMs: 300, cancelOnLeaseLost, onLeaseLost: (l) => lost.push(l) }));
      const stopped: string[] = [];
      const endless = (name: string) => new Observable<never>(() => () => stopped.push(name));
      const cancelled = new TaskTracker(cancelling, quiet()).spawn(endless('cancelled'));
      const kept = new TaskTracker(keeping, quiet()).spawn(endless('kept'));
      await Promise.all([cancelling.flush(), keeping.flush()]);
      await admin.del(k('holders')); // as if Redis had been flushed: the next renewals (every 100 ms) find out

      const { error } = await outcome(cancelled);
      expect(error).toBeInstanceOf(TaskCancelledError);
      expect((error as TaskCancelledError).reason).toMatch(new RegExp(`^RedisSemaphoreScheduler "${key}": the task's lease \\w+/1 was lost; another process may hold its slot$`));
      expect(stopped).toEqual(['cancelled']);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(kept.status).toBe('running');
      expect(lost.map((l) => [l.taskId, l.noticed]).sort()).toEqual([[cancelled.id, 'renewal'], [kept.id, 'renewal']].sort());
      expect([cancelling.stats(), keeping.stats()]).toEqual([{ running: 0, waiting: 0 }, { running: 1, waiting: 0 }]);
      kept.cancel();
    });

    it('renews a lease of 7e9 ms every 7e9 / 3 ms, not every millisecond (a timer of 2³¹ ms or more fires after 1 ms)', async () => {
      const scheduler = semaphore(1, { leaseMs: 7e9 });
      const tracker = new TaskTracker(scheduler, quiet());
      tracker.spawn(NEVER).catch(() => {});
      await scheduler.flush();
      await admin.config('RESETSTAT');
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await scriptCalls(admin)).toBe(0);
      const [lease, expiry] = await admin.zrange(k('holders'), '0', '0', 'WITHSCORES');
      expect(lease).toMatch(/\/1$/);
      expect(Number(expiry) - Number((await admin.time())[0]) * 1000).toBeGreaterThan(7e9 - 60_000);
      expect(await admin.pttl(k('holders'))).toBeGreaterThan(2e10);
      tracker.cancel();
    });
  });
});
