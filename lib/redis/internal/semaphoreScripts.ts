import { RedisScript } from './RedisScript.js';

// The Redis side of RedisSemaphoreScheduler, in three scripts (each one atomic step).
//
// KEYS: 1 `<key>:holders` (zset lease → expiry ms), 2 `<key>:queue` (zset ticket → arrival number),
//       3 `<key>:seq` (the arrival counter), 4 `<key>:clients` (zset process id → heartbeat expiry ms).
// ARGV: 1 the caller's process id, 2 leaseMs, 3 permits, 4 the key prefix, then per script.
// A ticket is `<process id>/<n>`; a granted ticket becomes a lease under the same name.
// Time is the Redis server's (TIME), so the processes' clocks never need to agree.
// A grant to another process goes into its set `<key>:granted:<id>` and is published on
// `<key>:wake:<id>`; the set is the durable copy for a process that missed the message.
const PRELUDE = `
local holders, queue, seq, clients = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local me, leaseMs, permits, prefix = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local function alive(id)
  local expiry = redis.call('ZSCORE', clients, id)
  return expiry and tonumber(expiry) > now
end

-- Hands free slots to the oldest tickets of live processes; returns the caller's.
local function grant()
  redis.call('ZREMRANGEBYSCORE', holders, '-inf', now)
  local free = permits - redis.call('ZCARD', holders)
  local mine, others = {}, {}
  while free > 0 do
    local head = redis.call('ZPOPMIN', queue)
    if #head == 0 then break end
    local ticket = head[1]
    local owner = string.match(ticket, '^[^/]+')
    if alive(owner) then
      redis.call('ZADD', holders, now + leaseMs, ticket)
      free = free - 1
      if owner == me then
        mine[#mine + 1] = ticket
      else
        others[owner] = others[owner] or {}
        table.insert(others[owner], ticket)
      end
    end
  end
  for owner, tickets in pairs(others) do
    local granted = prefix .. ':granted:' .. owner
    for i = 1, #tickets do redis.call('SADD', granted, tickets[i]) end
    redis.call('PEXPIRE', granted, leaseMs * 3)
    redis.call('PUBLISH', prefix .. ':wake:' .. owner, table.concat(tickets, ' '))
  end
  redis.call('ZREMRANGEBYSCORE', clients, '-inf', now)
  return mine
end

-- Keys of a semaphore nobody uses any more expire.
local function keep()
  for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], leaseMs * 3) end
end
`;

/** @internal ARGV 5…: tickets to queue. Returns the caller's tickets that hold a slot now. */
export const ENQUEUE = new RedisScript(`${PRELUDE}
redis.call('ZADD', clients, now + leaseMs, me)
local again = {}
for i = 5, #ARGV do
  local ticket = ARGV[i]
  local lease = redis.call('ZSCORE', holders, ticket)
  if lease and tonumber(lease) > now then
    -- Sent twice (a resend after a reconnect, or a resync): granted the first time.
    again[#again + 1] = ticket
  elseif not redis.call('ZSCORE', queue, ticket) then
    redis.call('ZADD', queue, redis.call('INCR', seq), ticket)
  end
end
local mine = grant()
for i = 1, #again do mine[#mine + 1] = again[i] end
keep()
return mine
`);

/**
 * @internal ARGV 5: how many releases follow; then leases to release, then tickets to
 * cancel. Returns { released leases that had expired or vanished, the caller's new grants }.
 */
export const LEAVE = new RedisScript(`${PRELUDE}
local granted = prefix .. ':granted:' .. me
local releases = tonumber(ARGV[5])
local lost = {}
for i = 6, 5 + releases do
  local lease = redis.call('ZSCORE', holders, ARGV[i])
  if not lease or tonumber(lease) <= now then lost[#lost + 1] = ARGV[i] end
  redis.call('ZREM', holders, ARGV[i])
  redis.call('SREM', granted, ARGV[i])
end
for i = 6 + releases, #ARGV do
  redis.call('ZREM', queue, ARGV[i])
  redis.call('ZREM', holders, ARGV[i])
  redis.call('SREM', granted, ARGV[i])
end
local mine = grant()
keep()
return { lost, mine }
`);

/**
 * @internal The heartbeat. ARGV 5…: the caller's leases, renewed. Returns { 1 if the
 * caller was known alive, leases that had expired or vanished, new grants, grants
 * published to the caller (it may have missed them), ms until the first lease expires
 * while tickets wait (-1: none) }.
 */
export const RENEW = new RedisScript(`${PRELUDE}
local known = alive(me) and 1 or 0
redis.call('ZADD', clients, now + leaseMs, me)
local lost = {}
for i = 5, #ARGV do
  local lease = redis.call('ZSCORE', holders, ARGV[i])
  if lease and tonumber(lease) > now then
    redis.call('ZADD', holders, now + leaseMs, ARGV[i])
  else
    lost[#lost + 1] = ARGV[i]
  end
end
local mine = grant()
local published = redis.call('SMEMBERS', prefix .. ':granted:' .. me)
local nextExpiry = -1
if redis.call('ZCARD', queue) > 0 then
  local first = redis.call('ZRANGE', holders, 0, 0, 'WITHSCORES')
  if #first > 0 then nextExpiry = tonumber(first[2]) - now end
end
keep()
return { known, lost, mine, published, nextExpiry }
`);
