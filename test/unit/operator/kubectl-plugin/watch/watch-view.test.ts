import { describe, expect, it } from "vitest";
import type { BatchStatus, ExhaustRequest, ExhaustRequestStatus } from "../../../../../crds/exhaust-request.ts";
import { finishedLine, plainUpdate, requestView } from "../../../../../operator/kubectl-plugin/watch/watch-view.ts";

const started = "2026-12-04T10:00:00Z";
const twoMinutesIn = new Date("2026-12-04T10:02:00Z");
const fiveMinutesIn = new Date("2026-12-04T10:05:00Z");

const requestWith = (status: ExhaustRequestStatus | undefined, maxAttempts?: number): ExhaustRequest => ({
  apiVersion: "exhaust.sunbird.org/v1alpha1",
  kind: "ExhaustRequest",
  metadata: { name: "progress-x7k2p", namespace: "reports" },
  spec: {
    report: "progress",
    collectionId: "do_113",
    batches: { all: {} },
    requestedBy: "alice",
    requestedChannel: "0126",
    suspend: false,
    outputReclaimPolicy: "Retain",
    ...(maxAttempts === undefined ? {} : { retry: { maxAttempts, initialBackoffSeconds: 60, maxBackoffSeconds: 1800, factor: 2 } }),
  },
  ...(status === undefined ? {} : { status }),
});

const running: BatchStatus = { batchId: "b-running", phase: "Running", attempts: 1, jobName: "j-1", rows: 12_345, bytes: 1_572_864, startTime: "2026-12-04T10:00:30Z" };
const done: BatchStatus = { batchId: "b-done", phase: "Succeeded", attempts: 1, rows: 100, bytes: 2048, startTime: started, completionTime: "2026-12-04T10:01:05Z" };
const retrying: BatchStatus = {
  batchId: "b-retry",
  phase: "Retrying",
  attempts: 2,
  startTime: started,
  lastError: { message: "cassandra\nunavailable", retryable: true },
  nextRetryTime: "2026-12-04T10:02:45Z",
};
const failed: BatchStatus = { batchId: "b-failed", phase: "Failed", attempts: 3, startTime: started, completionTime: "2026-12-04T10:04:00Z", lastError: { message: "no data", retryable: false } };
const condition = (type: string, reason: string, message: string) => ({ type, status: "True" as const, reason, message, lastTransitionTime: started });

describe("requestView", () => {
  const cases: { name: string; request: ExhaustRequest; now: Date; want: string[] }[] = [
    {
      name: "Running, one batch running, one done -> bar 1/2, rows and bytes summed over the batches, aligned table",
      request: requestWith({ phase: "Running", startTime: started, batches: [done, running], totals: { batches: 2, succeeded: 1, failed: 0, running: 1, queued: 0, rows: 100, bytes: 2048 } }),
      now: twoMinutesIn,
      want: [
        "progress-x7k2p  progress do_113  Running  batches 1/2  [##########..........]  50%  rows 12,445  1.5 MiB  elapsed 2m00s",
        "  BATCH      PHASE      ATTEMPTS  ROWS    BYTES    ELAPSED",
        "  b-done     Succeeded  1/3       100     2.0 KiB  1m05s",
        "  b-running  Running    1/3       12,345  1.5 MiB  1m30s",
      ],
    },
    {
      name: "Retrying with a custom maxAttempts -> attempts of 5, the retry delay and the one-line error",
      request: requestWith({ phase: "Running", startTime: started, batches: [retrying] }, 5),
      now: twoMinutesIn,
      want: [
        "progress-x7k2p  progress do_113  Running  batches 0/1  [....................]   0%  rows 0  0 B  elapsed 2m00s",
        "  BATCH    PHASE     ATTEMPTS  ROWS  BYTES  ELAPSED",
        "  b-retry  Retrying  2/5       -     -      2m00s    retry in 45s: cassandra unavailable",
      ],
    },
    {
      name: "no status yet -> Pending, no bar, a line saying the operator has not planned it",
      request: requestWith(undefined),
      now: twoMinutesIn,
      want: ["progress-x7k2p  progress do_113  Pending  batches 0/0  rows 0  0 B  elapsed -", "  (no batches yet: the operator has not planned the request)"],
    },
    {
      name: "Stalled condition True -> its reason and message under the request line",
      request: requestWith({ phase: "Pending", conditions: [condition("Stalled", "SecretNotFound", "Secret zip-pass not found")] }),
      now: twoMinutesIn,
      want: [
        "progress-x7k2p  progress do_113  Pending  batches 0/0  rows 0  0 B  elapsed -",
        "  stalled: SecretNotFound: Secret zip-pass not found",
        "  (no batches yet: the operator has not planned the request)",
      ],
    },
  ];
  for (const c of cases) it(c.name, () => expect(requestView(c.request, c.now)).toEqual(c.want));
});

