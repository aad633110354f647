import type { Redis } from "ioredis";
import { RELATION_CACHE_UNAVAILABLE, redisUnavailable, RetryableError, USER_CACHE_EMPTY } from "../reports/errors.ts";
import type { CachedUser } from "../reports/model.ts";

const detail = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** HGETALL `<prefix>user:<id>` for each id in one pipeline; `{}` for a user not in the cache (D5). */
export async function readUsers(redis: Redis, prefix: string, userIds: readonly string[]): Promise<CachedUser[]> {
  const pipeline = redis.pipeline();
  for (const id of userIds) pipeline.hgetall(`${prefix}user:${id}`);
  let replies: [Error | null, unknown][] | null;
  try {
    replies = await pipeline.exec();
  } catch (err) {
    throw new RetryableError(redisUnavailable(detail(err)));
  }
  if (replies === null) throw new RetryableError(redisUnavailable("pipeline discarded"));
  return replies.map(([err, value]) => {
    if (err !== null) throw new RetryableError(redisUnavailable(err.message));
    return value as CachedUser;
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
    throw new RetryableError(redisUnavailable(detail(err)));
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
  } catch {
    throw new RetryableError(RELATION_CACHE_UNAVAILABLE);
  }
}
