import type { Redis } from "ioredis";
import { redisUnavailable, RetryableError, StoreUnreachableError, USER_CACHE_EMPTY, type RedisRole } from "../../outcome/errors.ts";
import type { CachedUser } from "../../reports/model.ts";

const detail = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The failure of one Redis role, naming its endpoint (never a password: ioredis keeps that in a separate option). */
const unreachable = (redis: Redis, role: RedisRole, err: unknown) => {
  const { host, port, db } = redis.options;
  return new StoreUnreachableError(redisUnavailable(role, `${host ?? "?"}:${port ?? "?"} db ${db ?? 0}`, detail(err)));
};

// One round trip and one reply for a whole chunk of users: for each key (KEYS), the HMGET of the fields (ARGV), or
// false when the key does not exist (D5: Sunbird's inner join tests the key). Without fields, whether the key exists.
// The reply is one JSON text (cjson is part of Redis' Lua): decoding it is a single JSON.parse instead of thousands of
// RESP elements, which was the runner's largest client-side cost.
const USERS_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  if #ARGV == 0 then
    out[i] = redis.call('EXISTS', key) == 1
  else
    local values = redis.call('HMGET', key, unpack(ARGV))
    local any = false
    for _, v in ipairs(values) do
      if v then any = true break end
    end
    if any or redis.call('EXISTS', key) == 1 then out[i] = values else out[i] = false end
  end
end
return cjson.encode(out)
`;

type UsersReply = (false | true | (string | false)[])[];

/**
 * The users' cache entries (D5): only the fields the report reads (Sunbird's hashes carry many more), for a chunk of
 * users in one script call. null means the user is not in the cache; a hash lacking some field has no entry for it.
 */
export async function readUsers(redis: Redis, prefix: string, userIds: readonly string[], fields: readonly string[]): Promise<(CachedUser | null)[]> {
  if (userIds.length === 0) return [];
  let reply: UsersReply;
  try {
    const text = (await redis.eval(USERS_SCRIPT, userIds.length, ...userIds.map((id) => `${prefix}user:${id}`), ...fields)) as string;
    reply = JSON.parse(text) as UsersReply;
  } catch (err) {
    throw unreachable(redis, "user cache", err);
  }
  return reply.map((entry) => {
    if (entry === false) return null;
    const user: CachedUser = {};
    if (entry === true) return user;
    for (let f = 0; f < fields.length; f++) {
      const value = entry[f];
      if (typeof value === "string") user[fields[f] as string] = value;
    }
    return user;
  });
}

/**
 * §1.4: an empty user cache would silently empty every report, so it fails the batch (retryable). Without a key
 * prefix this is DBSIZE; with one (tests share a DB), a SCAN for one matching key.
 */
export async function assertUserCacheFilled(redis: Redis, prefix: string): Promise<void> {
  let filled: boolean;
  try {
    filled = prefix === "" ? (await redis.dbsize()) > 0 : await anyKeyMatches(redis, `${globEscape(prefix)}user:*`);
  } catch (err) {
    throw unreachable(redis, "user cache", err);
  }
  if (!filled) throw new RetryableError(USER_CACHE_EMPTY);
}

async function anyKeyMatches(redis: Redis, pattern: string): Promise<boolean> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    if (keys.length > 0) return true;
    cursor = next;
  } while (cursor !== "0");
  return false;
}

const globEscape = (s: string) => s.replace(/[*?[\]\\]/g, "\\$&");

/** The collection's optional nodes (SMEMBERS `<id>:<id>:<suffix>`); a missing key means none (§2.3). */
export async function readOptionalNodes(redis: Redis, prefix: string, suffix: string, collectionId: string): Promise<Set<string>> {
  try {
    return new Set(await redis.smembers(`${prefix}${collectionId}:${collectionId}:${suffix}`));
  } catch (err) {
    throw unreachable(redis, "relation cache", err);
  }
}