describe("plainUpdate", () => {
  const first = requestWith({ phase: "Running", startTime: started, batches: [running, done] });
  const moreRows = requestWith({ phase: "Running", startTime: started, batches: [{ ...running, rows: 20_000 }, done] });

  it("first call -> the request line and every batch", () => {
    expect(plainUpdate(new Map(), first, twoMinutesIn).lines).toEqual([
      "request progress-x7k2p Running batches=1/2",
      "batch b-running Running attempts=1/3 rows=12,345 bytes=1.5 MiB elapsed=1m30s",
      "batch b-done Succeeded attempts=1/3 rows=100 bytes=2.0 KiB elapsed=1m05s",
    ]);
  });

  it("same state later -> nothing: elapsed time alone is not a change", () => {
    const { printed } = plainUpdate(new Map(), first, twoMinutesIn);
    expect(plainUpdate(printed, first, fiveMinutesIn).lines).toEqual([]);
  });

  it("rows rose on one batch -> only that batch's line", () => {
    const { printed } = plainUpdate(new Map(), first, twoMinutesIn);
    expect(plainUpdate(printed, moreRows, fiveMinutesIn).lines).toEqual(["batch b-running Running attempts=1/3 rows=20,000 bytes=1.5 MiB elapsed=4m30s"]);
  });

  it("the request stalls -> the request line again, with the stall", () => {
    const { printed } = plainUpdate(new Map(), first, twoMinutesIn);
    const stalled = requestWith({ ...first.status, conditions: [condition("Stalled", "SecretNotFound", "gone")] });
    expect(plainUpdate(printed, stalled, twoMinutesIn).lines).toEqual(["request progress-x7k2p Running batches=1/2 stalled: SecretNotFound: gone"]);
  });
});

describe("finishedLine", () => {
  const cases: { name: string; request: ExhaustRequest; want: string }[] = [
    {
      name: "Succeeded -> how long, batches, rows, bytes",
      request: requestWith({ phase: "Succeeded", startTime: started, completionTime: "2026-12-04T10:01:05Z", batches: [done] }),
      want: "progress-x7k2p Succeeded in 1m05s: 1/1 batches, 100 rows, 2.0 KiB",
    },
    {
      name: "PartiallySucceeded with a failed batch -> the logs command for that batch",
      request: requestWith({ phase: "PartiallySucceeded", startTime: started, completionTime: "2026-12-04T10:04:00Z", batches: [done, failed] }),
      want:
        "progress-x7k2p PartiallySucceeded in 4m00s: 2/2 batches, 100 rows, 2.0 KiB\n" +
        "  batch b-failed failed; its runner's log: kubectl exhaust logs progress-x7k2p --batch b-failed",
    },
    {
      name: "Failed before any batch ran -> the Failed condition's reason and message",
      request: requestWith({ phase: "Failed", startTime: started, completionTime: started, conditions: [condition("Failed", "NoDataFound", "collection has no batches")] }),
      want: "progress-x7k2p Failed in 0s: 0/0 batches, 0 rows, 0 B\n  NoDataFound: collection has no batches",
    },
  ];
  for (const c of cases) it(c.name, () => expect(finishedLine(c.request, fiveMinutesIn)).toBe(c.want));
});
