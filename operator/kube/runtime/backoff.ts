/** Capped exponential backoff with multiplicative jitter; pure, `random` in [0, 1) is passed in. */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** Fraction of the delay to spread: 0.1 gives delays in [0.9 d, 1.1 d), never above `capMs`. */
  jitter: number;
  /** Growth per retry; 2 when unset. */
  factor?: number;
}

/** Delay before retry number `attempt` (0 for the first retry): base * factor^attempt, capped, jittered. */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: number): number {
  // factor^attempt overflows to Infinity for big attempts, which min() then caps; no NaN is possible.
  const raw = Math.min(policy.capMs, policy.baseMs * (policy.factor ?? 2) ** Math.max(0, attempt));
  return Math.min(policy.capMs, jitteredMs(raw, policy.jitter, random));
}

/** Spreads a period by ±fraction so many replicas or informers do not act in lockstep. */
export function jitteredMs(periodMs: number, fraction: number, random: number): number {
  return periodMs * (1 - fraction + 2 * fraction * random);
}
