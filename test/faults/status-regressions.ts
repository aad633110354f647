import type { ExhaustRequestStatus } from "../../crds/exhaust-request.ts";

// Scenario 1's "no status field ever moved backwards": what changed for the worse between two statuses of one
// request seen in watch order. Pure; a watch may skip versions, and every check here is transitive, so comparing
// consecutive versions seen is enough.

const FINAL_REQUEST = new Set(["Succeeded", "PartiallySucceeded", "Failed"]);
const FINAL_BATCH = new Set(["Succeeded", "Failed"]);
const COUNTED_TOTALS = ["batches", "succeeded", "failed"] as const;

/** Every regression from `before` to `after`, as a readable line; empty when nothing moved backwards. */
export function statusRegressions(before: ExhaustRequestStatus | undefined, after: ExhaustRequestStatus | undefined): string[] {
  if (before === undefined) return [];
  const out: string[] = [];
  if (before.phase !== undefined && FINAL_REQUEST.has(before.phase) && after?.phase !== before.phase) out.push(`phase ${before.phase} -> ${after?.phase ?? "(none)"}`);
  for (const field of COUNTED_TOTALS) {
    const was = before.totals?.[field];
    const now = after?.totals?.[field];
    if (was !== undefined && (now === undefined || now < was)) out.push(`totals.${field} ${was} -> ${now ?? "(none)"}`);
  }
  const afterBatches = new Map((after?.batches ?? []).map((b) => [b.batchId, b]));
  for (const b of before.batches ?? []) {
    const now = afterBatches.get(b.batchId);
    if (now === undefined) {
      out.push(`batch ${b.batchId} gone`);
      continue;
    }
    if (now.attempts < b.attempts) out.push(`batch ${b.batchId} attempts ${b.attempts} -> ${now.attempts}`);
    if (FINAL_BATCH.has(b.phase) && now.phase !== b.phase) out.push(`batch ${b.batchId} phase ${b.phase} -> ${now.phase}`);
  }
  return out;
}
