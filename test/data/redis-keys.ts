import type { Redis } from "ioredis";

/** Every key matching a glob pattern, a SCAN page at a time (SCAN, unlike KEYS, never blocks the server). */
export async function* keysMatching(redis: Redis, pattern: string): AsyncGenerator<string[]> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    if (keys.length > 0) yield keys;
    cursor = next;
  } while (cursor !== "0");
}

/** Deletes what a test or benchmark wrote under its own key prefix (tests share a Redis database). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  for await (const keys of keysMatching(redis, `${prefix}*`)) await redis.del(...keys);
}
