import { describe, expect, it } from "vitest";
import type { BatchStatus, ExhaustRequestStatus } from "../../../../../crds/exhaust-request.ts";
import { outcomeFacts, type OutcomeFacts } from "../../../../../operator/requests/plan/outcome-facts.ts";
import { requestWith } from "../request-fixtures.ts";

const b = (batchId: string, phase: BatchStatus["phase"], attempts = 1, retryable?: boolean): BatchStatus => ({
  batchId,
  collectionId: "do_course",
  phase,
  attempts,
  ...(retryable === undefined ? {} : { lastError: { message: "boom", retryable } }),
});
const failedCondition = { type: "Failed", status: "True" as const, reason: "SomeBatchesFailed", message: "1 of 2 batches failed", lastTransitionTime: "2026-03-01T10:05:00Z" };

describe("outcomeFacts", () => {
  const cases: { name: string; before?: ExhaustRequestStatus; after: ExhaustRequestStatus; expected: OutcomeFacts }[] = [
    { name: "nothing changed -> nothing counted", before: { phase: "Running", batches: [b("b1", "Running")] }, after: { phase: "Running", batches: [b("b1", "Running")] }, expected: { batchesFinished: [], retries: 0 } },
    { name: "a batch starts -> nothing counted", before: { phase: "Pending", batches: [b("b1", "Pending", 0)] }, after: { phase: "Running", batches: [b("b1", "Running")] }, expected: { batchesFinished: [], retries: 0 } },
    {
      name: "an attempt fails and will be retried -> one retry",
      before: { phase: "Running", batches: [b("b1", "Running")] },
      after: { phase: "Running", batches: [b("b1", "Retrying", 1, true)] },
      expected: { batchesFinished: [], retries: 1 },
    },
    {
      name: "a batch succeeds while another runs -> one batch, no request",
      before: { phase: "Running", batches: [b("b1", "Running"), b("b2", "Running")] },
      after: { phase: "Running", batches: [b("b1", "Succeeded"), b("b2", "Running")] },
      expected: { batchesFinished: [{ phase: "Succeeded", retryable: false }], retries: 0 },
    },
    {
      name: "the last batch fails for good -> the batch and the request, with the deciding reason and its duration",
      before: { phase: "Running", batches: [b("b1", "Succeeded"), b("b2", "Running", 3)] },
      after: { phase: "PartiallySucceeded", completionTime: "2026-03-01T10:05:00Z", conditions: [failedCondition], batches: [b("b1", "Succeeded"), b("b2", "Failed", 3, true)] },
      expected: { batchesFinished: [{ phase: "Failed", retryable: true }], retries: 0, request: { phase: "PartiallySucceeded", reason: "SomeBatchesFailed", durationSeconds: 300 } },
    },
    {
      name: "an already finished request written again -> nothing counted twice",
      before: { phase: "Failed", completionTime: "2026-03-01T10:05:00Z", conditions: [failedCondition], batches: [b("b1", "Failed", 1, false)] },
      after: { phase: "Failed", completionTime: "2026-03-01T10:05:00Z", conditions: [failedCondition], batches: [b("b1", "Failed", 1, false)] },
      expected: { batchesFinished: [], retries: 0 },
    },
  ];
  it.each(cases)("$name", ({ before, after, expected }) => {
    const request = requestWith();
    const created = { ...request, metadata: { ...request.metadata, creationTimestamp: "2026-03-01T10:00:00Z" } };
    expect(outcomeFacts(created, before, after)).toEqual(expected);
  });
});
