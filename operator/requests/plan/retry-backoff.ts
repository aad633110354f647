import type { ExhaustRequestSpec } from "../../../crds/exhaust-request.ts";
import type { OperatorConfig } from "../../config/operator-config.ts";
import { backoffDelayMs } from "../../kube/runtime/backoff.ts";
import { shortHash } from "../runner-job/job-name.ts";

export interface RetryPolicy {
  maxAttempts: number;
  initialBackoffSeconds: number;
  maxBackoffSeconds: number;
  factor: number;
}

/** The policy for ordinary failures and the one for failures whose store could not be reached. */
export interface RetryBudget {
  ordinary: RetryPolicy;
  storeOutage: RetryPolicy;
}

/**
 * The request's own retry settings govern every failure (its author chose them); without them, the operator's
 * defaults (D15): `retry` for ordinary failures and the longer `storeOutageRetry` for a store that could not be
 * reached, because an outage lasts as long as it lasts while a bug fails the same way on every attempt
 * (docs/reliability.md).
 */
export const retryBudgetFor = (spec: ExhaustRequestSpec, config: OperatorConfig): RetryBudget =>
  spec.retry === undefined
    ? // An outage budget with fewer attempts than the ordinary one (retry.maxAttempts raised above it) would fail an
      // outage sooner than a bug: it gets at least as many.
      { ordinary: config.retry, storeOutage: { ...config.storeOutageRetry, maxAttempts: Math.max(config.storeOutageRetry.maxAttempts, config.retry.maxAttempts) } }
    : { ordinary: spec.retry, storeOutage: spec.retry };

/** The policy a failure is retried under. */
export const policyForFailure = (budget: RetryBudget, storeUnreachable: boolean): RetryPolicy => (storeUnreachable ? budget.storeOutage : budget.ordinary);

/** Spread of the delay: ±10 %, never above the cap. */
const JITTER = 0.1;

/**
 * Delay after failed attempt `attempt` (1 for the first): min(initial * factor^(attempt-1), max), jittered by a
 * fraction derived from `seed` (the failed Job's name). The same failure always gives the same delay, so a
 * recomputed plan never moves a retry, and batches that failed together in one Job retry together.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, seed: string): number {
  const unit = Number.parseInt(shortHash(seed, 8), 16) / 0xffffffff;
  const backoff = { baseMs: policy.initialBackoffSeconds * 1000, capMs: policy.maxBackoffSeconds * 1000, jitter: JITTER, factor: policy.factor };
  return Math.round(backoffDelayMs(backoff, attempt - 1, unit));
}

/** Whether a batch that has used `attempts` attempts may start another. */
export const hasAttemptsLeft = (policy: RetryPolicy, attempts: number): boolean => attempts < policy.maxAttempts;
