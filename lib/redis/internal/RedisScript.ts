import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/**
 * @internal A Lua script run with EVALSHA, sent whole with EVAL when Redis has not
 * cached it (first use, or after a restart). Redis runs a script atomically: each
 * step of a scheduler is one call of one script. Not ioredis' `defineCommand`,
 * which would add methods to the user's client.
 */
export class RedisScript {
  private readonly _sha: string;

  constructor(private readonly _source: string) {
    this._sha = createHash('sha1').update(_source).digest('hex');
  }

  run(redis: Redis | Cluster, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    return redis.evalsha(this._sha, keys.length, ...keys, ...args).catch((error: unknown) => {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this._source, keys.length, ...keys, ...args);
    });
  }
}
