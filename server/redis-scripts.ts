// Every Lua script the app runs, as ioredis commands (sent by SHA, loaded on
// first use). connectRedis defines them on each connection before it carries
// anything: with auto-pipelining, the pipeline a tick's first command opens
// knows only the commands defined by then, and one defined later throws inside
// it, its replies go to the wrong callers and the pipelines after it never
// run: every Redis call in the process hangs (ioredis#1931; the soak's web
// instance restarted under load stopped answering). A leaf module, so the
// connection code needs nothing from the code that calls the scripts
// (server/projector/keys.ts, server/projector/apply-batch.ts).
import type { Redis } from 'ioredis';

// bookstoreApplyBatch, from server/projector/apply-batch.ts:
// KEYS: checkpoint, active-namespace pointer, rebuilding-until.
// ARGV: expected checkpoint, namespace that must be active ('' = any), the
// default namespace, log head ('' = keep the stored mark), last position,
// channel ('' = none), announcement, then the writes as JSON [[name, args...]].
// The checkpoint itself is among the writes.
const APPLY_BATCH_SCRIPT = `
if tonumber(redis.call('GET', KEYS[1]) or '0') ~= tonumber(ARGV[1]) then return 'checkpoint-moved' end
if ARGV[2] ~= '' and (redis.call('GET', KEYS[2]) or ARGV[3]) ~= ARGV[2] then return 'namespace-switched' end
for _, command in ipairs(cjson.decode(ARGV[8])) do redis.call(unpack(command)) end
local rebuilding = tonumber(ARGV[4] ~= '' and ARGV[4] or (redis.call('GET', KEYS[3]) or '0'))
if rebuilding > tonumber(ARGV[5]) then redis.call('SET', KEYS[3], rebuilding) else redis.call('DEL', KEYS[3]) end
if ARGV[6] ~= '' then redis.call('PUBLISH', ARGV[6], ARGV[7]) end
return 'applied'`;

// bookstoreOpenActive, from server/projector/keys.ts:
// The active namespace, its checkpoint and its rebuilding marker in one round
// trip (the key names depend on the first value), and optionally a query's
// first read under that namespace in the same round trip: a command on a key
// given without its namespace (`:book:<id>`), then, for an index, the
// documents its first members name: a member ends with the id (a catalog
// member is `<title>\0<id>`, the others are the id), and every id is a UUID
// (db/schema.ts), so it is the member's last ID_LENGTH characters. (Finding
// the last NUL with a Lua pattern made a catalog page twice as slow as three
// round trips.) A single Redis, not a cluster: keys outside KEYS are fine.
// `or false` keeps nils in the reply. keys.unit.test.ts pins the key names
// spelled out here.
// Form 'page' (a page of the catalog): the documents come back as one JSON
// array of those present, joined here in C (table.concat), and of the index's
// reply only its length and the last member taken, all a cursor needs. A
// page is then two strings to decode instead of some fifty, and its
// documents go out over HTTP as that one text (server/queries/json-text.ts).
const OPEN_ACTIVE_SCRIPT = `
local ns = redis.call('GET', KEYS[1]) or ARGV[1]
local out = {ns, redis.call('GET', ns .. ':checkpoint') or false, redis.call('GET', ns .. ':rebuilding-until') or false}
if #ARGV > 1 then
  local documents, take, stride, idLength, form = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
  local command = {ARGV[7], ns .. ARGV[8]}
  for i = 9, #ARGV do command[#command + 1] = ARGV[i] end
  local reply = redis.call(unpack(command))
  out[4] = reply
  if documents ~= '' then
    local keys = {}
    for i = 1, math.min(#reply, take * stride), stride do keys[#keys + 1] = ns .. documents .. string.sub(reply[i], -idLength) end
    local found = #keys > 0 and redis.call('MGET', unpack(keys)) or {}
    if form == 'page' then
      local present = {}
      for i = 1, #found do if found[i] then present[#present + 1] = found[i] end end
      out[4] = {#reply, reply[(#keys - 1) * stride + 1] or false}
      out[5] = '[' .. table.concat(present, ',') .. ']'
    else
      out[5] = found
    end
  end
end
return out`;

export function defineScripts(redis: Redis): void {
  if ('bookstoreOpenActive' in redis) return;
  redis.defineCommand('bookstoreOpenActive', { numberOfKeys: 1, lua: OPEN_ACTIVE_SCRIPT });
  redis.defineCommand('bookstoreApplyBatch', { numberOfKeys: 3, lua: APPLY_BATCH_SCRIPT });
}
