import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { concurrent } from "cassandra-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSchema } from "../../data/schema.ts";
import { bucketContents, objectCsv, openStores, runnerEnv, runRunner, type Stores } from "./harness.ts";

// A 100,000-enrolment batch streams through to S3, and a runner killed (SIGTERM) in the middle of its multipart
// upload leaves nothing behind: no object, no unfinished upload.

const size = 100_000;
const userId = (i: number) => `user-${String(i).padStart(6, "0")}`;

async function loadLargeBatch(stores: Stores): Promise<void> {
  const { cassandra: db, keyspace: ks, prefix } = stores;
  await createSchema(db, ks);
  const hierarchy = { identifier: "do_big", name: "Big Course", channel: "org_a", status: "Live", userConsent: "Yes", leafNodesCount: 10, children: [{ identifier: "do_qs", objectType: "QuestionSet", primaryCategory: "Practice Question Set" }] };
  await db.execute(`INSERT INTO ${ks}.content_hierarchy (identifier, hierarchy) VALUES (?, ?)`, ["do_big", JSON.stringify(hierarchy)], { prepare: true });
  await db.execute(`INSERT INTO ${ks}.course_batch (courseid, batchid, name, status) VALUES ('do_big', 'BIG', 'Big Batch', 1)`);
  await db.execute(`INSERT INTO ${ks}.tenant_preference_v2 (orgid, key, data) VALUES ('org_a', 'dataSecurityPolicy', '{"level":"PLAIN_DATASET"}')`);
  const enrolled = new Date("2024-01-15T00:00:00Z");
  const rows = function* () {
    for (let i = 0; i < size; i++) {
      yield [userId(i), enrolled, { do_a: 2, do_b: i % 3 === 0 ? 2 : 1 }];
    }
  };
  await concurrent.executeConcurrent(db, `INSERT INTO ${ks}.user_enrolments (userid, courseid, batchid, active, enrolled_date, contentstatus) VALUES (?, 'do_big', 'BIG', true, ?, ?)`, Readable.from(rows()), { concurrencyLevel: 256, raiseOnFirstError: true });
  for (let start = 0; start < size; start += 2000) {
    const pipeline = stores.redis.users.pipeline();
    for (let i = start; i < Math.min(size, start + 2000); i++) {
      pipeline.hset(`${prefix}user:${userId(i)}`, { firstname: `First ${i}`, rootorgid: "org_a", orgname: "Org A", state: "Karnataka", district: `District ${i % 30}`, schoolname: `School number ${i % 977}, Block ${i % 13}`, usertype: "teacher" });
    }
    await pipeline.exec();
  }
}

describe("a 100,000-enrolment batch", () => {
  let stores: Stores;
  const env = (requestId: string) =>
    runnerEnv(stores, { EXHAUST_REPORT: "progress", EXHAUST_REQUEST_ID: requestId, EXHAUST_COLLECTION_ID: "do_big", EXHAUST_BATCH_IDS: "BIG", EXHAUST_REQUESTED_CHANNEL: "org_a", EXHAUST_OUTPUT_FORMAT: "csv" });

  beforeAll(async () => {
    stores = await openStores();
    await loadLargeBatch(stores);
  }, 600_000);
  afterAll(async () => stores.close());

  it("streams every enrolment into one object whose size and sha256 the manifest reports", async () => {
    const run = await runRunner(env("FULL"));
    expect(run.code, run.stderr).toBe(0);
    const batch = run.manifest?.batches[0];
    expect(batch).toMatchObject({ ok: true, rows: size, usersSkipped: 0 });
    const text = await objectCsv(stores, batch?.objectUri ?? "");
    expect(Buffer.byteLength(text)).toBe(batch?.bytes);
    expect(createHash("sha256").update(text).digest("hex")).toBe(batch?.sha256);
    expect(text.split("\r\n").length).toBe(size + 2);
    expect(text).toContain("BatchId_BIG,Big Batch,user-099999,Karnataka,District 9,Org A");
  }, 600_000);

  it("SIGTERM during the multipart upload aborts it: exit 143, no object, no unfinished upload", async () => {
    let sawUpload = false;
    const run = await runRunner(env("KILLED"), (child) => {
      const poll = setInterval(() => {
        void bucketContents(stores).then(({ uploads }) => {
          if (uploads.length > 0 && !sawUpload) {
            sawUpload = true;
            clearInterval(poll);
            child.kill("SIGTERM");
          }
        });
      }, 100);
      child.on("exit", () => clearInterval(poll));
    });
    expect(sawUpload).toBe(true);
    expect(run.code).toBe(143);
    expect(run.manifest?.batches[0]).toMatchObject({ batchId: "BIG", ok: false, retryable: true });
    const after = await bucketContents(stores);
    expect(after.uploads).toEqual([]);
    expect(after.objects.filter((k) => k.includes("/KILLED/"))).toEqual([]);
  }, 600_000);
});
