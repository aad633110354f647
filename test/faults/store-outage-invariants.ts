import { expect } from "vitest";
import { faultRowHolds } from "./fault-row.ts";
import type { StoreOutageOutcome } from "./store-down-mid-run.ts";

/** Scenario 3's invariants (with scenario 6's scan), for every store and both variants: the checks a run must pass. */
export function expectStoreOutageHeld(out: StoreOutageOutcome, requests: number, message: RegExp): void {
  expect(out.phases).toEqual(Array.from({ length: requests }, () => "Succeeded"));
  expect(out.errorsSeen.length).toBeGreaterThan(0);
  for (const err of out.errorsSeen) expect(err).toEqual({ message: expect.stringMatching(message) as unknown, retryable: true });
  expect(out.runnerFilesScanned).toBeGreaterThan(0);
  // The webhook token was in play on both paths (every call made, a WebhookFailed Event per failing webhook) ...
  const { okCalls, failCalls, expectedOk, expectedFail, failedEvents } = out.webhook;
  expect({ okCalls, failCalls }).toEqual({ okCalls: expectedOk, failCalls: expectedFail });
  expect(failedEvents).toBeGreaterThan(0);
  // ... and, like every other secret, appeared nowhere.
  expect(out.leaks.hits).toEqual([]);
  expect(faultRowHolds(out.row)).toBe(true);
}
