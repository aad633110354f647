import { describe, expect, it } from "vitest";
import type { ExhaustRequest, ExhaustRequestStatus } from "../../../../crds/exhaust-request.ts";
import { objectKeyOf, outcomeOfParts, type PartsOutcome } from "../../../../operator/bridge/request-to-row.ts";
import { batch, failedBatch, PASS_AT, succeededBatch } from "./bridge-fixtures.ts";

const T1 = "2026-03-02T04:06:00Z";
const T2 = "2026-03-02T04:07:00Z";
const T3 = "2026-03-02T04:09:30Z";
const part = (status: ExhaustRequestStatus): ExhaustRequest =>
  ({ apiVersion: "exhaust.sunbird.org/v1alpha1", kind: "ExhaustRequest", metadata: { name: "p" }, spec: { report: "progress", collectionId: "c", batches: { ids: ["x"] }, requestedBy: "u", requestedChannel: "o", suspend: false }, status }) as ExhaustRequest;
const KEY1 = "progress-exhaust/R1/b1_progress_20260302.zip";
const KEY2 = "progress-exhaust/R1/b2_progress_20260302.zip";
const KEY3 = "progress-exhaust/R1/b3_progress_20260302.zip";
const ORDER = ["b1", "b2", "b3"];

describe("outcomeOfParts (reports-spec §3.5, §3.7)", () => {
  const cases: { name: string; parts: ExhaustRequest[]; expected: PartsOutcome }[] = [
    { name: "accepted, no runner yet -> pending (the row stays SUBMITTED)", parts: [part({ phase: "Pending", batches: [batch("b1", { phase: "Queued" })] })], expected: { kind: "pending" } },
    { name: "no status yet -> pending", parts: [part({})], expected: { kind: "pending" } },
    { name: "a runner started (startTime) -> running", parts: [part({ phase: "Running", startTime: T1, batches: [batch("b1", { phase: "Running", attempts: 1 })] })], expected: { kind: "running" } },
    {
      name: "one part finished, the other still queued -> running only once a runner started anywhere",
      parts: [part({ phase: "Succeeded", startTime: T1, completionTime: T2, batches: [succeededBatch("b1", KEY1, T1, T2)] }), part({ phase: "Pending", batches: [batch("b2", { phase: "Queued" })] })],
      expected: { kind: "running" },
    },
    {
      name: "two parts succeeded -> SUCCESS: keys in the row's batch order across parts, summed run time, latest completion",
      parts: [
        part({ phase: "Succeeded", completionTime: T3, batches: [succeededBatch("b3", KEY3, T2, T3, 30), succeededBatch("b1", KEY1, T1, T2, 10)] }),
        part({ phase: "Succeeded", completionTime: T2, batches: [succeededBatch("b2", KEY2, T1, T2, 20)] }),
      ],
      expected: {
        kind: "succeeded",
        downloadUrls: [KEY1, KEY2, KEY3],
        processedBatches: [
          { channel: "org-1", batchId: "b1", filePath: KEY1, fileSize: 10 },
          { channel: "org-1", batchId: "b2", filePath: KEY2, fileSize: 20 },
          { channel: "org-1", batchId: "b3", filePath: KEY3, fileSize: 30 },
        ],
        executionTimeMs: 60_000 + 60_000 + 150_000,
        completedAt: "2026-03-02T04:09:30.000Z",
      },
    },
    {
      name: "one batch failed -> FAILED with its message; the succeeded batch is kept in download_urls and processed_batches",
      parts: [part({ phase: "PartiallySucceeded", completionTime: T3, batches: [succeededBatch("b1", KEY1, T1, T2), failedBatch("b2", "Invalid hierarchy for collection c", T2, T3)] })],
      expected: {
        kind: "failed",
        messages: ["Invalid hierarchy for collection c"],
        downloadUrls: [KEY1],
        processedBatches: [{ channel: "org-1", batchId: "b1", filePath: KEY1, fileSize: 100 }],
        executionTimeMs: 60_000 + 150_000,
        completedAt: "2026-03-02T04:09:30.000Z",
      },
    },
    {
      name: "a part refused at acceptance (no batches) -> FAILED with its Accepted condition's message",
      parts: [
        part({
          phase: "Failed",
          completionTime: T2,
          conditions: [{ type: "Accepted", status: "False", reason: "NoDataFound", message: "No data found", lastTransitionTime: T2 }],
        }),
      ],
      expected: { kind: "failed", messages: ["No data found"], downloadUrls: [], processedBatches: [], executionTimeMs: 0, completedAt: "2026-03-02T04:07:00.000Z" },
    },
    {
      name: "two failed batches in two parts -> messages in batch order",
      parts: [part({ phase: "Failed", batches: [failedBatch("b3", "m3", T1, T2)] }), part({ phase: "Failed", batches: [failedBatch("b1", "m1", T1, T2)] })],
      expected: { kind: "failed", messages: ["m1", "m3"], downloadUrls: [], processedBatches: [], executionTimeMs: 120_000, completedAt: PASS_AT.toISOString() },
    },
  ];
  it.each(cases)("$name", ({ parts, expected }) => expect(outcomeOfParts(parts, ORDER, "org-1", PASS_AT)).toEqual(expected));
});

describe("objectKeyOf (the key Sunbird's API signs, §3.6)", () => {
  const cases = [
    { name: "s3 URI -> the key after the bucket", uri: "s3://reports/progress-exhaust/R1/b1_progress_20260302.zip", expected: "progress-exhaust/R1/b1_progress_20260302.zip" },
    { name: "a key prefix -> kept (it is part of the key)", uri: "s3://reports/pre/fix/userinfo-exhaust/R/b_userinfo_20260302.zip", expected: "pre/fix/userinfo-exhaust/R/b_userinfo_20260302.zip" },
    { name: "gs URI -> the key after the bucket", uri: "gs://bucket/response-exhaust/R/b.zip", expected: "response-exhaust/R/b.zip" },
    { name: "no scheme -> as given", uri: "progress-exhaust/R/b.zip", expected: "progress-exhaust/R/b.zip" },
  ];
  it.each(cases)("$name", ({ uri, expected }) => expect(objectKeyOf(uri)).toBe(expected));
});
