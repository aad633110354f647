import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSENT_NOT_REQUESTED, NO_BATCH_SELECTOR_OR_KEY, NO_DATA_FOUND, RETIRED_COLLECTION } from "../../../runner/outcome/errors.ts";
import { freePort } from "../../env/ports.ts";
import { loadFixture, pii } from "./fixture.ts";
import { asMultiset, bucketContents, objectCsv, openStores, parseCsv, runnerEnv, runRunner, type Stores } from "./harness.ts";

// Every report rule on the hand-made fixture (fixture.ts), run through the CLI as the Job runs it, once with the
// enrolments read through a batchid index and once through the shared token-range scan (D18).

const common = (batch: string, name: string, user: string) => ["do_c1", "Course One", `BatchId_${batch}`, name, user];
const progressHeader = [
  "Collection Id", "Collection Name", "Batch Id", "Batch Name", "User UUID", "State", "District", "Org Name", "School Id", "School Name", "Block Name", "Cluster Name",
  "User Type", "User Sub Type", "Declared Board", "Enrolment Date", "Completion Date", "Certificate Status", "Progress", "Total Score", "do_qs0 - Score", "do_qs1 - Score",
];
const u1Fixed = ["Karnataka", "Mysuru", "Org A", "29000001", "School, One", "Block 1", "Cluster 1", "teacher", "hm", "CBSE"];
const u2Fixed = ["Kerala", "Kochi", "Org B", "", "", "", "", "administrator", "", "State Board"];
const u3Fixed = ["Karnataka", "", "Org A", "", "", "", "", "", "", ""];
const blankFixed = ["", "", "Org A", "", "", "", "", "", "", ""];

const progressB1 = (scores: { u1: string[]; u2: string[] }) => [
  [...common("B1", "Batch One", "u1"), ...u1Fixed, "16/01/2024", "", "Issued", "25", ...scores.u1],
  [...common("B1", "Batch One", "u2"), ...u2Fixed, "15/11/2019", "01/02/2024", "", "100", ...scores.u2],
  [...common("B1", "Batch One", "u3"), ...u3Fixed, "16/01/2024", "", "", "0", "", "", ""],
];
const progressB2 = [
  [...common("B2", "Batch Two", "u7"), ...blankFixed, "17/01/2024", "", "", "75", "", "", ""],
  [...common("B2", "Batch Two", "u1"), ...u1Fixed, "18/01/2024", "", "", "0", "25%", "", "25%"],
];

const responseHeader = [
  "Collection Id", "Collection Name", "Batch Id", "Batch Name", "User UUID", "QuestionSet Id", "QuestionSet Title", "Attempt Id", "Attempted On", "Question Id", "Question Type",
  "Question Title", "Question Description", "Question Duration", "Question Score", "Question Max Score", "Question Options", "Question Response",
];
const noQuestion = ["", "", "", "", "", "", "", "", ""];
const u2Attempt = [...common("B1", "Batch One", "u2"), "do_qs1", "Quiz One", "a6", "", ...noQuestion];
const responseB1 = [
  [...common("B1", "Batch One", "u1"), "do_qs1", "Quiz One", "a1", "2024-01-20 15:30:00", "q1", "mcq", "2 + 2?", "Add, then answer", "13", "1.0", "1.0",
    JSON.stringify([{ "1": '{"text":"4"}' }, { answer: '{"correct":["1"]}' }]), JSON.stringify([{ "1": '{"text":"4"}' }])],
  [...common("B1", "Batch One", "u1"), "do_qs1", "Quiz One", "a1", "2024-01-20 15:30:00", "q2", "mcq", 'Say "hi"', "", "3", "0.0", "0.33", "", ""],
  [...common("B1", "Batch One", "u1"), "do_qs1", "Quiz One", "a2", "2024-01-19 15:30:00", ...noQuestion],
  [...common("B1", "Batch One", "u1"), "do_qs0", "Quiz Zero", "a3", "2024-01-21 05:30:00", "q3", "sa", "Line\nbreak", "d", "7", "1.0", "3.0", "", JSON.stringify([{ "0": "x" }])],
  [...common("B1", "Batch One", "u1"), "do_qsx", "Quiz X", "a4", "2024-01-23 00:15:30", "q4", "mcq", "padded", "", "", "5.0", "5.0", JSON.stringify([{ a: "b" }]), ""],
  u2Attempt,
];

