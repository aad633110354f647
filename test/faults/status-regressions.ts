import type { ExhaustRequestStatus } from "../../crds/exhaust-request.ts";

// The "no status field moved backwards" invariant of the fault scenarios (issue 16): given two statuses of one
// request in the order a watch saw them, the fields that went back. Pure.

const FINAL_BATCH = new Set(["Succeeded", "Failed"]);
const FINAL_REQUEST = new Set(["Succeeded", "PartiallySucceeded", "Failed"]);
/** Totals that only grow: succeeded and failed count final batches, batches the request's list. */
const GROWING_TOTALS = ["batches", "succeeded", "failed"] as const;

/** Each field of `next` that went back from `before`, as `<field>: <before> -> <next>`; [] when none did. */
export function statusRegressions(before: ExhaustRequestStatus | undefined, next: ExhaustRequestStatus | undefined): string[] {
  if (before === undefined) return [];
  const out: string[] = [];
  const was = (field: string, a: unknown, b: unknown) => out.push(`${field}: ${String(a)} -> ${String(b)}`);
  if (FINAL_REQUEST.has(before.phase ?? "") && next?.phase !== before.phase) was("phase", before.phase, next?.phase);
  for (const key of GROWING_TOTALS) {
    const a = before.totals?.[key] ?? 0;
    const b = next?.totals?.[key] ?? 0;
    if (b < a) was(`totals.${key}`, a, b);
  }
  const finished = (s: ExhaustRequestStatus | undefined) => Number(s?.progress?.split("/")[0] ?? 0);
  if (finished(next) < finished(before)) was("progress", before.progress, next?.progress);
  const nextBatches = new Map((next?.batches ?? []).map((b) => [b.batchId, b]));
  for (const a of before.batches ?? []) {
    const b = nextBatches.get(a.batchId);
    if (b === undefined) {
      was(`batches[${a.batchId}]`, "present", "gone");
      continue;
    }
    if (b.attempts < a.attempts) was(`batches[${a.batchId}].attempts`, a.attempts, b.attempts);
    if (FINAL_BATCH.has(a.phase) && b.phase !== a.phase) was(`batches[${a.batchId}].phase`, a.phase, b.phase);
  }
  return out;
}
