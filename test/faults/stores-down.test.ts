import { describe, expect, it } from "vitest";
import { endpoints } from "../env/endpoints.ts";
import { faultRowHolds } from "./fault-row.ts";
import { recordFaultRow } from "./record-fault-row.ts";
import { redisDownMidRun } from "./redis-down-mid-run.ts";

// Scenario 3, long: Redis really stopped for 60 s while ten requests run, then for 10 minutes while five run, under
// the operator's default retry settings (ordinary budget 3 attempts 60 s then 120 s, which alone would give up
// after about 3 minutes; store-outage budget 8 attempts up to 300 s apart).

describe("fault scenario 3: Redis stopped, default settings", () => {
  it.each([
    { outage: "60 s", requests: 10, outageMs: 60_000 },
    { outage: "10 minutes", requests: 5, outageMs: 600_000 },
  ])("$outage while $requests requests run: every request completes; every failure on the way is retryable and names the Redis", async ({ requests, outageMs }) => {
    const out = await redisDownMidRun({ e: endpoints(), requests, outageMs, timeoutMs: 900_000 });
    recordFaultRow(out.row);
    expect(out.phases).toEqual(Array.from({ length: requests }, () => "Succeeded"));
    expect(out.errorsSeen.length).toBeGreaterThan(0);
    for (const err of out.errorsSeen) expect(err).toEqual({ message: expect.stringMatching(/^Redis unavailable \((relation|user) cache at 127\.0\.0\.1:\d+ db \d+\): /) as unknown, retryable: true });
    expect(out.runnerFilesScanned).toBeGreaterThan(0);
    expect(out.leaks.hits).toEqual([]);
    expect(faultRowHolds(out.row)).toBe(true);
  });
});
