import { concurrent, type Client } from "cassandra-driver";
import type { Redis } from "ioredis";
import { sampleData, type SampleData, type SampleOptions } from "./generate.ts";
import { SCHEMA_TABLES } from "./schema.ts";

/**
 * Bulk-loads sample data into an existing schema (createSchema first): Cassandra through executeConcurrent with
 * prepared statements, Redis through pipelines on one connection per DB. Streams: memory stays flat at any size.
 */

export interface LoadOptions extends SampleOptions {
  cassandra: Client;
  keyspace: string;
  /** Any connection to the Redis server; the loader opens its own per DB from it (duplicate with `db`). */
  redis: Redis;
  redisKeyPrefix: string;
  userCacheDb?: number;
  relationCacheDb?: number;
  concurrency?: number;
}

export interface BatchSummary {
  id: string;
  courseId: string;
  name: string;
  status: number;
  /** user_enrolments rows written. */
  enrolments: number;
  active: number;
  /** Active and with an enrolment date: what the runner's filter keeps (§4.3). */
  exportable: number;
  /** Exportable and present in the user cache: rows before org filter and consent. */
  exportableInCache: number;
  attempts: number;
}

export interface LoadSummary {
  seed: number;
  pii: { key: string; salt: string };
  custodianOrgId: string;
  rows: Record<(typeof SCHEMA_TABLES)[number], number>;
  redis: { userKeys: number; relationSets: number; userCacheDb: number; relationCacheDb: number };
  collections: { id: string; name: string; channel: string; leafNodesCount: number; qualifyingIds: string[]; optionalNodes: string[]; batchIds: string[] }[];
  batches: BatchSummary[];
  users: number;
  elapsedMs: number;
  /** Cassandra rows per second over the whole load. */
  rowsPerSecond: number;
  /** The generator behind the load, to walk the same data again (same seed, same records). */
  data: SampleData;
}

const CHUNK = 4096;

export async function loadSampleData(opts: LoadOptions): Promise<LoadSummary> {
  const started = performance.now();
  const data = sampleData(opts);
  const ks = opts.keyspace;
  const rows = Object.fromEntries(SCHEMA_TABLES.map((t) => [t, 0])) as LoadSummary["rows"];
  let pending: { query: string; params: unknown[] }[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    await concurrent.executeConcurrent(opts.cassandra, batch, { concurrencyLevel: opts.concurrency ?? 256 });
  };
  const put = async (table: (typeof SCHEMA_TABLES)[number], row: object): Promise<void> => {
    const entries = Object.entries(row).filter(([, v]) => v !== undefined);
    // One prepared statement per column set; the driver caches it, so only a handful ever exist.
    const query = `INSERT INTO ${ks}.${table} (${entries.map(([k]) => k).join(", ")}) VALUES (${entries.map(() => "?").join(", ")})`;
    pending.push({ query, params: entries.map(([, v]) => v) });
    rows[table]++;
    if (pending.length >= CHUNK) await flush();
  };

  for (const r of data.systemSettings) await put("system_settings", r);
  for (const r of data.tenantPreferences) await put("tenant_preference_v2", r);
  for (const r of data.organisations) await put("organisation", r);
  for (const r of data.contentHierarchies) await put("content_hierarchy", r);
  for (const r of data.courseBatches) await put("course_batch", r);

  const batches = new Map<string, BatchSummary>(
    data.catalog.batches.map((b) => [b.id, { id: b.id, courseId: b.courseId, name: b.name, status: b.status, enrolments: 0, active: 0, exportable: 0, exportableInCache: 0, attempts: 0 }]),
  );
  const [redisCounts] = await Promise.all([
    loadRedis(opts, data),
    (async () => {
      for (const e of data.enrolments()) {
        const s = batches.get(e.batch.id);
        if (s) {
          s.enrolments++;
          if (e.enrolment.active) s.active++;
          if (e.exportable) s.exportable++;
          if (e.exportable && e.inUserCache) s.exportableInCache++;
          s.attempts += e.attempts.length;
        }
        await put("user_enrolments", e.enrolment);
        for (const a of e.attempts) await put("assessment_aggregator", a);
        if (e.activity) await put("user_activity_agg", e.activity);
        if (e.consent) await put("user_consent", e.consent);
      }
      await flush();
    })(),
  ]);

  const elapsedMs = performance.now() - started;
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  return {
    seed: data.seed,
    pii: { key: data.pii.key, salt: data.pii.salt },
    custodianOrgId: data.catalog.custodianOrgId,
    rows,
    redis: redisCounts,
    collections: data.catalog.collections.map((c) => ({
      id: c.id, name: c.name, channel: c.channel, leafNodesCount: c.leafIds.length, qualifyingIds: c.qualifyingIds,
      optionalNodes: c.optionalNodes, batchIds: c.batches.map((b) => b.id),
    })),
    batches: [...batches.values()],
    users: data.catalog.users,
    elapsedMs,
    rowsPerSecond: Math.round((total * 1000) / elapsedMs),
    data,
  };
}

async function loadRedis(opts: LoadOptions, data: SampleData): Promise<LoadSummary["redis"]> {
  const userCacheDb = opts.userCacheDb ?? 12;
  const relationCacheDb = opts.relationCacheDb ?? 10;
  const users = opts.redis.duplicate({ db: userCacheDb });
  const relations = opts.redis.duplicate({ db: relationCacheDb });
  try {
    let userKeys = 0;
    let pipeline = users.pipeline();
    for (const u of data.users()) {
      if (!u.fields) continue;
      pipeline.hset(`${opts.redisKeyPrefix}user:${u.userId}`, u.fields);
      userKeys++;
      if (pipeline.length >= 1000) {
        await execOrThrow(pipeline);
        pipeline = users.pipeline();
      }
    }
    await execOrThrow(pipeline);
    const sets = relations.pipeline();
    for (const o of data.optionalNodes) sets.sadd(`${opts.redisKeyPrefix}${o.collectionId}:${o.collectionId}:optionalnodes`, ...o.members);
    await execOrThrow(sets);
    return { userKeys, relationSets: data.optionalNodes.length, userCacheDb, relationCacheDb };
  } finally {
    users.disconnect();
    relations.disconnect();
  }
}

async function execOrThrow(pipeline: ReturnType<Redis["pipeline"]>): Promise<void> {
  if (pipeline.length === 0) return;
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([err]) => err);
  if (failed?.[0]) throw failed[0];
}
