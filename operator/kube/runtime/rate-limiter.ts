import { backoffDelayMs } from "./backoff.ts";
import type { BackoffPolicy } from "./backoff.ts";

/** A token bucket as golang.org/x/time/rate reserves it: a token may be taken from the future, at a delay. */
export interface TokenBucket {
  tokens: number;
  lastMs: number;
}

export interface TokenBucketLimits {
  qps: number;
  burst: number;
}

/** The bucket's tokens at `nowMs`: what it held plus what `qps` refilled since, at most `burst`. */
export const refilled = (bucket: TokenBucket, limits: TokenBucketLimits, nowMs: number): number =>
  Math.min(limits.burst, bucket.tokens + (Math.max(0, nowMs - bucket.lastMs) * limits.qps) / 1000);

/** Takes one token at `nowMs`; returns the new bucket and how long the caller must wait for that token. */
export function reserveToken(
  bucket: TokenBucket,
  limits: TokenBucketLimits,
  nowMs: number,
): { bucket: TokenBucket; delayMs: number } {
  const tokens = refilled(bucket, limits, nowMs) - 1;
  const delayMs = tokens >= 0 ? 0 : (-tokens / limits.qps) * 1000;
  return { bucket: { tokens, lastMs: Math.max(nowMs, bucket.lastMs) }, delayMs };
}

export const fullBucket = (limits: TokenBucketLimits, nowMs: number): TokenBucket => ({
  tokens: limits.burst,
  lastMs: nowMs,
});

export interface RateLimiterOptions {
  /** Per-key retry delays: client-go starts at 5 ms; its 1000 s cap is too long for us, so it is configurable. */
  perKey: BackoffPolicy;
  /** Overall retry rate across keys: client-go's default is 10 qps with a burst of 100. */
  overall: TokenBucketLimits;
}

export const defaultRateLimiterOptions: RateLimiterOptions = {
  perKey: { baseMs: 5, capMs: 5 * 60_000, jitter: 0.1 },
  overall: { qps: 10, burst: 100 },
};

/**
 * client-go's default controller rate limiter: the slower of a per-key exponential backoff and one token bucket
 * shared by all keys. Each call to `when` counts a failure of that key; `forget` resets the key after a success.
 */
export class RateLimiter {
  readonly #options: RateLimiterOptions;
  readonly #random: () => number;
  readonly #failures = new Map<string, number>();
  #bucket: TokenBucket | undefined;

  constructor(options: RateLimiterOptions = defaultRateLimiterOptions, random: () => number = Math.random) {
    this.#options = options;
    this.#random = random;
  }

  when(key: string, nowMs: number): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    const perKey = backoffDelayMs(this.#options.perKey, failures, this.#random());
    const reserved = reserveToken(this.#bucket ?? fullBucket(this.#options.overall, nowMs), this.#options.overall, nowMs);
    this.#bucket = reserved.bucket;
    return Math.max(perKey, reserved.delayMs);
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.#failures.get(key) ?? 0;
  }
}

/** Takes a token only if one is there now; for dropping (not delaying) excess work, such as repeated Events. */
export function takeTokenIfAvailable(
  bucket: TokenBucket,
  limits: TokenBucketLimits,
  nowMs: number,
): { bucket: TokenBucket; allowed: boolean } {
  const tokens = refilled(bucket, limits, nowMs);
  const lastMs = Math.max(nowMs, bucket.lastMs);
  return tokens >= 1 ? { bucket: { tokens: tokens - 1, lastMs }, allowed: true } : { bucket: { tokens, lastMs }, allowed: false };
}
