import type { BatchPhase, BatchStatus, RequestPhase, RequestTotals } from "../../../crds/exhaust-request.ts";

const FINISHED_BATCH: ReadonlySet<BatchPhase> = new Set(["Succeeded", "Failed"]);
const WAITING_BATCH: ReadonlySet<BatchPhase> = new Set(["Pending", "Queued", "Retrying"]);

export const isBatchFinished = (b: BatchStatus): boolean => FINISHED_BATCH.has(b.phase);

/** Still to run: Pending, Queued or Retrying. */
export const isBatchWaiting = (b: BatchStatus): boolean => WAITING_BATCH.has(b.phase);

export const isRequestFinished = (phase: RequestPhase | undefined): boolean =>
  phase === "Succeeded" || phase === "PartiallySucceeded" || phase === "Failed";

/**
 * Rolls batches up; `queued` counts every batch still waiting to run (Pending, Queued, Retrying). Rows and bytes are
 * the succeeded batches' results plus the Running batches' counts so far, so they rise while a long batch runs.
 */
export function totalsOf(batches: readonly BatchStatus[]): RequestTotals {
  const count = (p: (b: BatchStatus) => boolean) => batches.filter(p).length;
  const succeeded = batches.filter((b) => b.phase === "Succeeded");
  const counted = batches.filter((b) => b.phase === "Succeeded" || b.phase === "Running");
  return {
    batches: batches.length,
    succeeded: succeeded.length,
    failed: count((b) => b.phase === "Failed"),
    running: count((b) => b.phase === "Running"),
    queued: count(isBatchWaiting),
    rows: counted.reduce((sum, b) => sum + (b.rows ?? 0), 0),
    bytes: counted.reduce((sum, b) => sum + (b.bytes ?? 0), 0),
  };
}

/** The printer column: finished batches over all batches, e.g. "3/5". */
export const progressOf = (totals: RequestTotals): string => `${totals.succeeded + totals.failed}/${totals.batches}`;

/**
 * The phase, kept for printer columns; conditions carry the detail. Finished when every batch is: Succeeded
 * when all succeeded, Failed when none did, else PartiallySucceeded. Before that, Running once any batch has
 * started an attempt, else Pending. A rejected request is Failed.
 */
export function phaseOf(batches: readonly BatchStatus[], acceptance: "accepted" | "rejected" | "waiting"): RequestPhase {
  if (acceptance === "rejected") return "Failed";
  if (acceptance === "waiting" || batches.length === 0) return "Pending";
  if (batches.every(isBatchFinished)) {
    const succeeded = batches.filter((b) => b.phase === "Succeeded").length;
    if (succeeded === batches.length) return "Succeeded";
    return succeeded === 0 ? "Failed" : "PartiallySucceeded";
  }
  return batches.some((b) => b.attempts > 0) ? "Running" : "Pending";
}
