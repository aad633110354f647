import { randomBytes } from "node:crypto";
import type { Client } from "cassandra-driver";
import { type types } from "cassandra-driver";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpoints } from "../../env/endpoints.ts";
import { loadSampleData, type LoadSummary } from "../../data/load.ts";
import { keysMatching } from "../../data/redis-keys.ts";
import { createSchema, dropKeyspace, SCHEMA_TABLES } from "../../data/schema.ts";
import { cassandraClient, redisClient } from "../../env/store-clients.ts";

const rand = (): string => randomBytes(5).toString("hex");

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of keysMatching(redis, pattern)) keys.push(...page);
  return keys;
}

async function allRows(client: Client, query: string): Promise<types.Row[]> {
  const rows: types.Row[] = [];
  let pageState: string | undefined;
  do {
    const rs = await client.execute(query, [], { prepare: true, fetchSize: 1000, ...(pageState ? { pageState } : {}) });
    rows.push(...rs.rows);
    pageState = rs.pageState ?? undefined;
  } while (pageState);
  return rows;
}

describe("sample data loaded into Cassandra and Redis", () => {
  const ks = `t_${rand()}`;
  const indexedKs = `t_${rand()}`;
  const prefix = `t:${rand()}:`;
  let client: Client;
  let redis: Redis;
  let summary: LoadSummary;

  beforeAll(async () => {
    const e = endpoints();
    client = cassandraClient(e.cassandra);
    redis = redisClient(e.redis);
    await createSchema(client, ks);
    summary = await loadSampleData({ cassandra: client, keyspace: ks, redis, redisKeyPrefix: prefix, seed: 2024, enrolments: 400 });
  });
  afterAll(async () => {
    await dropKeyspace(client, ks);
    await dropKeyspace(client, indexedKs);
    for (const db of [12, 10]) {
      const conn = redis.duplicate({ db });
      const keys = await scanKeys(conn, `${prefix}*`);
      if (keys.length) await conn.del(...keys);
      conn.disconnect();
    }
    redis.disconnect();
    await client.shutdown();
  });

  it("holds as many rows per table as the summary reports", async () => {
    expect(summary.rows.user_enrolments).toBe(400);
    expect(summary.rows.course_batch).toBe(6);
    expect(summary.rows.assessment_aggregator).toBeGreaterThan(0);
    for (const table of SCHEMA_TABLES) {
      const rs = await client.execute(`SELECT count(*) FROM ${ks}.${table}`);
      expect({ table, count: Number(rs.first().get("count")) }).toEqual({ table, count: summary.rows[table] });
    }
  });

  it("has the planned enrolments per batch, and the runner filter keeps the summarised number", async () => {
    const perBatch = new Map<string, { all: number; exportable: number }>();
    for (const row of await allRows(client, `SELECT batchid, active, enrolled_date, enrolleddate FROM ${ks}.user_enrolments`)) {
      const b = perBatch.get(row.get("batchid")) ?? { all: 0, exportable: 0 };
      b.all++;
      if (row.get("active") === true && (row.get("enrolled_date") !== null || row.get("enrolleddate") !== null)) b.exportable++;
      perBatch.set(row.get("batchid"), b);
    }
    for (const b of summary.batches) {
      const planned = summary.data.catalog.batches.find((x) => x.id === b.id)?.enrolments;
      expect({ id: b.id, all: perBatch.get(b.id)?.all ?? 0, exportable: perBatch.get(b.id)?.exportable ?? 0 }).toEqual({ id: b.id, all: planned, exportable: b.exportable });
    }
    expect(summary.batches.reduce((n, b) => n + b.enrolments, 0)).toBe(400);
  });

  it("reads attempts back with the question UDT, its lists of text maps and its decimal duration", async () => {
    const attempt = [...summary.data.enrolments()].flatMap((e) => e.attempts).find((a) => a.question.length > 0);
    expect(attempt).toBeDefined();
    if (!attempt) return;
    const row = (
      await client.execute(
        `SELECT question, grand_total, total_score FROM ${ks}.assessment_aggregator WHERE user_id = ? AND course_id = ? AND batch_id = ? AND content_id = ? AND attempt_id = ?`,
        [attempt.user_id, attempt.course_id, attempt.batch_id, attempt.content_id, attempt.attempt_id],
        { prepare: true },
      )
    ).first();
    expect(row.get("grand_total")).toBe(attempt.grand_total);
    expect(row.get("total_score")).toBe(attempt.total_score);
    const q = row.get("question")[0];
    const expected = attempt.question[0];
    expect(q.id).toBe(expected?.id);
    expect(q.params).toEqual(expected?.params);
    expect(q.resvalues).toEqual(expected?.resvalues);
    expect(Number(q.duration.toString())).toBe(expected?.duration);
  });

  it("stores the hierarchy JSON, the custodian org and the security policy", async () => {
    const c = summary.collections[0];
    const h = (await client.execute(`SELECT hierarchy FROM ${ks}.content_hierarchy WHERE identifier = ?`, [c?.id], { prepare: true })).first();
    expect(JSON.parse(h.get("hierarchy"))).toMatchObject({ identifier: c?.id, leafNodesCount: c?.leafNodesCount, channel: c?.channel });
    const s = (await client.execute(`SELECT value FROM ${ks}.system_settings WHERE id = 'custodianOrgId'`)).first();
    expect(s.get("value")).toBe(summary.custodianOrgId);
    const p = (await client.execute(`SELECT data FROM ${ks}.tenant_preference_v2 WHERE orgid = 'default' AND key = 'dataSecurityPolicy'`)).first();
    expect(JSON.parse(p.get("data")).level).toMatch(/_DATASET$/);
  });

  it("puts the cached users in the user-cache DB only, with the generated fields", async () => {
    const users = redis.duplicate({ db: 12 });
    const db0 = redis.duplicate({ db: 0 });
    try {
      const keys = await scanKeys(users, `${prefix}user:*`);
      const cached = [...summary.data.users()].filter((u) => u.fields);
      expect(keys.length).toBe(summary.redis.userKeys);
      expect(keys.length).toBe(cached.length);
      expect(cached.length).toBeLessThan(summary.users);
      const sample = cached[5];
      expect(await users.hgetall(`${prefix}user:${sample?.userId}`)).toEqual(sample?.fields);
      expect(await scanKeys(db0, `${prefix}*`)).toEqual([]);
    } finally {
      users.disconnect();
      db0.disconnect();
    }
  });

  it("puts optional-node sets in the relation-cache DB, and no key for collections without them", async () => {
    const relations = redis.duplicate({ db: 10 });
    try {
      for (const c of summary.collections) {
        const key = `${prefix}${c.id}:${c.id}:optionalnodes`;
        expect((await relations.smembers(key)).sort()).toEqual([...c.optionalNodes].sort());
      }
      expect(summary.collections.some((c) => c.optionalNodes.length === 0)).toBe(true);
      expect(summary.redis.relationSets).toBeGreaterThan(0);
    } finally {
      relations.disconnect();
    }
  });

  it("with the batchid index, answers per-batch counts by index", async () => {
    await createSchema(client, indexedKs, { batchIdIndex: true });
    const s = await loadSampleData({ cassandra: client, keyspace: indexedKs, redis, redisKeyPrefix: `${prefix}ix:`, seed: 7, enrolments: 120 });
    const idx = await client.execute("SELECT index_name FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = 'user_enrolments'", [indexedKs], { prepare: true });
    expect(idx.rows.map((r) => r.get("index_name"))).toEqual(["user_enrolments_batchid_idx"]);
    for (const b of s.batches) {
      const rs = await client.execute(`SELECT count(*) FROM ${indexedKs}.user_enrolments WHERE batchid = ?`, [b.id], { prepare: true });
      expect({ id: b.id, count: Number(rs.first().get("count")) }).toEqual({ id: b.id, count: b.enrolments });
    }
  });
});
