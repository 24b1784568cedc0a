// The `rx-task-tracker/redis` entry point: Node only, the one place that imports
// ioredis (an optional peer dependency). Names only; every export is documented
// where it is defined.

export type { LeaseLost } from './LeaseLost.js';
export { RedisRateLimitScheduler } from './RedisRateLimitScheduler.js';
export type { RedisRateLimitOptions } from './RedisRateLimitScheduler.js';
export { RedisSemaphoreScheduler } from './RedisSemaphoreScheduler.js';
export type { RedisSemaphoreOptions } from './RedisSemaphoreOptions.js';
