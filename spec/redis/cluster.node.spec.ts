// Both Redis schedulers on a real Redis Cluster of 3 masters started here
// (helpers/redisCluster.ts): the semaphore shared by 4 forked processes, each
// connected with ioredis' `Cluster`.
import { Cluster } from 'ioredis';
import { Observable, Subject } from 'rxjs';
import { LogOnlyPolicy, TaskTracker } from '../../lib/index.js';
import { RedisRateLimitScheduler, RedisSemaphoreScheduler } from '../../lib/redis/index.js';
import { RedisCluster } from './helpers/redisCluster.js';
import { overlapOf4Processes } from './helpers/workers.js';

const quiet = () => new LogOnlyPolicy({ logger: () => {} });

describe('the Redis schedulers on a Redis Cluster of 3 masters', () => {
  let cluster: RedisCluster;
  let admin: Cluster;

  beforeAll(async () => {
    cluster = await RedisCluster.start(3);
    admin = new Cluster(cluster.nodes);
  }, 30_000);

  afterAll(async () => {
    admin?.disconnect();
    await cluster?.stop();
  });

  it('runs at most 5 tasks at once across 4 processes of 200 tasks each, reaching 5, each task once; leaves no key behind', async () => {
    const ports = cluster.servers.map((server) => server.port);
    expect(await overlapOf4Processes({ port: 0, cluster: ports, key: 'reports' })).toBe(5);
    expect(await admin.exists(['holders', 'queue', 'seq', 'clients'].map((name) => `{reports}:${name}`))).toBe(0);
  }, 60_000);

  it('keeps all the keys of a semaphore in the hash slot of its key, whichever node serves it', async () => {
    // Keys chosen to land on each of the 3 masters: every script touches keys of one slot only.
    const keys = ['a', 'b', 'c', 'jobs', 'user:{42}'];
    const ranges = await admin.cluster('SLOTS');
    const nodeOf = async (key: string) => {
      const slot = (await admin.cluster('KEYSLOT', key)) as number;
      return ranges.find(([from, to]) => slot >= from && slot <= to)![2][1];
    };
    expect(new Set(await Promise.all(keys.map(nodeOf))).size).toBe(3);
    for (const key of keys) {
      const scheduler = RedisSemaphoreScheduler.withPermits(1, { redis: admin, key });
      const tracker = new TaskTracker(scheduler, quiet());
      const stop = new Subject<void>();
      const first = tracker.spawn(new Observable<void>((s) => stop.subscribe({ complete: () => s.complete() })));
      const second = tracker.spawn(() => key);
      await scheduler.flush();
      expect([first.status, second.status]).withContext(key).toEqual(['running', 'queued']);
      const names = ['holders', 'queue', 'seq', 'clients'].map((name) => `{${key}}:${name}`);
      const keySlots = await Promise.all(names.map((name) => admin.cluster('KEYSLOT', name) as Promise<number>));
      expect(new Set(keySlots).size).withContext(key).toBe(1);
      stop.complete();
      await expectAsync(second).toBeResolvedTo(key);
      await tracker.join();
      await scheduler.close();
      expect(await admin.exists(names)).withContext(key).toBe(0);
    }
  });

  it('rate-limits through a Cluster client', async () => {
    const scheduler = RedisRateLimitScheduler.perInterval(2, 60_000, { redis: admin, key: 'partner' });
    const tracker = new TaskTracker(scheduler, quiet());
    const handles = [1, 2, 3].map((i) => tracker.spawn(() => i));
    expect(await Promise.all(handles.slice(0, 2))).toEqual([1, 2]);
    expect(handles[2].status).toBe('queued');
    expect(await admin.zcard('partner')).toBe(2);
    scheduler.close();
    await expectAsync(handles[2]).toBeRejectedWithError(/was closed/);
  });
});
