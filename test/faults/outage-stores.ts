import type { Endpoints } from "../env/endpoints.ts";
import { persistentCassandra } from "./persistent-cassandra.ts";
import { persistentRedis } from "./persistent-redis.ts";
import { persistentS3 } from "./persistent-s3.ts";
import type { StoppableStore } from "./store-down-mid-run.ts";

// Scenario 3's stores: how each private instance is opened and what every failure it causes must say. Shared by
// the long variants (test/faults/stores-down.test.ts) and the short ones (test/e2e/stores-down-short.test.ts).

export interface OutageStore {
  store: "Redis" | "Cassandra" | "S3";
  open: (e: Endpoints) => Promise<StoppableStore>;
  /** Every lastError seen during the outage must match. */
  message: RegExp;
}

export const redisOutage: OutageStore = {
  store: "Redis",
  // An append-only file, so it comes back with its data, as a Sunbird Redis with persistence does.
  open: async (e) => {
    const redis = await persistentRedis(e.runDir);
    return { name: "Redis", endpoints: (x) => ({ ...x, redis: { host: redis.host, port: redis.port } }), ...redis };
  },
  message: /^Redis unavailable \((relation|user) cache at 127\.0\.0\.1:\d+ db \d+\): /,
};

export const cassandraOutage: OutageStore = {
  store: "Cassandra",
  open: async (e) => persistentCassandra(e.runDir),
  message: /^Cassandra unavailable: [^\n]+$/,
};

export const s3Outage: OutageStore = {
  store: "S3",
  open: async (e) => persistentS3(e.runDir, e.s3),
  // persistent-s3.ts carries the buckets over a restart (moto itself forgets them).
  message: /^Upload failed: s3\b/,
};
