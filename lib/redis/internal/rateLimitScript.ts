import { RedisScript } from './RedisScript.js';

/**
 * @internal The sliding log of RedisRateLimitScheduler. KEYS 1: a zset of starts
 * (id → Redis time in ms). ARGV: limit, intervalMs, then one id per start wanted.
 * Records as many starts as the last `intervalMs` leaves room for; returns { how
 * many, ms until the oldest recorded start leaves the window (0: all granted) }.
 * A start at time s counts against every moment before s + intervalMs, so any
 * window of `intervalMs` holds at most `limit` starts. A key of another type fails
 * it, naming the key (as the semaphore's scripts do).
 */
export const TAKE = new RedisScript(`
local log, limit, interval = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local kind = redis.call('TYPE', log).ok
if kind ~= 'none' and kind ~= 'zset' then
  return redis.error_reply('WRONGTYPE Redis key "' .. log .. '" holds a ' .. kind .. ', not a zset')
end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', log, '-inf', now - interval)
local used = redis.call('ZCARD', log)
local granted = 0
for i = 3, #ARGV do
  if used >= limit then break end
  redis.call('ZADD', log, now, ARGV[i])
  used = used + 1
  granted = granted + 1
end
local wait = 0
if granted < #ARGV - 2 then
  local oldest = redis.call('ZRANGE', log, 0, 0, 'WITHSCORES')
  wait = tonumber(oldest[2]) + interval - now
end
redis.call('PEXPIRE', log, interval)
return { granted, wait }
`);
