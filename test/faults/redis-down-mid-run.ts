import { persistentRedis } from "./persistent-redis.ts";
import { storeDownMidRun, type StoreOutage, type StoreOutageOutcome } from "./store-down-mid-run.ts";

/** Scenario 3 (Redis): a private Redis with an append-only file, stopped and started on the same port. */
export async function redisDownMidRun(s: Omit<StoreOutage, "store">): Promise<StoreOutageOutcome> {
  const redis = await persistentRedis(s.e.runDir);
  return storeDownMidRun({ ...s, store: { name: "Redis", endpoints: (e) => ({ ...e, redis: { host: redis.host, port: redis.port } }), ...redis } });
}
