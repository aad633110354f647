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

/** The request's own retry settings, else the operator's defaults (D15). */
export const retryPolicyFor = (spec: ExhaustRequestSpec, config: OperatorConfig): RetryPolicy => spec.retry ?? config.retry;

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
