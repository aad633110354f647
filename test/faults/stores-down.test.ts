import { describe, expect, it } from "vitest";
import { endpoints } from "../env/endpoints.ts";
import { faultRowHolds } from "./fault-row.ts";
import { recordFaultRow } from "./record-fault-row.ts";
import { redisDownMidRun } from "./redis-down-mid-run.ts";

// Scenario 3, long: Redis really stopped for 60 s while ten requests run, under the operator's default retry
// settings (ordinary budget 3 attempts 60 s then 120 s; store-outage budget 8 attempts up to 300 s apart).

describe("fault scenario 3: Redis stopped for 60 s, default settings", () => {
  it("every request completes; every failure on the way is retryable and names the Redis", async () => {
    const out = await redisDownMidRun({ e: endpoints(), requests: 10, outageMs: 60_000, timeoutMs: 900_000 });
    recordFaultRow(out.row);
    expect(out.phases).toEqual(Array.from({ length: 10 }, () => "Succeeded"));
    expect(out.errorsSeen.length).toBeGreaterThan(0);
    for (const err of out.errorsSeen) expect(err).toEqual({ message: expect.stringMatching(/^Redis unavailable \((relation|user) cache at 127\.0\.0\.1:\d+ db \d+\): /) as unknown, retryable: true });
    expect(out.leaks.hits).toEqual([]);
    expect(faultRowHolds(out.row)).toBe(true);
  });
});
