import { describe, expect, it } from "vitest";
import { hasAttemptsLeft, retryDelayMs, type RetryPolicy } from "../../../../../operator/requests/plan/retry-backoff.ts";

const defaults: RetryPolicy = { maxAttempts: 3, initialBackoffSeconds: 60, maxBackoffSeconds: 1800, factor: 2 };

describe("retryDelayMs", () => {
  const cases = [
    { name: "first failure -> initial backoff ±10%", attempt: 1, policy: defaults, range: [54_000, 66_000] },
    { name: "second failure -> doubled", attempt: 2, policy: defaults, range: [108_000, 132_000] },
    { name: "sixth failure -> capped at max (jitter only below)", attempt: 6, policy: defaults, range: [1_620_000, 1_800_000] },
    { name: "huge attempt -> no overflow, capped", attempt: 5000, policy: defaults, range: [1_620_000, 1_800_000] },
    { name: "factor 1 -> constant", attempt: 4, policy: { ...defaults, factor: 1 }, range: [54_000, 66_000] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      for (const seed of ["job-a-1", "job-b-1", "job-c-7"]) {
        const ms = retryDelayMs(c.policy, c.attempt, seed);
        expect(ms).toBeGreaterThanOrEqual(c.range[0] ?? 0);
        expect(ms).toBeLessThanOrEqual(c.range[1] ?? 0);
      }
    });
  }

  it("the same seed always gives the same delay; different seeds spread", () => {
    expect(retryDelayMs(defaults, 1, "req-abc-1")).toBe(retryDelayMs(defaults, 1, "req-abc-1"));
    const spread = new Set(["a", "b", "c", "d", "e"].map((s) => retryDelayMs(defaults, 1, s)));
    expect(spread.size).toBeGreaterThan(1);
  });
});

describe("hasAttemptsLeft", () => {
  it.each([
    [0, true],
    [2, true],
    [3, false],
  ])("after %i attempts of 3 -> %s", (attempts, want) => expect(hasAttemptsLeft(defaults, attempts)).toBe(want));
});
