import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFixture } from "./fixture.ts";
import { bucketContents, openStores, runnerEnv, runRunner, type Stores } from "./harness.ts";

// D18 across requests: one run serves batches of several requests; EXHAUST_BATCH_REQUEST_IDS puts each batch's
// object under its own request id and names that id in the batch's manifest entry.

describe("runner with per-batch request ids", () => {
  let stores: Stores;
  const env = (settings: Record<string, string>) =>
    runnerEnv(stores, { EXHAUST_REPORT: "progress", EXHAUST_REQUEST_ID: "CREATOR", EXHAUST_COLLECTION_ID: "do_c1", EXHAUST_REQUESTED_CHANNEL: "org_a", EXHAUST_OUTPUT_FORMAT: "csv", ...settings });

  beforeAll(async () => {
    stores = await openStores();
    await loadFixture(stores, { batchIdIndex: false });
  });
  afterAll(async () => stores.close());

  it("each batch's object and manifest entry carry its own request id; batches not listed keep the run's", async () => {
    const run = await runRunner(env({ EXHAUST_BATCH_IDS: "B1,B2,B3", EXHAUST_BATCH_REQUEST_IDS: "B1=REQ-A,B2=REQ-B" }));
    expect(run.code, run.stderr).toBe(0);
    const byBatch = new Map(run.manifest?.batches.map((b) => [b.batchId, b]));
    expect([...byBatch.values()].map((b) => [b.batchId, b.requestId]).sort()).toEqual([["B1", "REQ-A"], ["B2", "REQ-B"], ["B3", "CREATOR"]]);
    expect(byBatch.get("B1")?.objectUri).toMatch(new RegExp(`^s3://${stores.bucket}/progress-exhaust/REQ-A/B1_progress_\\d{8}\\.csv$`));
    expect(byBatch.get("B2")?.objectUri).toMatch(new RegExp(`^s3://${stores.bucket}/progress-exhaust/REQ-B/B2_progress_\\d{8}\\.csv$`));
    const { objects } = await bucketContents(stores);
    expect(objects.filter((k) => k.startsWith("progress-exhaust/REQ-A/") || k.startsWith("progress-exhaust/REQ-B/"))).toHaveLength(2);
  });

  it("without the setting the manifest entries carry no request id", async () => {
    const run = await runRunner(env({ EXHAUST_BATCH_IDS: "B1", EXHAUST_REQUEST_ID: "PLAIN" }));
    expect(run.code, run.stderr).toBe(0);
    expect(run.manifest?.batches.map((b) => b.requestId)).toEqual([undefined]);
  });

  it("a malformed pair is a configuration error (exit 11) naming the setting", async () => {
    const run = await runRunner(env({ EXHAUST_BATCH_IDS: "B1", EXHAUST_BATCH_REQUEST_IDS: "B1" }));
    expect(run.code).toBe(11);
    expect(run.stderr).toContain("batchRequestIds");
  });
});
