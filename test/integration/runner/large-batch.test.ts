import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketContents, objectCsv, openStores, runnerEnv, runRunner, type Stores } from "./harness.ts";
import { loadLargeBatch } from "./large-fixture.ts";

// A 100,000-enrolment batch streams through to S3, and a runner killed (SIGTERM) in the middle of its multipart
// upload leaves nothing behind: no object, no unfinished upload.

const size = 100_000;

describe("a 100,000-enrolment batch", () => {
  let stores: Stores;
  const env = (requestId: string) =>
    runnerEnv(stores, { EXHAUST_REPORT: "progress", EXHAUST_REQUEST_ID: requestId, EXHAUST_COLLECTION_ID: "do_big", EXHAUST_BATCH_IDS: "BIG", EXHAUST_REQUESTED_CHANNEL: "org_a", EXHAUST_OUTPUT_FORMAT: "csv" });

  beforeAll(async () => {
    stores = await openStores();
    await loadLargeBatch(stores, size);
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
