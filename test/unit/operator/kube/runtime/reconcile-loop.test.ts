import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../../../operator/clock/clock.ts";
import { newLogger } from "../../../../../operator/log/log.ts";
import { newOperatorMetrics } from "../../../../../operator/metrics/registry.ts";
import { RateLimiter } from "../../../../../operator/kube/runtime/rate-limiter.ts";
import { TerminalError, startReconcileLoop } from "../../../../../operator/kube/runtime/reconcile-loop.ts";
import type { Reconciler } from "../../../../../operator/kube/runtime/reconcile-loop.ts";
import { WorkQueue } from "../../../../../operator/kube/runtime/work-queue.ts";

const settle = () => new Promise((resolve) => setImmediate(resolve));

function harness(reconcile: Reconciler, options: { workers?: number; timeoutMs?: number } = {}) {
  const clock = new FakeClock("2026-03-01T12:00:00Z");
  const metrics = newOperatorMetrics({ defaultMetrics: false });
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  const log = newLogger({ level: "debug", destination });
  const rateLimiter = new RateLimiter({ perKey: { baseMs: 5, capMs: 60_000, jitter: 0 }, overall: { qps: 10, burst: 100 } });
  const queue = new WorkQueue({ name: "requests", clock, rateLimiter, metrics: metrics.workqueue });
  let ids = 0;
  const loop = startReconcileLoop({
    name: "requests",
    queue,
    reconcile,
    workers: options.workers ?? 2,
    timeoutMs: options.timeoutMs ?? 30_000,
    clock,
    log,
    metrics: metrics.reconcile,
    newReconcileId: () => `r${++ids}`,
  });
  const metric = async (line: string) => (await metrics.registry.metrics()).split("\n").find((l) => l.startsWith(line));
  return { clock, queue, loop, metric, lines };
}

describe("reconcile loop result handling", () => {
  const cases: {
    name: string;
    reconcile: Reconciler;
    result: string;
    retriedAfterMs?: number;
    requeues: number;
    counters?: string[];
  }[] = [
    { name: "success -> forgotten, not requeued", reconcile: async () => ({}), result: "success", requeues: 0 },
    { name: "void result -> success", reconcile: async () => undefined, result: "success", requeues: 0 },
    {
      name: "requeueAfter -> forgotten, woken after the delay",
      reconcile: async () => ({ requeueAfterMs: 60_000 }),
      result: "requeue_after",
      retriedAfterMs: 60_000,
      requeues: 0,
    },
    {
      name: "error -> rate-limited retry after 5 ms",
      reconcile: async () => {
        throw new Error("apiserver unavailable");
      },
      result: "error",
      retriedAfterMs: 5,
      requeues: 1,
      counters: ["controller_runtime_reconcile_errors_total"],
    },
    {
      name: "terminal error -> counted, never retried",
      reconcile: async () => {
        throw new TerminalError("spec can never work");
      },
      result: "error",
      requeues: 0,
      counters: ["controller_runtime_reconcile_errors_total", "controller_runtime_terminal_reconcile_errors_total"],
    },
    {
      name: "TypeError (a bug) -> counted as a panic and retried",
      reconcile: async () => {
        throw new TypeError("cannot read properties of undefined");
      },
      result: "error",
      retriedAfterMs: 5,
      requeues: 1,
      counters: ["controller_runtime_reconcile_errors_total", "controller_runtime_reconcile_panics_total"],
    },
    { name: "requeue flag -> rate-limited retry", reconcile: async () => ({ requeue: true }), result: "requeue", retriedAfterMs: 5, requeues: 1 },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      let calls = 0;
      const { clock, queue, loop, metric } = harness(async (key, ctx) => {
        calls++;
        return calls === 1 ? c.reconcile(key, ctx) : {};
      });
      queue.add("ns/a");
      await settle();
      expect(calls).toBe(1);
      expect(await metric(`controller_runtime_reconcile_total{controller="requests",result="${c.result}"}`)).toMatch(/ 1$/);
      for (const counter of c.counters ?? []) expect(await metric(`${counter}{controller="requests"}`)).toMatch(/ 1$/);
      expect(queue.numRequeues("ns/a")).toBe(c.requeues);
      if (c.retriedAfterMs !== undefined) {
        clock.advance(c.retriedAfterMs - 1);
        await settle();
        expect(calls).toBe(1);
        clock.advance(1);
        await settle();
        expect(calls).toBe(2);
      } else {
        clock.advance(10 * 60_000);
        await settle();
        expect(calls).toBe(1);
      }
      expect(await loop.stop(1000)).toBe(true);
    });
  }

  it("never runs one key on two workers at once; a re-add during a pass runs once afterwards", async () => {
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    let release = () => {};
    const { queue, loop } = harness(
      async () => {
        calls++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
        running--;
        return {};
      },
      { workers: 4 },
    );
    queue.add("ns/a");
    await settle();
    queue.add("ns/a");
    queue.add("ns/a");
    await settle();
    expect(calls).toBe(1);
    release();
    await settle();
    expect(calls).toBe(2);
    expect(maxRunning).toBe(1);
    await loop.stop(1000);
  });

  it("a pass past its timeout sees an aborted signal, counts as a timeout and is retried", async () => {
    let calls = 0;
    const { clock, queue, loop, metric } = harness(
      (_key, ctx) => {
        calls++;
        if (calls > 1) return Promise.resolve({});
        return new Promise((_resolve, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason)));
      },
      { timeoutMs: 1000 },
    );
    queue.add("ns/slow");
    await settle();
    clock.advance(1000);
    await settle();
    expect(await metric('controller_runtime_reconcile_timeouts_total{controller="requests"}')).toMatch(/ 1$/);
    expect(await metric('controller_runtime_reconcile_total{controller="requests",result="error"}')).toMatch(/ 1$/);
    clock.advance(5);
    await settle();
    expect(calls).toBe(2);
    await loop.stop(1000);
  });

  it("logs each pass with controller, key and reconcile id", async () => {
    const { queue, loop, lines } = harness(async (_key, ctx) => {
      ctx.log.info("Reconciled ExhaustRequest");
      return {};
    });
    queue.add("ns/a");
    await settle();
    await loop.stop(1000);
    await new Promise((resolve) => setTimeout(resolve, 50)); // pino's async destination flushes on a tick
    expect(lines).toContainEqual(expect.objectContaining({ controller: "requests", key: "ns/a", reconcileId: "r1" }));
  });

  it("stop waits for passes in flight and reports false when they outlast the timeout", async () => {
    let release = () => {};
    let aborted = false;
    const { clock, queue, loop } = harness(async (_key, ctx) => {
      ctx.signal.addEventListener("abort", () => (aborted = true));
      await new Promise<void>((resolve) => (release = resolve));
      return {};
    });
    queue.add("ns/a");
    await settle();
    const stopped = loop.stop(5000);
    clock.advance(5000);
    expect(await stopped).toBe(false);
    expect(aborted).toBe(true);
    release();
    await loop.finished;
  });
});
