import { describe, expect, it } from "vitest";
import { endpoints } from "../env/endpoints.ts";
import { faultRowHolds } from "../faults/fault-row.ts";
import { recordFaultRow } from "../faults/record-fault-row.ts";
import { redisDownMidRun } from "../faults/redis-down-mid-run.ts";

// Scenario 3, short (the long one is test/faults/stores-down.test.ts): Redis really stopped for 10 s while three
// requests run. The ordinary budget is one attempt, so only the store-outage budget can carry the requests through:
// a failure not classified as an unreachable store would fail its request.

describe("fault scenario 3 (short): Redis stopped while requests run", () => {
  it("every request completes once Redis is back; every failure on the way is retryable and names the Redis", async () => {
    const out = await redisDownMidRun({
      e: endpoints(),
      requests: 3,
      outageMs: 10_000,
      retry: { retry: { maxAttempts: 1 }, storeOutageRetry: { maxAttempts: 10, initialBackoffSeconds: 2, maxBackoffSeconds: 4, factor: 2 } },
      timeoutMs: 150_000,
    });
    recordFaultRow(out.row);
    expect(out.phases).toEqual(["Succeeded", "Succeeded", "Succeeded"]);
    expect(out.errorsSeen.length).toBeGreaterThan(0);
    for (const err of out.errorsSeen) expect(err).toEqual({ message: expect.stringMatching(/^Redis unavailable \((relation|user) cache at 127\.0\.0\.1:\d+ db \d+\): /) as unknown, retryable: true });
    expect(out.runnerFilesScanned).toBeGreaterThan(0);
    expect(out.leaks.hits).toEqual([]);
    expect(faultRowHolds(out.row)).toBe(true);
  }, 300_000);
});
