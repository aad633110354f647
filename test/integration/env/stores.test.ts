import { randomBytes } from "node:crypto";
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Client } from "cassandra-driver";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpoints } from "../../env/endpoints.ts";
import { PortInUseError, withFreePorts } from "../../env/stores/port-retry.ts";

const rand = (): string => randomBytes(5).toString("hex");

describe("Cassandra", () => {
  const ks = `t_${rand()}`;
  let client: Client;
  beforeAll(async () => {
    const { contactPoint, localDataCenter } = endpoints().cassandra;
    client = new Client({ contactPoints: [contactPoint], localDataCenter });
    await client.connect();
  });
  afterAll(async () => {
    await client.execute(`DROP KEYSPACE IF EXISTS ${ks}`);
    await client.shutdown();
  });

  it("is Cassandra 5.0 on 127.0.0.1", async () => {
    const rs = await client.execute("SELECT release_version, rpc_address FROM system.local");
    expect(rs.first().get("release_version")).toMatch(/^5\.0\./);
    expect(rs.first().get("rpc_address").toString()).toBe("127.0.0.1");
  });

  it("round-trips a row with a map and a list of maps through a prepared statement", async () => {
    await client.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`);
    await client.execute(`CREATE TABLE ${ks}.kv (k text PRIMARY KEY, m map<text, int>, l list<frozen<map<text, text>>>, at timestamp)`);
    const at = new Date("2024-01-31T10:00:00.123Z");
    await client.execute(`INSERT INTO ${ks}.kv (k, m, l, at) VALUES (?, ?, ?, ?)`, ["a", { x: 2 }, [{ "1": '{"text":"A"}' }], at], { prepare: true });
    const row = (await client.execute(`SELECT m, l, at FROM ${ks}.kv WHERE k = ?`, ["a"], { prepare: true })).first();
    expect(row.get("m")).toEqual({ x: 2 });
    expect(row.get("l")).toEqual([{ "1": '{"text":"A"}' }]);
    expect(row.get("at")).toEqual(at);
  });
});

describe("Redis", () => {
  const prefix = `t:${rand()}:`;
  let redis: Redis;
  beforeAll(() => {
    const { host, port } = endpoints().redis;
    redis = new Redis({ host, port, db: 12 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("answers PING on 127.0.0.1", async () => {
    expect(endpoints().redis.host).toBe("127.0.0.1");
    expect(await redis.ping()).toBe("PONG");
  });

  it("round-trips a hash with a multi-line value and a set, in a non-default DB", async () => {
    await redis.hset(`${prefix}user:u1`, { firstname: "Priya", email: "abc\ndef==" });
    await redis.sadd(`${prefix}c1:c1:optionalnodes`, "do_1", "do_2");
    expect(await redis.hgetall(`${prefix}user:u1`)).toEqual({ firstname: "Priya", email: "abc\ndef==" });
    expect((await redis.smembers(`${prefix}c1:c1:optionalnodes`)).sort()).toEqual(["do_1", "do_2"]);
    const db0 = redis.duplicate({ db: 0 });
    try {
      expect(await db0.exists(`${prefix}user:u1`)).toBe(0);
    } finally {
      db0.disconnect();
    }
  });
});

describe("S3 (moto)", () => {
  const bucket = `t-${rand()}`;
  let s3: S3Client;
  beforeAll(async () => {
    const { endpoint, region, accessKeyId, secretAccessKey } = endpoints().s3;
    s3 = new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const o of listed.Contents ?? []) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    s3.destroy();
  });

  it("round-trips an object byte for byte and lists it", async () => {
    const body = randomBytes(64 * 1024);
    const key = "progress-exhaust/req-1/batch-1_progress_20240131.zip";
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(Buffer.from(await got.Body?.transformToByteArray() ?? [])).toEqual(body);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "progress-exhaust/" }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual([key]);
  });
});

describe("withFreePorts", () => {
  it("tries again with new ports after a port clash, and gives up after three attempts", async () => {
    const seen: number[][] = [];
    const result = await withFreePorts(2, async (ports, attempt) => {
      seen.push(ports);
      if (attempt === 1) throw new PortInUseError("taken");
      return attempt;
    });
    expect(result).toBe(2);
    expect(seen[0]?.[0]).not.toBe(seen[0]?.[1]);
    let calls = 0;
    await expect(withFreePorts(1, async () => { calls++; throw new PortInUseError("always taken"); })).rejects.toThrow("always taken");
    expect(calls).toBe(3);
  });

  it("does not retry other failures", async () => {
    let calls = 0;
    await expect(withFreePorts(1, async () => { calls++; throw new Error("bad flag"); })).rejects.toThrow("bad flag");
    expect(calls).toBe(1);
  });
});
