/**
 * `rx-task-tracker/redis`: schedulers whose limits hold across every process of a
 * service, through Redis or a Redis Cluster.
 *
 * Node only. Needs `ioredis` 5 or 6 (an optional peer dependency, imported by this entry
 * point only).
 *
 * @packageDocumentation
 */
// Names only; every export is documented where it is defined.

export type { LeaseLost } from './LeaseLost.js';
export { RedisRateLimitScheduler } from './RedisRateLimitScheduler.js';
export type { RedisRateLimitOptions } from './RedisRateLimitScheduler.js';
export { RedisSemaphoreScheduler } from './RedisSemaphoreScheduler.js';
export type { RedisSemaphoreOptions } from './RedisSemaphoreOptions.js';