const userInfoHeader = [
  "Collection Id", "Collection Name", "Batch Id", "Batch Name", "User UUID", "User Name", "User Type", "User Sub Type", "State", "District", "Block", "Cluster", "School Id",
  "School Name", "Org Name", "Email ID", "Mobile Number", "Consent Provided", "Consent Provided Date",
];
const password = 'pa ss"word';

for (const variant of [{ name: "without a batchid index (shared scan)", batchIdIndex: false }, { name: "with a batchid index", batchIdIndex: true }]) {
  describe(`runner on the fixture, ${variant.name}`, () => {
    let stores: Stores;
    const env = (settings: Record<string, string>) =>
      runnerEnv(stores, { EXHAUST_REQUEST_ID: "REQ1", EXHAUST_COLLECTION_ID: "do_c1", EXHAUST_REQUESTED_CHANNEL: "org_a", EXHAUST_OUTPUT_FORMAT: "csv", ...settings });
    const csvOf = async (uri: string | undefined, secret?: string) => parseCsv(await objectCsv(stores, uri ?? "", secret));

    beforeAll(async () => {
      stores = await openStores();
      await loadFixture(stores, variant);
    });
    afterAll(async () => stores.close());

    it("progress, three batches in one run: rows, completion %, optional nodes, best attempt, empty batch header-only", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "progress", EXHAUST_BATCH_IDS: "B1,B2,B3", EXHAUST_LOG_LEVEL: "info" }));
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(variant.batchIdIndex ? "reading enrolments through the batchid index" : "one token-range scan for all batches");
      const byBatch = new Map(run.manifest?.batches.map((b) => [b.batchId, b]));
      expect(byBatch.get("B1")).toMatchObject({ ok: true, rows: 3, usersSkipped: 1, objectUri: expect.stringMatching(new RegExp(`^s3://${stores.bucket}/progress-exhaust/REQ1/B1_progress_\\d{8}\\.csv$`)) });
      const b1 = await csvOf(byBatch.get("B1")?.objectUri);
      expect(b1[0]).toEqual(progressHeader);
      expect(asMultiset(b1.slice(1))).toEqual(asMultiset(progressB1({ u1: ["58%", "34%", "75%"], u2: ["100%", "", "100%"] })));
      const b2 = await csvOf(byBatch.get("B2")?.objectUri);
      expect(asMultiset(b2.slice(1))).toEqual(asMultiset(progressB2));
      expect(byBatch.get("B3")).toMatchObject({ ok: true, rows: 0, usersSkipped: 0 });
      expect(await csvOf(byBatch.get("B3")?.objectUri)).toEqual([progressHeader]);
      expect(JSON.parse(run.stdout.trim())).toEqual(run.manifest);
    });

    it("progress with the latest attempt instead of the best", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "progress", EXHAUST_BATCH_IDS: "B1", EXHAUST_ATTEMPT_SELECTION: "latest", EXHAUST_REQUEST_ID: "LATEST" }));
      expect(run.code, run.stderr).toBe(0);
      const rows = await csvOf(run.manifest?.batches[0]?.objectUri);
      expect(asMultiset(rows.slice(1))).toEqual(asMultiset(progressB1({ u1: ["43%", "34%", "50%"], u2: ["100%", "", "100%"] })));
    });

    it("progress scored from user_activity_agg", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "progress", EXHAUST_BATCH_IDS: "B1", EXHAUST_SCORE_SOURCE: "user_activity_agg", EXHAUST_REQUEST_ID: "AGG" }));
      expect(run.code, run.stderr).toBe(0);
      const rows = await csvOf(run.manifest?.batches[0]?.objectUri);
      expect(asMultiset(rows.slice(1))).toEqual(asMultiset(progressB1({ u1: ["58%", "34%", "75%"], u2: ["", "", ""] })));
    });

    it("response: one row per question, attempts without questions, batch-scoped, titles from the hierarchy", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "response", EXHAUST_BATCH_IDS: "B1" }));
      expect(run.code, run.stderr).toBe(0);
      expect(run.manifest?.batches[0]).toMatchObject({ ok: true, rows: 6, usersSkipped: 1 });
      const rows = await csvOf(run.manifest?.batches[0]?.objectUri);
      expect(rows[0]).toEqual(responseHeader);
      expect(asMultiset(rows.slice(1))).toEqual(asMultiset(responseB1));
    });

    it("response requested by another org keeps only that org's users (org filter)", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "response", EXHAUST_BATCH_IDS: "B1", EXHAUST_REQUESTED_CHANNEL: "org_b", EXHAUST_REQUEST_ID: "ORGB" }));
      expect(run.code, run.stderr).toBe(0);
      const rows = await csvOf(run.manifest?.batches[0]?.objectUri);
      expect(rows.slice(1)).toEqual([u2Attempt]);
    });

    it("userinfo: active consent only, PII decrypted, always a password zip that unzip -P opens", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "userinfo", EXHAUST_BATCH_IDS: "B1", EXHAUST_PII_KEY: pii.key, EXHAUST_PII_SALT: pii.salt, EXHAUST_ZIP_PASSWORD: password }));
      expect(run.code, run.stderr).toBe(0);
      const batch = run.manifest?.batches[0];
      expect(batch).toMatchObject({ ok: true, rows: 1, usersSkipped: 1, objectUri: expect.stringMatching(/\/B1_userinfo_\d{8}\.zip$/) });
      await expect(objectCsv(stores, batch?.objectUri ?? "", "wrong")).rejects.toThrow();
      const rows = await csvOf(batch?.objectUri, password);
      expect(rows).toEqual([
        userInfoHeader,
        [...common("B1", "Batch One", "u1"), "Asha Rao", "teacher", "hm", "Karnataka", "Mysuru", "Block 1", "Cluster 1", "29000001", "School, One", "Org A", "asha@example.org", "9000000001", "true", "10/01/2024"],
      ]);
    });

    it("userinfo from another org: org filter before consent, lower-case active counts, no consent date", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "userinfo", EXHAUST_BATCH_IDS: "B1", EXHAUST_REQUESTED_CHANNEL: "org_b", EXHAUST_REQUEST_ID: "ORGB", EXHAUST_PII_KEY: pii.key, EXHAUST_PII_SALT: pii.salt, EXHAUST_ZIP_PASSWORD: password }));
      expect(run.code, run.stderr).toBe(0);
      const rows = await csvOf(run.manifest?.batches[0]?.objectUri, password);
      expect(rows.slice(1)).toEqual([[...common("B1", "Batch One", "u2"), "Bala", "administrator", "", "Kerala", "Kochi", "", "", "", "", "Org B", "bala@example.org", "", "true", ""]]);
    });

    it("userinfo requested by the custodian org gives a header-only file", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "userinfo", EXHAUST_BATCH_IDS: "B1", EXHAUST_REQUESTED_CHANNEL: "org_cust", EXHAUST_REQUEST_ID: "CUST", EXHAUST_PII_KEY: pii.key, EXHAUST_PII_SALT: pii.salt, EXHAUST_ZIP_PASSWORD: password }));
      expect(run.code, run.stderr).toBe(0);
      expect(run.manifest?.batches[0]).toMatchObject({ ok: true, rows: 0 });
      expect(await csvOf(run.manifest?.batches[0]?.objectUri, password)).toEqual([userInfoHeader]);
    });

    it("userinfo requested as `System` reads consent given to the collection's channel (§4.5)", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "userinfo", EXHAUST_BATCH_IDS: "B1", EXHAUST_REQUESTED_CHANNEL: "System", EXHAUST_REQUEST_ID: "SYSTEM", EXHAUST_PII_KEY: pii.key, EXHAUST_PII_SALT: pii.salt, EXHAUST_ZIP_PASSWORD: password }));
      expect(run.code, run.stderr).toBe(0);
      const rows = await csvOf(run.manifest?.batches[0]?.objectUri, password);
      expect(rows.slice(1).map((row) => row[4])).toEqual(["u1"]);
    });

    it("userinfo requested as `System` for a collection of the custodian org is header-only (D7)", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "userinfo", EXHAUST_COLLECTION_ID: "do_c4", EXHAUST_BATCH_IDS: "B6", EXHAUST_REQUESTED_CHANNEL: "System", EXHAUST_REQUEST_ID: "SYSCUST", EXHAUST_PII_KEY: pii.key, EXHAUST_PII_SALT: pii.salt, EXHAUST_ZIP_PASSWORD: password }));
      expect(run.code, run.stderr).toBe(0);
      // No enrolment is read, so no skipped count is reported (not 0 for users never looked at).
      expect(run.manifest?.batches[0]).toMatchObject({ ok: true, rows: 0 });
      expect(run.manifest?.batches[0]).not.toHaveProperty("usersSkipped");
      expect(await csvOf(run.manifest?.batches[0]?.objectUri, password)).toEqual([userInfoHeader]);
    });

    it("the missing key is reported before the collection's own problem (§5.1 preconditions in order)", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "userinfo", EXHAUST_COLLECTION_ID: "do_c3", EXHAUST_BATCH_IDS: "B5", EXHAUST_REQUEST_ID: "NOPWNOCONSENT", EXHAUST_PII_KEY: pii.key, EXHAUST_PII_SALT: pii.salt }));
      expect(run.code).toBe(10);
      expect(run.manifest?.batches[0]).toMatchObject({ ok: false, retryable: false, message: NO_BATCH_SELECTOR_OR_KEY });
    });

    it("userinfo without a password fails non-retryably with Sunbird's key message and writes nothing", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "userinfo", EXHAUST_BATCH_IDS: "B1", EXHAUST_REQUEST_ID: "NOPW", EXHAUST_PII_KEY: pii.key, EXHAUST_PII_SALT: pii.salt }));
      expect(run.code).toBe(10);
      expect(run.manifest?.batches[0]).toMatchObject({ ok: false, retryable: false, message: "Request should have either of batchId, batchFilter, searchFilter or encrption key" });
      expect((await bucketContents(stores)).objects.filter((k) => k.includes("/NOPW/"))).toEqual([]);
    });

    it("a retired collection fails with exit 10 and Sunbird's message", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "progress", EXHAUST_COLLECTION_ID: "do_c2", EXHAUST_BATCH_IDS: "B4", EXHAUST_REQUEST_ID: "RETIRED" }));
      expect(run.code).toBe(10);
      expect(run.manifest?.batches).toEqual([{ batchId: "B4", ok: false, retryable: false, message: RETIRED_COLLECTION }]);
    });

    it("userinfo for a collection without userConsent fails with exit 10", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "userinfo", EXHAUST_COLLECTION_ID: "do_c3", EXHAUST_BATCH_IDS: "B5", EXHAUST_REQUEST_ID: "NOCONSENT", EXHAUST_PII_KEY: pii.key, EXHAUST_PII_SALT: pii.salt, EXHAUST_ZIP_PASSWORD: password }));
      expect(run.code).toBe(10);
      expect(run.manifest?.batches[0]).toMatchObject({ ok: false, retryable: false, message: CONSENT_NOT_REQUESTED });
    });

    it("an unknown batch fails alone (No data found) while its sibling succeeds; the run exits 10", async () => {
      const run = await runRunner(env({ EXHAUST_REPORT: "progress", EXHAUST_BATCH_IDS: "B404,B2", EXHAUST_REQUEST_ID: "MIXED" }));
      expect(run.code).toBe(10);
      expect(run.manifest?.batches.map((b) => [b.batchId, b.ok, b.message])).toEqual([["B404", false, NO_DATA_FOUND], ["B2", true, undefined]]);
    });
  });
}

