import { describe, expect, it } from "vitest";
import type { ExhaustRequestSpec } from "../../../../../crds/exhaust-request.ts";
import { operatorConfigSchema } from "../../../../../operator/config/operator-config.ts";
import { hasAttemptsLeft, policyForFailure, retryBudgetFor, retryDelayMs, type RetryPolicy } from "../../../../../operator/requests/plan/retry-backoff.ts";

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

describe("the retry budget: ordinary failures and unreachable stores", () => {
  const config = operatorConfigSchema.parse({ runner: { image: "runner:1" } });
  const own: RetryPolicy = { maxAttempts: 5, initialBackoffSeconds: 10, maxBackoffSeconds: 20, factor: 1 };
  const spec = (retry?: RetryPolicy) => ({ retry }) as ExhaustRequestSpec;
  const cases = [
    { name: "no spec.retry, ordinary failure -> config retry (3 attempts)", spec: spec(), storeUnreachable: false, want: config.retry },
    { name: "no spec.retry, store unreachable -> config storeOutageRetry (8 attempts)", spec: spec(), storeUnreachable: true, want: config.storeOutageRetry },
    { name: "spec.retry, ordinary failure -> the request's policy", spec: spec(own), storeUnreachable: false, want: own },
    { name: "spec.retry, store unreachable -> still the request's policy", spec: spec(own), storeUnreachable: true, want: own },
  ];
  for (const c of cases) it(c.name, () => expect(policyForFailure(retryBudgetFor(c.spec, config), c.storeUnreachable)).toEqual(c.want));
  it("config retry with more attempts than storeOutageRetry -> an outage gets the larger count, its own backoff", () => {
    const raised = operatorConfigSchema.parse({ runner: { image: "runner:1" }, retry: { maxAttempts: 10 } });
    expect(policyForFailure(retryBudgetFor(spec(), raised), true)).toEqual({ ...raised.storeOutageRetry, maxAttempts: 10 });
  });

  // Total wait before the last attempt, with every jitter at its lowest, for a given policy.
  const leastTotalWaitMs = (policy: RetryPolicy) => {
    let total = 0;
    for (let attempt = 1; attempt < policy.maxAttempts; attempt++) total += Math.min(policy.maxBackoffSeconds, policy.initialBackoffSeconds * policy.factor ** (attempt - 1)) * 900;
    return total;
  };
  it("the default store-outage budget waits at least 15 minutes in all, even at the lowest jitter", () => {
    expect(config.storeOutageRetry).toEqual({ maxAttempts: 8, initialBackoffSeconds: 60, maxBackoffSeconds: 300, factor: 2 });
    expect(leastTotalWaitMs(config.storeOutageRetry)).toBeGreaterThanOrEqual(15 * 60_000);
  });
  it("the default store-outage budget still covers a 10-minute outage that starts after two ordinary failures", () => {
    let total = 0;
    for (let attempt = 3; attempt < config.storeOutageRetry.maxAttempts; attempt++) total += retryDelayMs(config.storeOutageRetry, attempt, `job-${attempt}`);
    expect(total).toBeGreaterThanOrEqual(10 * 60_000);
  });
  it("the ordinary default budget alone would give up after about 3 minutes (why the outage budget exists)", () => {
    expect(leastTotalWaitMs(config.retry)).toBeLessThan(4 * 60_000);
  });
});
