import type { CancelTimer, Clock, Timers } from "../../clock/clock.ts";
import type { WorkQueueMetrics } from "../../metrics/registry.ts";
import { RateLimiter } from "./rate-limiter.ts";

export interface WorkQueueOptions {
  /** Queue and controller name: the `name` and `controller` labels of the workqueue_* metrics. */
  name: string;
  clock: Clock & Timers;
  rateLimiter?: RateLimiter;
  metrics?: WorkQueueMetrics;
}

/**
 * A keyed, rate-limited work queue with client-go's semantics:
 * - a key is queued at most once (`add` of a queued key is a no-op);
 * - a key added while it is being processed is marked dirty and handed out again after `done`, never twice at once;
 * - `addAfter` keeps only the earliest pending wake-up per key;
 * - `addRateLimited` waits the slower of the key's exponential backoff and the shared token bucket; `forget` resets.
 * One difference: after `shutDown`, `get` hands out nothing more (client-go drains the queued keys), so shutdown
 * means "finish what is in flight", which is what a terminating replica wants.
 */
export class WorkQueue {
  readonly name: string;
  readonly #clock: Clock & Timers;
  readonly #limiter: RateLimiter;
  readonly #metrics: WorkQueueMetrics | undefined;
  readonly #labels: { name: string; controller: string };
  readonly #queue: string[] = [];
  readonly #dirty = new Set<string>();
  readonly #processing = new Map<string, number>(); // key -> start (ms)
  readonly #queuedAt = new Map<string, number>();
  readonly #waiting = new Map<string, { dueMs: number; cancel: CancelTimer }>();
  #getters: ((key: string | undefined) => void)[] = [];
  #drained: (() => void)[] = [];
  #shuttingDown = false;
  readonly #untrack: () => void;

  constructor(options: WorkQueueOptions) {
    this.name = options.name;
    this.#clock = options.clock;
    this.#limiter = options.rateLimiter ?? new RateLimiter();
    this.#metrics = options.metrics;
    this.#labels = { name: options.name, controller: options.name };
    this.#untrack = this.#metrics?.trackUnfinished(() => this.#unfinishedWork()) ?? (() => undefined);
  }

  add(key: string): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#metrics?.adds.inc(this.#labels);
    this.#dirty.add(key);
    if (this.#processing.has(key)) return;
    this.#enqueue(key);
  }

  /** Adds `key` after `ms`; an earlier pending wake-up for the key wins, a later one is replaced. */
  addAfter(key: string, ms: number): void {
    if (this.#shuttingDown) return;
    this.#metrics?.retries.inc(this.#labels);
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const dueMs = this.#nowMs() + ms;
    const pending = this.#waiting.get(key);
    if (pending && pending.dueMs <= dueMs) return;
    pending?.cancel();
    const cancel = this.#clock.after(ms, () => {
      this.#waiting.delete(key);
      this.add(key);
    });
    this.#waiting.set(key, { dueMs, cancel });
  }

  addRateLimited(key: string): void {
    if (this.#shuttingDown) return;
    this.addAfter(key, this.#limiter.when(key, this.#nowMs()));
  }

  /** Resets the key's backoff; call after a successful reconcile. */
  forget(key: string): void {
    this.#limiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.#limiter.numRequeues(key);
  }

  /** The next key to process, or undefined once the queue is shut down. Call `done(key)` when finished. */
  get(): Promise<string | undefined> {
    if (this.#shuttingDown) return Promise.resolve(undefined);
    const key = this.#queue.shift();
    if (key !== undefined) return Promise.resolve(this.#startProcessing(key));
    return new Promise((resolve) => this.#getters.push(resolve));
  }

  done(key: string): void {
    const started = this.#processing.get(key);
    if (started === undefined) return;
    this.#processing.delete(key);
    this.#metrics?.workDuration.observe(this.#labels, (this.#nowMs() - started) / 1000);
    if (this.#shuttingDown) {
      if (this.#processing.size === 0) this.#drained.splice(0).forEach((resolve) => resolve());
      return;
    }
    if (this.#dirty.has(key)) this.#enqueue(key);
  }

  /** Keys waiting to be handed out (not those in flight or waiting on a timer). */
  len(): number {
    return this.#queue.length;
  }

  /** Whether `key` is queued, in flight or waiting on a timer; for tests and diagnostics. */
  has(key: string): boolean {
    return this.#dirty.has(key) || this.#processing.has(key) || this.#waiting.has(key);
  }

  isShuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Stops intake: no more adds or hand-outs, pending timers dropped, blocked `get` calls return undefined. */
  shutDown(): void {
    if (this.#shuttingDown) return;
    this.#shuttingDown = true;
    for (const { cancel } of this.#waiting.values()) cancel();
    this.#waiting.clear();
    this.#getters.splice(0).forEach((resolve) => resolve(undefined));
    this.#untrack();
  }

  /** Shuts down, then resolves once every key in flight is `done`. */
  shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.#processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  #enqueue(key: string): void {
    this.#queuedAt.set(key, this.#nowMs());
    const getter = this.#getters.shift();
    if (getter) {
      getter(this.#startProcessing(key));
      return;
    }
    this.#queue.push(key);
    this.#metrics?.depth.set(this.#labels, this.#queue.length);
  }

  #startProcessing(key: string): string {
    const now = this.#nowMs();
    const queuedAt = this.#queuedAt.get(key) ?? now;
    this.#queuedAt.delete(key);
    this.#metrics?.queueDuration.observe(this.#labels, (now - queuedAt) / 1000);
    this.#metrics?.depth.set(this.#labels, this.#queue.length);
    this.#dirty.delete(key);
    this.#processing.set(key, now);
    return key;
  }

  #unfinishedWork() {
    const now = this.#nowMs();
    const ages = [...this.#processing.values()].map((start) => (now - start) / 1000);
    return {
      labels: this.#labels,
      unfinishedSeconds: ages.reduce((sum, age) => sum + age, 0),
      longestRunningSeconds: Math.max(0, ...ages),
    };
  }

  #nowMs(): number {
    return this.#clock.now().getTime();
  }
}
