import { dueBatches, type LiveBatch } from "./progress-throttle.ts";

/** How a batch's counts are read while it streams: the row counter and the bytes handed to the sink. */
export interface BatchCounters {
  rows(): number;
  bytes(): number;
}

interface Tracked {
  batchId: string;
  startedMs: number;
  counters: BatchCounters;
  lastReportMs?: number;
}

/**
 * The batches streaming now. The pipeline tracks a batch while its rows flow and drops it when it ends; the
 * reporter asks which are due a line. No timers and no I/O: main.ts drives it.
 */
export class ProgressBoard {
  readonly #batches = new Map<string, Tracked>();

  /** Starts tracking a batch; the returned function stops it (the batch ended, whatever the outcome). */
  track(batchId: string, startedMs: number, counters: BatchCounters): () => void {
    const tracked: Tracked = { batchId, startedMs, counters };
    this.#batches.set(batchId, tracked);
    return () => {
      if (this.#batches.get(batchId) === tracked) this.#batches.delete(batchId);
    };
  }

  /** Every batch streaming now, with its counts read at this moment. */
  live(): LiveBatch[] {
    return [...this.#batches.values()].map((t) => ({
      batchId: t.batchId,
      startedMs: t.startedMs,
      rows: t.counters.rows(),
      bytes: t.counters.bytes(),
      ...(t.lastReportMs === undefined ? {} : { lastReportMs: t.lastReportMs }),
    }));
  }

  /** The batches due a progress line at `nowMs`, each marked as reported then. */
  takeDue(nowMs: number, intervalMs: number): LiveBatch[] {
    const due = dueBatches(this.live(), nowMs, intervalMs);
    for (const b of due) {
      const tracked = this.#batches.get(b.batchId);
      if (tracked !== undefined) tracked.lastReportMs = nowMs;
    }
    return due;
  }
}
