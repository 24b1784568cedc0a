import { RedisScript } from './RedisScript.js';

// The Redis side of RedisSemaphoreScheduler, in three scripts (each one atomic step).
//
// KEYS: 1 `{key}:holders` (zset lease → expiry ms), 2 `{key}:queue` (zset ticket → arrival number),
//       3 `{key}:seq` (the arrival counter), 4 `{key}:clients` (zset process id → heartbeat expiry ms).
// ARGV: 1 the caller's process id, 2 leaseMs, 3 permits, 4 the key prefix `{key}`, then per script.
// The braces are a Cluster hash tag: every key of one semaphore, `{key}:granted:<id>` included,
// is in one hash slot, so a script may touch them all.
// A ticket is `<process id>/<n>`; a granted ticket becomes a lease under the same name.
// Time is the Redis server's (TIME), so the processes' clocks never need to agree.
// A grant to another process goes into its set `{key}:granted:<id>` and is published on
// `{key}:wake:<id>`; the set is the durable copy for a process that missed the message.
// Each script runs its step under pcall: a key of another type fails it ("WRONGTYPE Redis key
// "{jobs}:queue" holds a string, not a zset"), after the writes that came before (each harmless
// alone: a heartbeat, an expired lease dropped). The types are looked up only then, not at every step.
const PRELUDE = `
local holders, queue, seq, clients = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local me, leaseMs, permits, prefix = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local mine = prefix .. ':granted:' .. me
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
  local ours, others = {}, {}
  while free > 0 do
    local head = redis.call('ZPOPMIN', queue)
    if #head == 0 then break end
    local ticket = head[1]
    local owner = string.match(ticket, '^[^/]+')
    if alive(owner) then
      redis.call('ZADD', holders, now + leaseMs, ticket)
      free = free - 1
      if owner == me then
        ours[#ours + 1] = ticket
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
  return ours
end

-- Keys of a semaphore nobody uses any more expire; each step of a user renews them (a grant
-- set, at each grant).
local function keep()
  for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], leaseMs * 3) end
end
`;

/** Runs `step`; on an error, names the key of the wrong type if that was it. */
const EPILOGUE = `
local ok, result = pcall(step)
if ok then return result end
local message = type(result) == 'table' and result.err or tostring(result)
if string.sub(message, 1, 9) == 'WRONGTYPE' then
  local expected = { { holders, 'zset' }, { queue, 'zset' }, { seq, 'string' }, { clients, 'zset' }, { mine, 'set' } }
  for i = 1, #expected do
    local key, kind = expected[i][1], expected[i][2]
    local actual = redis.call('TYPE', key).ok
    if actual ~= 'none' and actual ~= kind then
      return redis.error_reply('WRONGTYPE Redis key "' .. key .. '" holds a ' .. actual .. ', not a ' .. kind)
    end
  end
end
return redis.error_reply(message)
`;

/** A script of the semaphore: its step, with the prelude's names and helpers. */
const script = (step: string) => new RedisScript(`${PRELUDE}\nlocal function step()\n${step}\nend\n${EPILOGUE}`);

/** @internal ARGV 5…: tickets to queue. Returns the caller's tickets that hold a slot now. */
export const ENQUEUE = script(`
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
local granted = grant()
for i = 1, #again do granted[#granted + 1] = again[i] end
keep()
return granted
`);

/**
 * @internal ARGV 5: 1 when the caller closes (it leaves the semaphore: its
 * registration and grant set go, and the arrival counter too if nobody waits), 0
 * otherwise; 6: how many releases follow; then leases to release, then tickets to
 * cancel. Returns { released leases that had expired or vanished, the caller's new grants }.
 */
export const LEAVE = script(`
local closing, releases = ARGV[5] == '1', tonumber(ARGV[6])
local lost = {}
for i = 7, 6 + releases do
  local lease = redis.call('ZSCORE', holders, ARGV[i])
  if not lease or tonumber(lease) <= now then lost[#lost + 1] = ARGV[i] end
  redis.call('ZREM', holders, ARGV[i])
  redis.call('SREM', mine, ARGV[i])
end
for i = 7 + releases, #ARGV do
  redis.call('ZREM', queue, ARGV[i])
  redis.call('ZREM', holders, ARGV[i])
  redis.call('SREM', mine, ARGV[i])
end
if closing then
  redis.call('ZREM', clients, me)
  redis.call('DEL', mine)
end
-- A caller that left is no longer alive: none of its tickets can be granted.
local granted = grant()
if closing and redis.call('EXISTS', queue) == 0 then redis.call('DEL', seq) end
keep()
return { lost, granted }
`);

/**
 * @internal The heartbeat. ARGV 5…: the caller's leases, renewed. Returns { 1 if the
 * caller was known alive, leases that had expired or vanished, new grants, grants
 * published to the caller (it may have missed them), ms until the first lease expires
 * while tickets wait (-1: none) }.
 */
export const RENEW = script(`
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
local granted = grant()
local published = redis.call('SMEMBERS', mine)
local nextExpiry = -1
if redis.call('ZCARD', queue) > 0 then
  local first = redis.call('ZRANGE', holders, 0, 0, 'WITHSCORES')
  if #first > 0 then nextExpiry = tonumber(first[2]) - now end
end
keep()
return { known, lost, granted, published, nextExpiry }
`);
