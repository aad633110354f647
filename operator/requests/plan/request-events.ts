import { RequestConditionType as T, RequestReason } from "../../../crds/conditions.ts";
import type { BatchStatus, ExhaustRequestStatus } from "../../../crds/exhaust-request.ts";
import type { PlannedEvent } from "../../kube/events/event-recorder.ts";
import { findCondition } from "../../status/set-condition.ts";

// The status warning acceptBatches writes for a listed batch of another collection.
const OTHER_COLLECTION = /^Batch \S+ belongs to collection /;

/**
 * Events for what changed between the stored status and the planned one, and nothing else: a pass that changes
 * nothing emits nothing, however often it runs. Events expire; conditions and batch status are the record.
 */
export function transitionEvents(before: ExhaustRequestStatus | undefined, after: ExhaustRequestStatus): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  const was = (type: string) => findCondition(before?.conditions, type);
  const is = (type: string) => findCondition(after.conditions, type);

  const accepted = is(T.Accepted);
  const wasAccepted = was(T.Accepted);
  const rejectedNow = accepted?.status === "False" && (wasAccepted?.status !== "False" || wasAccepted.reason !== accepted.reason);
  if (accepted?.status === "True" && wasAccepted?.status !== "True") events.push({ type: "Normal", reason: accepted.reason, action: "Accept", message: accepted.message });
  if (rejectedNow) events.push({ type: "Warning", reason: accepted.reason, action: "Accept", message: accepted.message });

  const known = new Set(before?.warnings ?? []);
  for (const w of after.warnings ?? []) {
    if (!known.has(w) && OTHER_COLLECTION.test(w)) events.push({ type: "Warning", reason: "OtherCollection", action: "Accept", message: w });
  }

  const old = new Map((before?.batches ?? []).map((b) => [b.batchId, b]));
  for (const b of after.batches ?? []) {
    const prior = old.get(b.batchId);
    if (prior?.phase === b.phase && prior.attempts === b.attempts) continue;
    const event = batchEvent(b);
    if (event !== undefined) events.push(event);
  }

  const progressing = is(T.Progressing);
  const wasSuspended = was(T.Progressing)?.reason === RequestReason.Suspended;
  if (progressing?.reason === RequestReason.Suspended && !wasSuspended) events.push({ type: "Normal", reason: "Suspended", action: "Suspend", message: progressing.message });
  if (progressing?.reason !== RequestReason.Suspended && wasSuspended) events.push({ type: "Normal", reason: "Resumed", action: "Resume", message: "Resumed: new Jobs may start" });

  const stalled = is(T.Stalled);
  if (stalled !== undefined && was(T.Stalled)?.reason !== stalled.reason) events.push({ type: "Warning", reason: stalled.reason, action: "Stall", message: stalled.message });

  if (!rejectedNow) {
    const succeeded = is(T.Succeeded);
    const failed = is(T.Failed);
    if (succeeded !== undefined && was(T.Succeeded) === undefined) events.push({ type: "Normal", reason: succeeded.reason, action: "Finish", message: succeeded.message });
    if (failed !== undefined && was(T.Failed) === undefined) events.push({ type: "Warning", reason: failed.reason, action: "Finish", message: failed.message });
  }
  return events;
}

function batchEvent(b: BatchStatus): PlannedEvent | undefined {
  switch (b.phase) {
    case "Running":
      return { type: "Normal", reason: "BatchStarted", action: "RunBatch", message: `Batch ${b.batchId} attempt ${b.attempts} started in Job ${b.jobName ?? ""}` };
    case "Succeeded": {
      const rows = b.rows === undefined ? "" : `: ${b.rows} rows`;
      return { type: "Normal", reason: "BatchSucceeded", action: "RunBatch", message: `Batch ${b.batchId} succeeded${rows}` };
    }
    case "Retrying":
      return {
        type: "Warning",
        reason: "BatchRetrying",
        action: "RunBatch",
        message: `Batch ${b.batchId} attempt ${b.attempts} failed (${b.lastError?.message ?? "unknown error"}); retrying at ${b.nextRetryTime ?? "?"}`,
      };
    case "Failed":
      return { type: "Warning", reason: "BatchFailed", action: "RunBatch", message: `Batch ${b.batchId} failed: ${b.lastError?.message ?? "unknown error"}` };
    default:
      return undefined;
  }
}
