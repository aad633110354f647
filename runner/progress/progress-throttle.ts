// Pure: when a running batch is due a progress line, and the rate a terminal shows. Instants are monotonic
// milliseconds (performance.now()) handed in by the shell.

/** A batch streaming now, as the progress board sees it. */
export interface LiveBatch {
  batchId: string;
  startedMs: number;
  rows: number;
  bytes: number;
  /** When this batch's last progress line was written; undefined before the first. */
  lastReportMs?: number;
}

/**
 * Due once `intervalMs` has passed since the batch started or since its last line, whichever is later: a batch that
 * ends within the first interval never gets a line, and a long one gets one per interval however often it is asked.
 */
export const isProgressDue = (batch: Pick<LiveBatch, "startedMs" | "lastReportMs">, nowMs: number, intervalMs: number): boolean =>
  nowMs - (batch.lastReportMs ?? batch.startedMs) >= intervalMs;

/** The batches due a line at `nowMs`, in the order given. */
export const dueBatches = (batches: readonly LiveBatch[], nowMs: number, intervalMs: number): LiveBatch[] =>
  batches.filter((b) => isProgressDue(b, nowMs, intervalMs));

/** Rows per second since the batch started, rounded down; 0 before any time has passed. */
export const rowsPerSecond = (rows: number, elapsedMs: number): number => (elapsedMs <= 0 ? 0 : Math.floor((rows * 1000) / elapsedMs));
