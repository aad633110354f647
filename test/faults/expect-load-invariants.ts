import { expect } from "vitest";
import { faultRowHolds } from "./fault-row.ts";
import type { LoadOutcome } from "./load-burst.ts";
import { recordFaultRow } from "./record-fault-row.ts";

/** Scenario 7's invariants, the same for the short and the full burst; prints the row and the figures first. */
export function expectLoadInvariants(out: LoadOutcome, requests: number, maxConcurrentBatches: number): void {
  recordFaultRow(out.row);
  process.stdout.write(`${JSON.stringify({ ...out.figures, jobsCreated: out.jobsCreated, maxActiveJobs: out.maxActiveJobs, statusesSeen: out.statusesSeen })}\n`);
  expect([...out.phases.values()].filter((p) => p !== "Succeeded")).toEqual([]);
  expect(out.row.batches).toBe(requests);
  expect(out.jobsCreated).toBe(out.batchAttempts);
  expect(out.row.duplicates).toBe(0);
  expect(out.maxActiveJobs).toBeGreaterThan(0);
  expect(out.maxActiveJobs).toBeLessThanOrEqual(maxConcurrentBatches);
  expect(out.regressions).toEqual([]);
  expect(out.statusesSeen).toBeGreaterThan(requests);
  expect(out.leaks.hits).toEqual([]);
  expect(faultRowHolds(out.row)).toBe(true);
}
