import { describe, expect, it } from "vitest";
import type { BatchStatus, ExhaustRequestStatus } from "../../../crds/exhaust-request.ts";
import { statusRegressions } from "../../faults/status-regressions.ts";

const totals = (succeeded: number, failed = 0) => ({ batches: 2, succeeded, failed, running: 0, queued: 0, rows: 0, bytes: 0 });
const batch = (batchId: string, phase: BatchStatus["phase"], attempts: number): BatchStatus => ({ batchId, phase, attempts });
const status = (phase: ExhaustRequestStatus["phase"], succeeded: number, batches: BatchStatus[]): ExhaustRequestStatus => ({ phase, totals: totals(succeeded), batches });

describe("statusRegressions", () => {
  it.each([
    { name: "first status seen -> none", before: undefined, after: status("Running", 0, [batch("b1", "Running", 1)]), want: [] },
    { name: "progress forward (attempt 2, a batch succeeded) -> none", before: status("Running", 0, [batch("b1", "Running", 1), batch("b2", "Retrying", 1)]), after: status("Running", 1, [batch("b1", "Succeeded", 1), batch("b2", "Running", 2)]), want: [] },
    { name: "the same status again -> none", before: status("Succeeded", 2, [batch("b1", "Succeeded", 1)]), after: status("Succeeded", 2, [batch("b1", "Succeeded", 1)]), want: [] },
    { name: "succeeded total down -> named", before: status("Running", 1, []), after: status("Running", 0, []), want: ["totals.succeeded 1 -> 0"] },
    { name: "totals gone -> named for each counted total", before: status("Running", 1, []), after: { phase: "Running" } as ExhaustRequestStatus, want: ["totals.batches 2 -> (none)", "totals.succeeded 1 -> (none)", "totals.failed 0 -> (none)"] },
    { name: "attempts down -> named", before: status("Running", 0, [batch("b1", "Running", 2)]), after: status("Running", 0, [batch("b1", "Running", 1)]), want: ["batch b1 attempts 2 -> 1"] },
    { name: "a succeeded batch running again -> named", before: status("Running", 1, [batch("b1", "Succeeded", 1)]), after: status("Running", 1, [batch("b1", "Running", 1)]), want: ["batch b1 phase Succeeded -> Running"] },
    { name: "a batch gone from the status -> named", before: status("Running", 0, [batch("b1", "Running", 1)]), after: status("Running", 0, []), want: ["batch b1 gone"] },
    { name: "a succeeded request back to Running -> named", before: status("Succeeded", 2, []), after: status("Running", 2, []), want: ["phase Succeeded -> Running"] },
  ])("$name", ({ before, after, want }) => {
    expect(statusRegressions(before, after)).toEqual(want);
  });
});
