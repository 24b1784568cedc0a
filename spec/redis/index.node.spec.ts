import { readFileSync } from 'node:fs';
import * as redis from '../../lib/redis/index.js';

describe('rx-task-tracker/redis', () => {
  it('exports exactly its public names', () => {
    expect(Object.keys(redis).sort()).toEqual(['RedisRateLimitScheduler', 'RedisSemaphoreScheduler']);
  });

  it('imports ioredis for its types only: the user passes the client', () => {
    for (const file of ['RedisSemaphoreScheduler', 'RedisRateLimitScheduler', 'internal/RedisScript', 'internal/checks']) {
      const source = readFileSync(`lib/redis/${file}.ts`, 'utf8');
      expect(source).not.toMatch(/^import (?!type ).*'ioredis'/m);
    }
  });
});
