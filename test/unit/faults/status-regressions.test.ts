import { describe, expect, it } from "vitest";
import type { BatchStatus, ExhaustRequestStatus } from "../../../crds/exhaust-request.ts";
import { statusRegressions } from "../../faults/status-regressions.ts";

const batch = (batchId: string, phase: BatchStatus["phase"], attempts: number): BatchStatus => ({ batchId, phase, attempts });
const totals = (succeeded: number, failed = 0, batches = 2) => ({ batches, succeeded, failed, running: 0, queued: 0, rows: 0, bytes: 0 });
const running: ExhaustRequestStatus = { phase: "Running", progress: "1/2", totals: totals(1), batches: [batch("b1", "Succeeded", 1), batch("b2", "Running", 1)] };
const done: ExhaustRequestStatus = { phase: "Succeeded", progress: "2/2", totals: totals(2), batches: [batch("b1", "Succeeded", 1), batch("b2", "Succeeded", 1)] };

describe("statusRegressions", () => {
  const cases = [
    { name: "first status seen -> nothing to compare", before: undefined, next: running, want: [] },
    { name: "running to succeeded -> nothing went back", before: running, next: done, want: [] },
    { name: "the same status twice -> nothing went back", before: done, next: done, want: [] },
    { name: "a retry: a running batch's attempts grow, totals stay -> nothing went back", before: running, next: { ...running, batches: [batch("b1", "Succeeded", 1), batch("b2", "Retrying", 2)] }, want: [] },
    { name: "a succeeded request back to Running -> phase", before: done, next: { ...done, phase: "Running" as const }, want: ["phase: Succeeded -> Running"] },
    { name: "succeeded total falls -> totals.succeeded", before: done, next: { ...done, totals: totals(1) }, want: ["totals.succeeded: 2 -> 1"] },
    { name: "failed total falls -> totals.failed", before: { ...running, totals: totals(1, 1) }, next: running, want: ["totals.failed: 1 -> 0"] },
    { name: "progress falls -> progress", before: done, next: { ...done, progress: "1/2" }, want: ["progress: 2/2 -> 1/2"] },
    { name: "a batch's attempts fall -> that batch's attempts", before: running, next: { ...running, batches: [batch("b1", "Succeeded", 1), batch("b2", "Running", 0)] }, want: ["batches[b2].attempts: 1 -> 0"] },
    { name: "a succeeded batch runs again -> that batch's phase", before: running, next: { ...running, batches: [batch("b1", "Running", 1), batch("b2", "Running", 1)] }, want: ["batches[b1].phase: Succeeded -> Running"] },
    { name: "a batch disappears -> that batch gone", before: running, next: { ...running, batches: [batch("b2", "Running", 1)] }, want: ["batches[b1]: present -> gone"] },
    { name: "the status disappears -> every growing field and batch", before: done, next: undefined, want: ["phase: Succeeded -> undefined", "totals.batches: 2 -> 0", "totals.succeeded: 2 -> 0", "progress: 2/2 -> undefined", "batches[b1]: present -> gone", "batches[b2]: present -> gone"] },
  ];
  it.each(cases)("$name", ({ before, next, want }) => expect(statusRegressions(before, next)).toEqual(want));
});
