import { types } from "cassandra-driver";
import { createSchema } from "../../data/schema.ts";
import { encryptPii, SUNBIRD_PII_KEY } from "../../data/pii-encrypt.ts";
import type { Stores } from "./harness.ts";

// A small hand-made data set in which every report rule has a case; the expected rows in the tests are computed by
// hand from these rows (reports-spec §4-§5), not by the runner's own code.

export const pii = { key: SUNBIRD_PII_KEY, salt: "fixture\tsalt" };
export const at = (iso: string): Date => new Date(iso);

const hierarchy = (id: string, status: string, userConsent: string, channel: string) =>
  JSON.stringify({
    identifier: id,
    name: "Course One",
    channel,
    status,
    userConsent,
    leafNodesCount: 4,
    children: [
      {
        identifier: "do_u1",
        name: "Unit 1",
        children: [
          { identifier: "do_l1", name: "Leaf 1" },
          { identifier: "do_l2", name: "Leaf 2" },
          { identifier: "do_qs1", name: "Quiz One", objectType: "QuestionSet", primaryCategory: "Practice Question Set" },
          { identifier: "do_qs0", name: "Quiz Zero", contentType: "SelfAssess" },
          { identifier: "do_qsx", name: "Quiz X", objectType: "QuestionSet", primaryCategory: "Exam Question Set" },
        ],
      },
    ],
  });

const users: Record<string, Record<string, string>> = {
  u1: {
    firstname: "Asha", lastname: "Rao ", rootorgid: "org_a", orgname: "Org A", email: encryptPii("asha@example.org", pii), phone: encryptPii("9000000001", { ...pii, mimeLines: true }),
    state: "Karnataka", district: "Mysuru", block: "Block 1", cluster: "Cluster 1", schoolname: "School, One", schooludisecode: "29000001", board: '["CBSE","State"]', usertype: "teacher", usersubtype: "hm",
  },
  u2: { firstname: "Bala", rootorgid: "org_b", orgname: "Org B", email: "bala@example.org", state: "Kerala", district: "Kochi", board: "State Board", usertype: "administrator" },
  u3: { firstname: "Chitra", lastname: "Das", rootorgid: "org_a", orgname: "Org A", state: "Karnataka" },
  u5: { firstname: "Inactive", rootorgid: "org_a" },
  u6: { firstname: "Undated", rootorgid: "org_a" },
  u7: { firstname: "Dev", rootorgid: "org_a", orgname: "Org A" },
  u8: { firstname: "Other", rootorgid: "org_a" },
};

type Enrolment = [user: string, course: string, batch: string, active: boolean, enrolledDate: Date | null, legacy: string | null, completedOn: Date | null, contentStatus: Record<string, number> | null, issued: Record<string, string>[] | null];
const enrolments: Enrolment[] = [
  ["u1", "do_c1", "B1", true, at("2024-01-15T20:00:00Z"), null, null, { do_l1: 2, do_l2: 2, do_qs1: 1 }, [{ identifier: "cert1" }]],
  ["u2", "do_c1", "B1", true, null, "2019-11-15 05:41:50:382+0000", at("2024-02-01T00:00:00Z"), { do_l1: 2 }, null],
  ["u3", "do_c1", "B1", true, at("2024-01-16T00:00:00Z"), null, null, null, null],
  ["u4", "do_c1", "B1", true, at("2024-01-16T00:00:00Z"), null, null, null, null],
  ["u5", "do_c1", "B1", false, at("2024-01-16T00:00:00Z"), null, null, null, null],
  ["u6", "do_c1", "B1", true, null, null, null, null, null],
  ["u8", "do_other", "B1", true, at("2024-01-16T00:00:00Z"), null, null, null, null],
  ["u7", "do_c1", "B2", true, at("2024-01-17T10:00:00Z"), null, null, { do_l1: 2, do_l2: 2, do_qs0: 2, do_qs1: 2 }, null],
  ["u1", "do_c1", "B2", true, at("2024-01-18T00:00:00Z"), null, null, { do_l1: 1 }, null],
  ["u3", "do_c2", "B4", true, at("2024-01-16T00:00:00Z"), null, null, null, null],
  ["u3", "do_c3", "B5", true, at("2024-01-16T00:00:00Z"), null, null, null, null],
  ["u3", "do_c4", "B6", true, at("2024-01-16T00:00:00Z"), null, null, null, null],
  ["u4", "do_c4", "B6", true, at("2024-01-16T00:00:00Z"), null, null, null, null],
];

const question = (id: string, type: string, title: string, description: string | null, duration: string | null, score: number, maxScore: number, params: Record<string, string>[] | null, resvalues: Record<string, string>[] | null) => ({
  id, type, title, description, duration: duration === null ? null : types.BigDecimal.fromString(duration), score, max_score: maxScore, params, resvalues, assess_ts: null,
});

