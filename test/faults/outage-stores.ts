import { CreateBucketCommand } from "@aws-sdk/client-s3";
import type { Endpoints } from "../env/endpoints.ts";
import { persistentCassandra } from "./persistent-cassandra.ts";
import { persistentRedis } from "./persistent-redis.ts";
import { persistentS3 } from "./persistent-s3.ts";
import type { StoppableStore, StoreOutage } from "./store-down-mid-run.ts";

// Scenario 3's stores: how each private instance is opened, what every failure it causes must say, and what the
// test's data needs back after a restart. Shared by the long variants (test/faults/stores-down.test.ts) and the
// short ones (test/e2e/stores-down-short.test.ts).

export interface OutageStore {
  store: "Redis" | "Cassandra" | "S3";
  open: (e: Endpoints) => Promise<StoppableStore>;
  /** Every lastError seen during the outage must match. */
  message: RegExp;
  afterStart?: StoreOutage["afterStart"];
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
  message: /^Upload failed: s3\b/,
  // moto forgets its buckets when stopped: the bucket is recreated (an outage whose data survives).
  afterStart: async (s) => {
    await s.s3.send(new CreateBucketCommand({ Bucket: s.bucket }));
  },
};
