// One process of the Redis bench (run.ts forks it; argv[2] is the Redis port). Both
// contenders' modules are loaded before it says 'ready'; for each 'go' it runs `loops`
// acquire+release loops of one contender until `until` (the machine's clock, shared by
// all processes) and reports how many it did, every round trip its ioredis clients made,
// and the hold intervals (for the hand-off gaps).
import { Redis } from 'ioredis';
import { Semaphore } from 'redis-semaphore';
import { LogOnlyPolicy, TaskTracker } from '../../lib/index.js';
import { RedisSemaphoreScheduler } from '../../lib/redis/index.js';

export interface BenchWorkerConfig {
  readonly contender: 'tracker' | 'redis-semaphore';
  readonly key: string;
  readonly until: number;
  readonly permits: number;
  readonly loops: number;
}

export interface BenchWorkerResult {
  readonly ops: number;
  readonly roundTrips: number;
  /** [acquired, released] per operation, ms on the machine's clock. */
  readonly holds: [number, number][];
}

const now = () => performance.timeOrigin + performance.now();

// Every command an ioredis client sends (its pub/sub connection included) is one round trip.
let roundTrips = 0;
const send = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<Redis['sendCommand']>) {
  roundTrips++;
  return send.apply(this, args);
};

const redis = new Redis({ host: '127.0.0.1', port: Number(process.argv[2]) });

async function run(config: BenchWorkerConfig): Promise<BenchWorkerResult> {
  const until = config.until;
  const holds: [number, number][] = [];
  let ops = 0;
  let loop: () => Promise<void>;
  let finish = async () => {};
  if (config.contender === 'tracker') {
    const scheduler = RedisSemaphoreScheduler.withPermits(config.permits, { redis, key: config.key });
    const tracker = new TaskTracker(scheduler, new LogOnlyPolicy());
    loop = async () => {
      while (now() < until) {
        let acquired = 0;
        await tracker.spawn(() => {
          acquired = now();
          holds.push([acquired, now()]);
        });
        ops++;
      }
    };
    finish = async () => {
      await tracker.join();
      await scheduler.close();
    };
  } else {
    loop = async () => {
      while (now() < until) {
        const semaphore = new Semaphore(redis, config.key, config.permits, { acquireTimeout: 60_000 });
        await semaphore.acquire();
        const acquired = now();
        holds.push([acquired, now()]);
        await semaphore.release();
        ops++;
      }
    };
  }
  roundTrips = 0;
  await Promise.all(Array.from({ length: config.loops }, loop));
  const result = { ops, roundTrips, holds };
  await finish();
  return result;
}

redis.once('ready', () => process.send!({ type: 'ready' }));
process.on('message', (config: BenchWorkerConfig) => {
  void run(config).then((result) => process.send!({ type: 'done', result }));
});
process.on('disconnect', () => process.exit(1));
