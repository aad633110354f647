import { expect } from "vitest";
import { faultRowHolds } from "./fault-row.ts";
import type { OperatorKillsOutcome } from "./operator-killed.ts";

/** Scenario 1's invariants, for the short and the long variant: the checks a run must pass. */
export function expectOperatorKillsHeld(out: OperatorKillsOutcome, requests: number): void {
  expect(out.kills.map((k) => k.signal)).toEqual(out.kills.map(() => "SIGKILL"));
  expect(out.phases).toEqual(Array.from({ length: requests }, () => "Succeeded"));
  expect([...out.creations.values()].every((n) => n === 1)).toBe(true);
  expect(out.creations.size).toBe(out.attempts);
  expect(out.regressions).toEqual([]);
  expect(out.ranTwice).toEqual([]);
  // Scenario 6: the webhook token was really used, at most once a request (a leader killed between the finishing
  // status write and the call skips it, docs/operator.md), and never leaked.
  expect(out.webhookOkCalls).toBeGreaterThan(0);
  expect(out.webhookOkCalls).toBeLessThanOrEqual(out.webhooksAnswering);
  expect(out.leaks.hits).toEqual([]);
  expect(faultRowHolds(out.row)).toBe(true);
}
