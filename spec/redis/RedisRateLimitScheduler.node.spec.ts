// RedisRateLimitScheduler against a real redis-server started here, across forked processes.
import { Redis } from 'ioredis';
import { NEVER, Observable } from 'rxjs';
import { LogOnlyPolicy, TaskRejectedError, TaskTracker } from '../../lib/index.js';
import { RedisRateLimitScheduler } from '../../lib/redis/index.js';
import { outcome } from '../helpers/trackers.js';
import { RedisServer, scriptCalls } from './helpers/redisServer.js';
import { runWorkers, type WorkerConfig } from './helpers/workers.js';

/** The most starts in any window of `ms`, sliding from each start. */
function mostStartsIn(starts: readonly number[], ms: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('RedisRateLimitScheduler', () => {
  let server: RedisServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await RedisServer.start();
    redis = new Redis(server.options);
  }, 10_000);

  afterAll(async () => {
    redis.disconnect();
    await server?.stop();
  });

  it('refuses bad arguments with errors naming them', () => {
    const good = { redis, key: 'k' };
    expect(() => RedisRateLimitScheduler.perInterval(0, 1000, good)).toThrowError(RangeError, /limit must be an integer >= 1, got 0/);
    expect(() => RedisRateLimitScheduler.perInterval(5, -1, good)).toThrowError(RangeError, /intervalMs must be an integer from 1 to 10\^15 \(the maximum, about 31,700 years\), got -1/);
    expect(() => RedisRateLimitScheduler.perInterval(5, 1e15 + 1, good)).toThrowError(RangeError, /intervalMs must be an integer from 1 to 10\^15 \(the maximum, about 31,700 years\), got 1000000000000001/);
    expect(RedisRateLimitScheduler.perInterval(5, 1e15, good).intervalMs).toBe(1e15);
    expect(() => RedisRateLimitScheduler.perInterval(5, 1000, { ...good, concurrency: 0 })).toThrowError(RangeError, /concurrency .*got 0/);
    expect(() => RedisRateLimitScheduler.perInterval(5, 1000, { redis: null as never, key: 'k' })).toThrowError(TypeError, /redis must be an ioredis client \(new Redis\(…\) or new Cluster\(…\)\), got null/);
    expect(() => RedisRateLimitScheduler.perInterval(5, 1000, { redis, key: 7 as never })).toThrowError(TypeError, /key must be a non-empty string, got 7/);
    expect(() => RedisRateLimitScheduler.perInterval(5, 1000, { ...good, concurency: 2 } as never)).toThrowError(
      TypeError,
      "RedisRateLimitScheduler.perInterval: unknown option 'concurency' (did you mean 'concurrency'?); known options: redis, key, concurrency, onError, scheduler",
    );
    expect(() => RedisRateLimitScheduler.perInterval(5, 1000, { ...good, scheduler: {} as never })).toThrowError(TypeError, /scheduler must be an RxJS scheduler/);
  });

  it('starts no more than `limit` tasks in any window of `intervalMs` across 4 processes, and reaches it', async () => {
    const limit = 8;
    const intervalMs = 400;
    const configs: WorkerConfig[] = [0, 1, 2, 3].map((i) => ({
      name: `r${i}`,
      port: server.port,
      key: 'rate',
      mode: 'rate',
      permits: limit,
      intervalMs,
      tasks: 12,
      maxTaskMs: 1,
    }));
    const workers = await runWorkers(configs);
    const results = await Promise.all(workers.map((w) => w.done));
    // Each exits by itself once its scheduler is closed: nothing outlived close().
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0, 0, 0]);
    const starts = results.flatMap((r) => r.records.map((record) => record.start));

    expect(starts.length).toBe(48);
    // Redis records a start one reply before the task starts; replies to different
    // processes may take a few ms more or less, hence the 40 ms of leeway.
    expect(mostStartsIn(starts, intervalMs - 40)).toBe(limit);
    // 48 starts at 8 per window take at least 5 windows after the first.
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual(5 * intervalMs - 40);
  }, 20_000);

  it('runs at most `concurrency` tasks of this process at once, and drops a cancelled waiting task', async () => {
    const scheduler = RedisRateLimitScheduler.perInterval(100, 1000, { redis, key: 'local', concurrency: 1 });
    const tracker = new TaskTracker(scheduler, new LogOnlyPolicy({ logger: () => {} }));
    const started: string[] = [];
    const task = (name: string) => new Observable<void>((s) => (started.push(name), s.complete()));
    const first = tracker.spawn(NEVER);
    const dropped = tracker.spawn(task('dropped'));
    tracker.spawn(task('last'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toEqual([]);
    dropped.cancel();
    first.cancel();
    await tracker.join();
    expect(started).toEqual(['last']);
    expect(await redis.zcard('local')).toBe(2);
    scheduler.close();
  });

  it("spends no start on a task whose tracker is paused: a sibling sharing the scheduler gets the window's one start", async () => {
    const scheduler = RedisRateLimitScheduler.perInterval(1, 60_000, { redis, key: 'paused' });
    const root = new TaskTracker({ scheduler, errorPolicy: new LogOnlyPolicy({ logger: () => {} }) });
    const held = root.childTracker();
    const api = root.childTracker();
    held.pause();
    const parked = held.spawn(() => 'parked');
    expect(await api.spawn(() => 'api')).toBe('api'); // on one start a minute: only if the parked task took none
    expect(await redis.zcard('paused')).toBe(1);
    expect(parked.status).toBe('queued');
    scheduler.close();
    held.resume();
    await expectAsync(parked).toBeRejectedWithError(/"paused" (is|was) closed/);
    await root.join();
  });

  it('close() stops its timer and rejects waiting tasks', async () => {
    const scheduler = RedisRateLimitScheduler.perInterval(1, 60_000, { redis, key: 'closed' });
    const tracker = new TaskTracker(scheduler, new LogOnlyPolicy({ logger: () => {} }));
    await tracker.spawn(() => 1);
    const waiting = tracker.spawn(() => 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    scheduler.close();
    await expectAsync(waiting).toBeRejectedWithError(/Task rejected: RedisRateLimitScheduler "closed" was closed/);
    await expectAsync(tracker.spawn(() => 3)).toBeRejectedWithError(/is closed/);
    await tracker.join();
  });

  it('waits out an interval of 30 days on one timer, without asking Redis again (a timer of 2³¹ ms or more fires after 1 ms)', async () => {
    const scheduler = RedisRateLimitScheduler.perInterval(1, 30 * 86_400_000, { redis, key: 'month' });
    const tracker = new TaskTracker(scheduler, new LogOnlyPolicy({ logger: () => {} }));
    await tracker.spawn(() => 1);
    const waiting = tracker.spawn(() => 2);
    await new Promise((resolve) => setTimeout(resolve, 20)); // its question answered: wait 30 days
    await redis.config('RESETSTAT');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await scriptCalls(redis)).toBe(0);
    expect(waiting.status).toBe('queued');
    scheduler.close();
    await expectAsync(waiting).toBeRejectedWithError(/was closed/);
  });

  it('rejects the waiting tasks with an error naming its key when it holds another type (WRONGTYPE), and tells onError', async () => {
    const errors: unknown[] = [];
    await redis.set('wrong', 'a string');
    const scheduler = RedisRateLimitScheduler.perInterval(5, 1000, { redis, key: 'wrong', onError: (e) => errors.push(e) });
    const tracker = new TaskTracker(scheduler, new LogOnlyPolicy({ logger: () => {} }));
    const { error } = await outcome(tracker.spawn(() => 1));
    expect(error).toBeInstanceOf(TaskRejectedError);
    expect((error as Error).message).toBe('Task rejected: RedisRateLimitScheduler "wrong": Redis key "wrong" holds a string, not a zset');
    expect(errors.map(String)).toEqual(['Error: RedisRateLimitScheduler "wrong": Redis key "wrong" holds a string, not a zset (WRONGTYPE); 1 waiting task rejected']);
    await redis.del('wrong');
    await expectAsync(tracker.spawn(() => 2)).toBeResolvedTo(2); // fixed, it works again
    scheduler.close();
  });
});
