import { Readable } from "node:stream";
import { concurrent } from "cassandra-driver";
import { createSchema } from "../../data/schema.ts";
import type { Stores } from "./harness.ts";

const userId = (i: number) => `user-${String(i).padStart(6, "0")}`;

/** One Live course `do_big` with one batch `BIG` of `size` enrolments of users cached in Redis, level PLAIN. */
export async function loadLargeBatch(stores: Stores, size: number): Promise<void> {
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
