import { readdirSync, readFileSync } from 'node:fs';
import * as redis from '../../lib/redis/index.js';

describe('rx-task-tracker/redis', () => {
  it('exports exactly its public names', () => {
    expect(Object.keys(redis).sort()).toEqual(['RedisRateLimitScheduler', 'RedisSemaphoreScheduler']);
  });

  it('imports ioredis for its types only: the user passes the client', () => {
    const files = readdirSync('lib/redis', { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    expect(files).toContain('internal/SemaphoreLink.ts');
    for (const file of files) {
      const source = readFileSync(`lib/redis/${file}`, 'utf8');
      expect(source).withContext(file).not.toMatch(/^import (?!type ).*'ioredis'/m);
    }
  });
});
