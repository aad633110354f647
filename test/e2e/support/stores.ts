import { randomBytes } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { Client } from "cassandra-driver";
import type { Redis } from "ioredis";
import type { OperatorConfigInput } from "../../../operator/config/operator-config.ts";
import { loadSampleData, type LoadOptions, type LoadSummary } from "../../data/load.ts";
import { deleteKeysWithPrefix } from "../../data/redis-keys.ts";
import { createSchema, dropKeyspace } from "../../data/schema.ts";
import type { Endpoints } from "../../env/endpoints.ts";
import { cassandraClient, redisClient, s3Client } from "../../env/store-clients.ts";

/** One test's slice of the stores: its own keyspace, Redis key prefix and bucket. */
export interface TestStores {
  keyspace: string;
  prefix: string;
  bucket: string;
  cassandra: Client;
  redis: Redis;
  s3: S3Client;
  data: LoadSummary;
  /** Objects under the bucket, key -> bytes. */
  objects(): Promise<Map<string, Buffer>>;
  cleanup(): Promise<void>;
}

const rand = (): string => randomBytes(4).toString("hex");

/** The S3 credentials Secret every test namespace holds for its runners (runner.secrets). */
export const S3_SECRET = "exhaust-s3";
/** The PII key/salt Secret (runner.secrets) that userinfo runners need. */
export const PII_SECRET = "exhaust-pii";

export async function testStores(e: Endpoints, sample: Omit<LoadOptions, "cassandra" | "keyspace" | "redis" | "redisKeyPrefix">, options: { batchIdIndex?: boolean } = {}): Promise<TestStores> {
  const keyspace = `t_${rand()}`;
  const prefix = `t:${rand()}:`;
  const bucket = `t-${rand()}`;
  const cassandra = cassandraClient(e.cassandra);
  const redis = redisClient(e.redis);
  const s3 = s3Client(e.s3);
  await createSchema(cassandra, keyspace, { batchIdIndex: options.batchIdIndex ?? false });
  const data = await loadSampleData({ ...sample, cassandra, keyspace, redis, redisKeyPrefix: prefix });
  // Every tenant gets a password-protected policy, so outputs are ordinary encrypted zips a test can open.
  for (const org of data.data.catalog.orgs) {
    await cassandra.execute(`INSERT INTO ${keyspace}.tenant_preference_v2 (orgid, key, data) VALUES (?, 'dataSecurityPolicy', ?)`, [
      org.id,
      JSON.stringify({ level: "PASSWORD_PROTECTED_DATASET" }),
    ], { prepare: true });
  }
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    keyspace,
    prefix,
    bucket,
    cassandra,
    redis,
    s3,
    data,
    async objects() {
      const out = new Map<string, Buffer>();
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      for (const o of listed.Contents ?? []) {
        const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
        out.set(o.Key ?? "", Buffer.from((await got.Body?.transformToByteArray()) ?? []));
      }
      return out;
    },
    async cleanup() {
      await dropKeyspace(cassandra, keyspace).catch(() => undefined);
      for (const db of [data.redis.userCacheDb, data.redis.relationCacheDb]) {
        const conn = redis.duplicate({ db });
        await deleteKeysWithPrefix(conn, prefix);
        conn.disconnect();
      }
      redis.disconnect();
      s3.destroy();
      await cassandra.shutdown();
    },
  };
}

/** Secrets the runners of a test namespace read: S3 credentials and the PII key and salt. */
export const runnerSecretData = (e: Endpoints, stores: TestStores) => ({
  [S3_SECRET]: { accessKeyId: e.s3.accessKeyId, secretAccessKey: e.s3.secretAccessKey },
  [PII_SECRET]: { key: stores.data.pii.key, salt: stores.data.pii.salt },
});

/** An operator configuration whose runners read this test's keyspace and prefix and write to its bucket. */
export function operatorConfigFor(e: Endpoints, stores: TestStores, namespace: string, overrides: { redisPort?: number } = {}): OperatorConfigInput {
  return {
    controller: { namespace, workers: 2 },
    runner: {
      image: "exhaust-runner:test",
      settings: {
        cassandraContactPoints: e.cassandra.contactPoint,
        cassandraLocalDc: e.cassandra.localDataCenter,
        cassandraConsistency: "ONE",
        userKeyspace: stores.keyspace,
        coursesKeyspace: stores.keyspace,
        enrolmentsKeyspace: stores.keyspace,
        hierarchyKeyspace: stores.keyspace,
        redisUserHost: e.redis.host,
        redisUserPort: overrides.redisPort ?? e.redis.port,
        redisKeyPrefix: stores.prefix,
        s3Endpoint: e.s3.endpoint,
        s3Region: e.s3.region,
        s3Bucket: stores.bucket,
        s3ForcePathStyle: true,
      },
      secrets: {
        s3AccessKeyId: { name: S3_SECRET, key: "accessKeyId" },
        s3SecretAccessKey: { name: S3_SECRET, key: "secretAccessKey" },
        piiKey: { name: PII_SECRET, key: "key" },
        piiSalt: { name: PII_SECRET, key: "salt" },
      },
    },
    requests: { recheckSeconds: 2 },
  };
}
