import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../../../operator/clock/clock.ts";
import { newOperatorMetrics } from "../../../../../operator/metrics/registry.ts";
import { RateLimiter } from "../../../../../operator/kube/runtime/rate-limiter.ts";
import { WorkQueue } from "../../../../../operator/kube/runtime/work-queue.ts";

const noJitter = () => 0.5; // multiplicative jitter factor of exactly 1

function newQueue(options: { capMs?: number; qps?: number; burst?: number } = {}) {
  const clock = new FakeClock("2026-03-01T12:00:00Z");
  const metrics = newOperatorMetrics({ defaultMetrics: false });
  const rateLimiter = new RateLimiter(
    {
      perKey: { baseMs: 5, capMs: options.capMs ?? 300_000, jitter: 0.1 },
      overall: { qps: options.qps ?? 10, burst: options.burst ?? 100 },
    },
    noJitter,
  );
  const queue = new WorkQueue({ name: "requests", clock, rateLimiter, metrics: metrics.workqueue });
  return { clock, queue, metrics };
}

/** Keys the queue hands out right now, without waiting; each one is marked done unless `keep` is set. */
async function drainReady(queue: WorkQueue, keep = false): Promise<string[]> {
  const keys: string[] = [];
  while (queue.len() > 0) {
    const key = await queue.get();
    if (key === undefined) break;
    keys.push(key);
    if (!keep) queue.done(key);
  }
  return keys;
}

