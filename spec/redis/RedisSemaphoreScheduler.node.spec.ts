// RedisSemaphoreScheduler against a real redis-server started here (helpers/redisServer.ts),
// shared by forked processes (fixtures/worker.ts) and by several clients of this process:
// to Redis each client is a process of its own (its own id, connection and subscription).
import { Redis } from 'ioredis';
import { NEVER, Observable, Subject } from 'rxjs';
import { LogOnlyPolicy, TaskTracker, type TaskHandle } from '../../lib/index.js';
import { RedisSemaphoreScheduler, type LeaseLost, type RedisSemaphoreOptions } from '../../lib/redis/index.js';
import { RedisServer } from './helpers/redisServer.js';
import { maxOverlap, runWorkers, Worker, type WorkerConfig } from './helpers/workers.js';

const quiet = () => new LogOnlyPolicy({ logger: () => {} });

describe('RedisSemaphoreScheduler', () => {
  let server: RedisServer;
  let admin: Redis;
  const clients: Redis[] = [];
  const schedulers: RedisSemaphoreScheduler[] = [];
  let keys = 0;
  let key: string;

  function client(): Redis {
    const redis = new Redis({ ...server.options, retryStrategy: () => 50 });
    redis.on('error', () => {});
    clients.push(redis);
    return redis;
  }

  function semaphore(permits: number, options: Partial<RedisSemaphoreOptions> = {}): RedisSemaphoreScheduler {
    const scheduler = RedisSemaphoreScheduler.withPermits(permits, { redis: client(), key, ...options });
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
      expect(() => RedisSemaphoreScheduler.withPermits(0, good)).toThrowError(RangeError, /permits must be a positive integer, got 0/);
      expect(() => RedisSemaphoreScheduler.withPermits(Infinity, good)).toThrowError(RangeError, /permits must be a positive integer, got Infinity/);
      expect(() => RedisSemaphoreScheduler.withPermits(2, { ...good, leaseMs: 10 })).toThrowError(RangeError, /leaseMs must be at least 30, got 10/);
      expect(() => RedisSemaphoreScheduler.withPermits(2, { ...good, localPermits: 1.5 })).toThrowError(RangeError, /localPermits .*got 1.5/);
      expect(() => RedisSemaphoreScheduler.withPermits(2, { redis, key: 'k' })).toThrowError(TypeError, /redis must be an ioredis client/);
      expect(() => RedisSemaphoreScheduler.withPermits(2, { redis: admin, key: '' })).toThrowError(TypeError, /key must be a non-empty string/);
      expect(() => RedisSemaphoreScheduler.withPermits(2, undefined as never)).toThrowError(TypeError, /options \{ redis, key \} are required/);
    });
  });

  it('runs at most 5 tasks at once across 4 processes of 200 tasks each, reaching 5, each task once', async () => {
    const configs: WorkerConfig[] = [0, 1, 2, 3].map((i) => ({
      name: `w${i}`,
      port: server.port,
      key,
      mode: 'run',
      permits: 5,
      tasks: 200,
      maxTaskMs: 3,
      leaseMs: 2000,
    }));
    const workers = await runWorkers(configs);
    const results = await Promise.all(workers.map((w) => w.done));
    // Each exits by itself once its scheduler is closed: nothing outlived close().
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0, 0, 0]);
    const records = results.flatMap((r) => r.records);
    const ids = records.map((r) => r.id);

    expect(records.length).toBe(800);
    expect(new Set(ids).size).toBe(800);
    expect(records.every((r) => r.end >= r.start)).toBeTrue();
    expect(results.map((r) => [r.metrics.success, r.metrics.failed, r.metrics.cancelled])).toEqual(configs.map(() => [200, 0, 0]));
    expect(maxOverlap(records)).toBe(5);
    expect(await admin.keys(`${key}:*`)).not.toContain(`${key}:queue`);
    expect(await admin.zcard(`${key}:holders`)).toBe(0);
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
    expect(await admin.zcard(`${key}:queue`)).toBe(8);
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
    expect(await admin.zcard(`${key}:holders`)).toBe(3);

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
    expect(await admin.zcard(`${key}:holders`)).toBe(0);
    expect(await admin.zcard(`${key}:queue`)).toBe(0);
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
    const [ticket] = await admin.zrange(`${key}:queue`, '0', '-1');
    expect(ticket).toMatch(/^[0-9a-f]+\/2$/);

    b.cancel('not needed');
    await scheduler.flush();
    expect(await admin.zcard(`${key}:queue`)).toBe(0);
    expect(await admin.zrange(`${key}:holders`, '0', '-1')).not.toContain(ticket);
    for (const k of await admin.keys(`${key}:granted:*`)) expect(await admin.smembers(k)).not.toContain(ticket);
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
    expect(await admin.zcard(`${key}:queue`)).toBe(10_000);

    child.cancel('shutting down');
    await scheduler.flush();
    expect(await admin.zcard(`${key}:queue`)).toBe(0);
    expect(child.metrics().cancelled()).toBe(10_000);
    stop.complete();
    await root.join();
    await scheduler.flush();
    expect(await admin.zcard(`${key}:holders`)).toBe(0);
  }, 15_000);

  it('keeps tasks waiting while redis-server restarts, and starts them once it is back; the lost lease is reported', async () => {
    const lost: LeaseLost[] = [];
    const errors: unknown[] = [];
    const scheduler = semaphore(1, { leaseMs: 300, onLeaseLost: (l) => lost.push(l), onError: (e) => errors.push(e) });
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
    const [lease] = await admin.zrange(`${key}:holders`, '0', '0');
    await admin.del(`${key}:holders`); // as if Redis had been flushed
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
    await admin.set(`${key}:queue`, 'not a sorted set');
    const handle = tracker.spawn(() => 'ran');
    await scheduler.flush();
    expect(errors.length).toBeGreaterThanOrEqual(1); // the queueing, and maybe a renewal already
    for (const error of errors) expect(String(error)).toMatch(/WRONGTYPE/);
    expect(handle.status).toBe('queued');
    await admin.del(`${key}:queue`);
    await expectAsync(handle).toBeResolvedTo('ran');
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
    expect(await admin.zcard(`${key}:holders`)).toBe(2);
    expect(await admin.zcard(`${key}:queue`)).toBe(0);
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
    expect(await admin.zcard(`${key}:holders`)).toBe(1);
    expect(await admin.zcard(`${key}:queue`)).toBe(1);
    await scheduler.close();
    await expectAsync(waiting).toBeRejectedWithError(/Task rejected: RedisSemaphoreScheduler "sem\d+" was closed/);
    await expectAsync(tracker.spawn(NEVER)).toBeRejectedWithError(/is closed/);
    expect(await admin.zcard(`${key}:holders`)).toBe(0);
    expect(await admin.zcard(`${key}:queue`)).toBe(0);
    tracker.cancel();
  });
});