describe("runner configuration and store failures", () => {
  let stores: Stores;
  const settings = { EXHAUST_REPORT: "progress", EXHAUST_REQUEST_ID: "R", EXHAUST_COLLECTION_ID: "do_c1", EXHAUST_BATCH_IDS: "B1", EXHAUST_REQUESTED_CHANNEL: "org_a" };
  beforeAll(async () => {
    stores = await openStores();
    await loadFixture(stores, { batchIdIndex: false });
  });
  afterAll(async () => stores.close());

  it("a bad setting exits 11 and names the setting", async () => {
    const run = await runRunner(runnerEnv(stores, { ...settings, EXHAUST_REPORT: "grades" }));
    expect(run.code).toBe(11);
    expect(run.terminationMessage).toContain("EXHAUST_REPORT");
  });

  it("an empty user cache is a retryable failure (exit 20)", async () => {
    const run = await runRunner(runnerEnv(stores, { ...settings, EXHAUST_REDIS_KEY_PREFIX: `${stores.prefix}nothing-here:` }));
    expect(run.code).toBe(20);
    expect(run.manifest?.batches[0]).toMatchObject({ ok: false, retryable: true, message: "User cache is empty" });
  });

  it("an unreachable Cassandra is a retryable failure (exit 20)", async () => {
    const run = await runRunner(runnerEnv(stores, { ...settings, EXHAUST_CASSANDRA_CONTACT_POINTS: `127.0.0.1:${await freePort()}` }));
    expect(run.code).toBe(20);
    expect(run.manifest?.batches[0]).toMatchObject({ ok: false, retryable: true, message: expect.stringMatching(/^Cassandra unavailable: /) });
  });
});
