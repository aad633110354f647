import { randomUUID } from "node:crypto";
import type { Clock, Timers } from "../../clock/clock.ts";
import type { Logger } from "../../log/log.ts";
import type { ReconcileMetrics } from "../../metrics/registry.ts";
import type { WorkQueue } from "./work-queue.ts";

/** What a reconcile asks for: nothing (done until the next event), a timed wake-up, or a rate-limited retry. */
export interface ReconcileResult {
  requeueAfterMs?: number;
  /** Deprecated in controller-runtime too; prefer `requeueAfterMs` for waiting and a thrown error for failure. */
  requeue?: boolean;
}

export interface ReconcileContext {
  reconcileId: string;
  /** A child logger bound to controller, key and reconcileId. */
  log: Logger;
  /** Aborted when the per-reconcile timeout passes or the loop stops; pass it to API calls. */
  signal: AbortSignal;
}

/** Gets a key (`namespace/name`), never the event or the object, so the logic has to read the current state. */
export type Reconciler = (key: string, ctx: ReconcileContext) => Promise<ReconcileResult | void>;

/** An error that is logged and counted but never retried: waiting for a spec change is the only way forward. */
export class TerminalError extends Error {
  override readonly name = "TerminalError";
}

export const isTerminal = (err: unknown): boolean => err instanceof TerminalError;

// Bugs, not failed API calls: controller-runtime counts a recovered panic; these are JavaScript's equivalent.
const isPanic = (err: unknown): boolean =>
  !(err instanceof Error) ||
  err instanceof TypeError ||
  err instanceof ReferenceError ||
  err instanceof RangeError ||
  err instanceof SyntaxError;

export type Outcome =
  | { kind: "success" }
  | { kind: "requeue" }
  | { kind: "requeueAfter"; ms: number }
  | { kind: "error"; error: unknown; terminal: boolean };

/** Pure: the outcome of one pass, from what the reconciler returned or threw. */
export function outcomeOf(settled: { result: ReconcileResult | void } | { error: unknown }): Outcome {
  if ("error" in settled) return { kind: "error", error: settled.error, terminal: isTerminal(settled.error) };
  const result = settled.result ?? {};
  if (result.requeueAfterMs !== undefined && result.requeueAfterMs > 0) {
    return { kind: "requeueAfter", ms: result.requeueAfterMs };
  }
  return result.requeue ? { kind: "requeue" } : { kind: "success" };
}

/** Applies an outcome to the queue as controller-runtime's reconcileHandler does; returns the metric result. */
export function applyOutcome(queue: WorkQueue, key: string, outcome: Outcome): "success" | "error" | "requeue" | "requeue_after" {
  switch (outcome.kind) {
    case "error":
      if (!outcome.terminal) queue.addRateLimited(key);
      return "error";
    case "requeue":
      queue.addRateLimited(key);
      return "requeue";
    case "requeueAfter":
      queue.forget(key);
      queue.addAfter(key, outcome.ms);
      return "requeue_after";
    case "success":
      queue.forget(key);
      return "success";
  }
}

export interface ReconcileLoopOptions {
  /** The controller name: the `controller` label and the logger's `controller` field. */
  name: string;
  queue: WorkQueue;
  reconcile: Reconciler;
  workers: number;
  /** After this the pass's signal is aborted and the pass counts as a timed-out error. */
  timeoutMs: number;
  clock: Clock & Timers;
  log: Logger;
  metrics?: ReconcileMetrics;
  newReconcileId?: () => string;
}

export interface ReconcileLoop {
  /** Stops handing out keys and waits for passes in flight, at most `timeoutMs`; true when all finished. */
  stop(timeoutMs: number): Promise<boolean>;
  /** Resolves when every worker has exited. */
  finished: Promise<void>;
}

/** Runs `workers` workers that pull keys from the queue and reconcile them; one key is never run twice at once. */
export function startReconcileLoop(options: ReconcileLoopOptions): ReconcileLoop {
  const { name, queue, metrics, clock } = options;
  const labels = { controller: name };
  const stopping = new AbortController();
  metrics?.maxConcurrent.set(labels, options.workers);
  metrics?.activeWorkers.set(labels, 0);
  for (const result of ["success", "error", "requeue", "requeue_after"]) metrics?.total.inc({ ...labels, result }, 0);

  async function reconcileOnce(key: string): Promise<void> {
    const reconcileId = options.newReconcileId?.() ?? randomUUID();
    const log = options.log.child({ controller: name, key, reconcileId });
    const timeout = new AbortController();
    const signal = AbortSignal.any([timeout.signal, stopping.signal]);
    let timedOut = false;
    const cancelTimer = clock.after(options.timeoutMs, () => {
      timedOut = true;
      timeout.abort(new Error(`reconcile timed out after ${options.timeoutMs} ms`));
    });
    const started = clock.now().getTime();
    // The pass is awaited even after a timeout: marking the key done while it still runs would let a second
    // pass of the same key start concurrently. The signal tells a well-behaved reconciler to give up.
    const settled = await options.reconcile(key, { reconcileId, log, signal }).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    cancelTimer();
    metrics?.time.observe(labels, (clock.now().getTime() - started) / 1000);
    // A pass that finished despite the timeout keeps its result; it is still counted as a timeout.
    if (timedOut) metrics?.timeouts.inc(labels);
    const outcome = outcomeOf(settled);
    if (outcome.kind === "error") {
      metrics?.errors.inc(labels);
      if (outcome.terminal) metrics?.terminalErrors.inc(labels);
      else if (isPanic(outcome.error)) metrics?.panics.inc(labels);
      log.error({ err: outcome.error, terminal: outcome.terminal, timedOut }, "Reconcile failed");
    }
    metrics?.total.inc({ ...labels, result: applyOutcome(queue, key, outcome) });
  }

  async function worker(): Promise<void> {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      metrics?.activeWorkers.inc(labels);
      try {
        await reconcileOnce(key);
      } catch (err) {
        options.log.error({ err, controller: name, key }, "Reconcile loop failed outside a reconcile");
      } finally {
        metrics?.activeWorkers.dec(labels);
        queue.done(key);
      }
    }
  }

  const finished = Promise.all(Array.from({ length: options.workers }, worker)).then(() => undefined);

  return {
    finished,
    async stop(timeoutMs) {
      const drained = queue.shutDownWithDrain().then(() => true);
      let cancel = () => {};
      const timedOut = new Promise<boolean>((resolve) => {
        cancel = clock.after(timeoutMs, () => resolve(false));
      });
      const result = await Promise.race([drained, timedOut]);
      cancel();
      if (!result) stopping.abort(new Error("controller stopping"));
      return result;
    },
  };
}