describe("WorkQueue", () => {
  it("hands out a key added several times once, in first-add order", async () => {
    const { queue } = newQueue();
    for (const key of ["ns/a", "ns/b", "ns/a", "ns/c", "ns/b"]) queue.add(key);
    expect(await drainReady(queue)).toEqual(["ns/a", "ns/b", "ns/c"]);
  });

  it("re-adding a key while it is processed runs it once more afterwards, never concurrently", async () => {
    const { queue } = newQueue();
    queue.add("ns/a");
    const first = await queue.get();
    queue.add("ns/a");
    queue.add("ns/a");
    expect(queue.len()).toBe(0); // not handed out while in flight
    queue.done(first!);
    expect(await drainReady(queue)).toEqual(["ns/a"]);
    expect(queue.has("ns/a")).toBe(false);
  });

  it("a blocked get receives the next added key", async () => {
    const { queue } = newQueue();
    const pending = queue.get();
    queue.add("ns/late");
    expect(await pending).toBe("ns/late");
  });

  describe("rate-limited retries", () => {
    const cases = [
      { name: "first failure waits the 5 ms base", failures: 1, expectedMs: 5 },
      { name: "second failure doubles to 10 ms", failures: 2, expectedMs: 10 },
      { name: "tenth failure waits 5 ms * 2^9", failures: 10, expectedMs: 2560 },
      { name: "thirtieth failure is capped at 5 min", failures: 30, expectedMs: 300_000 },
    ];
    for (const c of cases) {
      it(`${c.name}`, async () => {
        const { queue, clock } = newQueue({ burst: 1000 });
        for (let i = 0; i < c.failures - 1; i++) queue.addRateLimited("ns/a");
        // Earlier wake-ups are shorter and win; flush them so only the last delay is pending.
        clock.advance(10 * 60_000);
        await drainReady(queue);
        queue.addRateLimited("ns/a");
        clock.advance(c.expectedMs - 1);
        expect(queue.len()).toBe(0);
        clock.advance(1);
        expect(await drainReady(queue)).toEqual(["ns/a"]);
        expect(queue.numRequeues("ns/a")).toBe(c.failures);
      });
    }

    it("jitter keeps every delay within ±10% of the exponential step and never above the cap", () => {
      for (const random of [0, 0.25, 0.5, 0.999999]) {
        const limiter = new RateLimiter({ perKey: { baseMs: 5, capMs: 1000, jitter: 0.1 }, overall: { qps: 1e9, burst: 1e9 } }, () => random);
        const delays = Array.from({ length: 12 }, () => limiter.when("k", 0));
        delays.forEach((delay, attempt) => {
          const step = Math.min(1000, 5 * 2 ** attempt);
          expect(delay).toBeGreaterThanOrEqual(step * 0.9);
          expect(delay).toBeLessThanOrEqual(Math.min(1000, step * 1.1));
        });
      }
    });

    it("forget resets the key's backoff to the base delay", async () => {
      const { queue, clock } = newQueue();
      for (let i = 0; i < 5; i++) queue.addRateLimited("ns/a");
      queue.forget("ns/a");
      clock.advance(10_000);
      await drainReady(queue);
      queue.addRateLimited("ns/a");
      clock.advance(5);
      expect(await drainReady(queue)).toEqual(["ns/a"]);
      expect(queue.numRequeues("ns/a")).toBe(1);
    });

    it("the shared token bucket slows retries of many keys once the burst is spent (10 qps after 100)", async () => {
      const { queue, clock } = newQueue();
      for (let i = 0; i < 101; i++) queue.addRateLimited(`ns/k${i}`);
      clock.advance(5);
      expect((await drainReady(queue)).length).toBe(100);
      clock.advance(94); // the 101st token is due 100 ms after the start
      expect(queue.len()).toBe(0);
      clock.advance(1);
      expect(await drainReady(queue)).toEqual(["ns/k100"]);
    });
  });

  describe("addAfter", () => {
    const cases = [
      { name: "a later wake-up does not replace an earlier one", delays: [100, 500], dueAt: 100 },
      { name: "an earlier wake-up replaces a later one", delays: [500, 100], dueAt: 100 },
      { name: "a zero delay adds at once", delays: [0], dueAt: 0 },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const { queue, clock } = newQueue();
        for (const ms of c.delays) queue.addAfter("ns/a", ms);
        if (c.dueAt > 0) {
          clock.advance(c.dueAt - 1);
          expect(queue.len()).toBe(0);
          clock.advance(1);
        }
        expect(await drainReady(queue)).toEqual(["ns/a"]);
        clock.advance(1000);
        expect(queue.len()).toBe(0); // exactly one wake-up happened
        expect(clock.pendingTimers()).toBe(0);
      });
    }

    it("a wake-up for a key already queued does not queue it twice", async () => {
      const { queue, clock } = newQueue();
      queue.add("ns/a");
      queue.addAfter("ns/a", 10);
      clock.advance(10);
      expect(await drainReady(queue)).toEqual(["ns/a"]);
    });
  });

  describe("shutdown", () => {
    it("stops intake, drops timers and releases blocked getters", async () => {
      const { queue, clock } = newQueue();
      const blocked = queue.get();
      queue.addAfter("ns/later", 100);
      queue.shutDown();
      expect(await blocked).toBeUndefined();
      queue.add("ns/a");
      clock.advance(1000);
      expect(queue.len()).toBe(0);
      expect(await queue.get()).toBeUndefined();
      expect(clock.pendingTimers()).toBe(0);
    });

    it("drain waits for keys in flight to be done", async () => {
      const { queue } = newQueue();
      queue.add("ns/a");
      queue.add("ns/b");
      const a = await queue.get();
      let drained = false;
      const drain = queue.shutDownWithDrain().then(() => (drained = true));
      await Promise.resolve();
      expect(drained).toBe(false);
      expect(await queue.get()).toBeUndefined(); // ns/b is not handed out after shutdown
      queue.done(a!);
      await drain;
      expect(drained).toBe(true);
    });
  });

  it("reports workqueue_* metrics with name and controller labels", async () => {
    const { queue, clock, metrics } = newQueue();
    queue.add("ns/a");
    queue.add("ns/b");
    clock.advance(2000);
    const key = await queue.get();
    clock.advance(3000);
    queue.addRateLimited("ns/c");
    const text = await metrics.registry.metrics();
    expect(text).toContain('workqueue_adds_total{name="requests",controller="requests"} 2');
    expect(text).toContain('workqueue_depth{name="requests",controller="requests"} 1');
    expect(text).toContain('workqueue_retries_total{name="requests",controller="requests"} 1');
    expect(text).toContain('workqueue_unfinished_work_seconds{name="requests",controller="requests"} 3');
    expect(text).toContain('workqueue_longest_running_processor_seconds{name="requests",controller="requests"} 3');
    expect(text).toMatch(/workqueue_queue_duration_seconds_sum\{name="requests",controller="requests"\} 2\b/);
    queue.done(key!);
    expect(await metrics.registry.metrics()).toMatch(/workqueue_work_duration_seconds_sum\{name="requests",controller="requests"\} 3\b/);
  });
});