type AttemptRow = [user: string, batch: string, content: string, attempt: string, lastAttemptedOn: Date | null, total: number, max: number, grandTotal: string, questions: ReturnType<typeof question>[] | null];
const attempts: AttemptRow[] = [
  ["u1", "B1", "do_qs1", "a1", at("2024-01-20T10:00:00Z"), 2, 4, "2/4", [
    question("q1", "mcq", "2 + 2?", "Add, then answer", "12.5", 1, 1, [{ "1": '{"text":"4"}' }, { answer: '{"correct":["1"]}' }], [{ "1": '{"text":"4"}' }]),
    question("q2", "mcq", 'Say "hi"', null, "3", 0, 0.33, null, null),
  ]],
  ["u1", "B1", "do_qs1", "a2", at("2024-01-19T10:00:00Z"), 3, 4, "3/4", null],
  ["u1", "B1", "do_qs0", "a3", at("2024-01-21T00:00:00Z"), 1, 3, "1/3", [question("q3", "sa", "Line\nbreak", "d", "7.49", 1, 3, null, [{ "0": "x" }])]],
  ["u1", "B1", "do_qsx", "a4", at("2024-01-22T18:45:30Z"), 5, 5, "5/5", [question("q4", "mcq", " padded ", "", null, 5, 5, [{ a: "b" }], null)]],
  ["u1", "B2", "do_qs1", "a5", at("2024-01-23T00:00:00Z"), 1, 4, "1/4", null],
  ["u2", "B1", "do_qs1", "a6", null, 4, 4, "4/4", null],
];

export async function loadFixture(stores: Stores, opts: { batchIdIndex: boolean }): Promise<void> {
  const { cassandra: db, keyspace: ks, prefix } = stores;
  await createSchema(db, ks, { batchIdIndex: opts.batchIdIndex });
  const exec = (query: string, params: unknown[]) => db.execute(query, params, { prepare: true });
  // do_c4 belongs to the custodian org: `System` requests for it are custodian requests (D7, §4.5).
  for (const [id, status, consent, channel] of [["do_c1", "Live", "Yes", "org_a"], ["do_c2", "Retired", "Yes", "org_a"], ["do_c3", "Live", "no", "org_a"], ["do_c4", "Live", "Yes", "org_cust"]] as const) {
    await exec(`INSERT INTO ${ks}.content_hierarchy (identifier, hierarchy) VALUES (?, ?)`, [id, hierarchy(id, status, consent, channel)]);
  }
  for (const [course, batch, name] of [["do_c1", "B1", "Batch One"], ["do_c1", "B2", "Batch Two"], ["do_c1", "B3", "Batch Three"], ["do_c2", "B4", "Retired Batch"], ["do_c3", "B5", "No Consent Batch"], ["do_c4", "B6", "Custodian Batch"]]) {
    await exec(`INSERT INTO ${ks}.course_batch (courseid, batchid, name, status) VALUES (?, ?, ?, 1)`, [course, batch, name]);
  }
  await exec(`INSERT INTO ${ks}.system_settings (id, field, value) VALUES ('custodianOrgId', 'custodianOrgId', ?)`, ["org_cust"]);
  await exec(`INSERT INTO ${ks}.tenant_preference_v2 (orgid, key, data) VALUES (?, 'dataSecurityPolicy', ?)`, ["org_a", JSON.stringify({ level: "PLAIN_DATASET" })]);
  for (const [user, course, batch, active, enrolled, legacy, completed, status, issued] of enrolments) {
    await exec(
      `INSERT INTO ${ks}.user_enrolments (userid, courseid, batchid, active, enrolled_date, enrolleddate, completedon, contentstatus, issued_certificates) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [user, course, batch, active, enrolled, legacy, completed, status, issued],
    );
  }
  for (const [user, batch, content, attempt, last, total, max, grand, questions] of attempts) {
    await exec(
      `INSERT INTO ${ks}.assessment_aggregator (user_id, course_id, batch_id, content_id, attempt_id, last_attempted_on, total_score, total_max_score, grand_total, question) VALUES (?, 'do_c1', ?, ?, ?, ?, ?, ?, ?, ?)`,
      [user, batch, content, attempt, last, total, max, grand, questions],
    );
  }
  await exec(`INSERT INTO ${ks}.user_activity_agg (activity_type, activity_id, user_id, context_id, aggregates) VALUES ('Course', 'do_c1', 'u1', 'cb:B1', ?)`, [
    { "score:do_qs1": 3, "max_score:do_qs1": 4, "score:do_qs0": 1, "max_score:do_qs0": 3, "score:do_qsx": 5, "max_score:do_qsx": 5, completedCount: 2 },
  ]);
  const consents = [["u1", "org_a", "do_c1", "ACTIVE", at("2024-01-10T12:00:00Z")], ["u2", "org_a", "do_c1", "REVOKED", at("2024-01-11T12:00:00Z")], ["u2", "org_b", "do_c1", "active", null], ["u3", "org_cust", "do_c4", "ACTIVE", null]] as const;
  for (const [user, consumer, object, status, updated] of consents) {
    await exec(`INSERT INTO ${ks}.user_consent (user_id, consumer_id, object_id, status, last_updated_on) VALUES (?, ?, ?, ?, ?)`, [user, consumer, object, status, updated]);
  }
  const pipeline = stores.redis.users.pipeline();
  for (const [id, fields] of Object.entries(users)) pipeline.hset(`${prefix}user:${id}`, fields);
  await pipeline.exec();
  await stores.redis.relations.sadd(`${prefix}do_c1:do_c1:optionalnodes`, "do_l2");
}
