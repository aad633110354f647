// The runner by hand against the stores alone (`npm run env:up -- --stores`): sample data in one keyspace, a bucket,
// and the runner settings that reach them, as env lines and as flags, named by crds/runner-contract.ts.
import { CreateBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Client } from "cassandra-driver";
import type { Redis } from "ioredis";
import { runnerSettings, type RunnerSettingKey } from "../../crds/runner-contract.ts";
import { loadSampleData, type LoadSummary } from "../data/load.ts";
import { createSchema } from "../data/schema.ts";
import type { Endpoints } from "./endpoints.ts";

export type StoreEndpoints = Pick<Endpoints, "cassandra" | "redis" | "s3">;

/** Where the sample goes: a keyspace, a Redis key prefix (empty outside tests) and a bucket for the reports. */
export interface TryoutNames {
  keyspace: string;
  redisKeyPrefix: string;
  bucket: string;
}

/**
 * The sample tenants protect most reports (a password, or a text key for one tenant's Progress), so the runs get
 * this sample password as both, as the operator gives a request's one password (Sunbird's encryption_key serves both).
 */
export const TRYOUT_PASSWORD = "try-it";

/** The sample `npm run env:up -- --stores` loads: small enough to load in seconds, every report non-empty. */
export const tryoutSample = { seed: 2026, collections: 3, batchesPerCollection: 2, enrolments: 600 } as const;

export interface Tryout {
  /** Every setting a run needs but its report and request id: env name -> value (secrets only here, never flags). */
  env: Record<string, string>;
  /** The same settings as a command line, secrets left out (they are env only). */
  flags: string[];
  bucket: string;
}

/** Loads the sample data into fresh stores and creates the reports' bucket (the CLI does this once per start). */
export async function loadTryout(clients: { cassandra: Client; redis: Redis; s3: S3Client }, names: TryoutNames): Promise<LoadSummary> {
  await createSchema(clients.cassandra, names.keyspace);
  const summary = await loadSampleData({ ...tryoutSample, cassandra: clients.cassandra, keyspace: names.keyspace, redis: clients.redis, redisKeyPrefix: names.redisKeyPrefix });
  await clients.s3.send(new CreateBucketCommand({ Bucket: names.bucket }));
  return summary;
}

/**
 * The runner settings for these stores and this sample: the stores, the sample's first collection with batches and
 * its channel, the sample's PII key and salt (so userinfo runs too) and the sample password. The bucket stays out, so `--output-dir` and
 * `--s3-bucket` are both a flag away.
 */
export function tryoutSettings(e: StoreEndpoints, names: TryoutNames, summary: Pick<LoadSummary, "collections" | "pii" | "redis">): Tryout {
  const collection = summary.collections.find((c) => c.batchIds.length > 0);
  if (collection === undefined) throw new Error("the sample data has no collection with batches");
  const settings: Partial<Record<RunnerSettingKey, string>> = {
    collectionId: collection.id,
    batchIds: collection.batchIds.join(","),
    requestedChannel: collection.channel,
    cassandraContactPoints: e.cassandra.contactPoint,
    cassandraLocalDc: e.cassandra.localDataCenter,
    userKeyspace: names.keyspace,
    coursesKeyspace: names.keyspace,
    enrolmentsKeyspace: names.keyspace,
    hierarchyKeyspace: names.keyspace,
    redisUserHost: e.redis.host,
    redisUserPort: String(e.redis.port),
    redisUserDb: String(summary.redis.userCacheDb),
    redisRelationDb: String(summary.redis.relationCacheDb),
    ...(names.redisKeyPrefix === "" ? {} : { redisKeyPrefix: names.redisKeyPrefix }),
    s3Endpoint: e.s3.endpoint,
    s3Region: e.s3.region,
    s3ForcePathStyle: "true",
    s3AccessKeyId: e.s3.accessKeyId,
    s3SecretAccessKey: e.s3.secretAccessKey,
    piiKey: summary.pii.key,
    piiSalt: summary.pii.salt,
    zipPassword: TRYOUT_PASSWORD,
    textKey: TRYOUT_PASSWORD,
  };
  const entries = Object.entries(settings) as [RunnerSettingKey, string][]; // entries loses the key type
  return {
    // Static credentials keep the AWS SDK off the instance-metadata address.
    env: { ...Object.fromEntries(entries.map(([key, value]) => [runnerSettings[key].env, value])), AWS_EC2_METADATA_DISABLED: "true" },
    flags: entries.filter(([key]) => !runnerSettings[key].secret).flatMap(([key, value]) => [`--${runnerSettings[key].flag}`, value]),
    bucket: names.bucket,
  };
}

/** A file `set -a; . ./runner.env` reads: one NAME='value' line per setting. */
export const envFileText = (env: Readonly<Record<string, string>>): string =>
  Object.entries(env)
    .map(([name, value]) => `${name}='${value.replaceAll("'", "'\\''")}'\n`)
    .join("");
