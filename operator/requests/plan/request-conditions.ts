import { RequestConditionType as T, RequestReason } from "../../../crds/conditions.ts";
import type { BatchStatus, RequestPhase } from "../../../crds/exhaust-request.ts";
import { removeCondition, setCondition, type Condition } from "../../status/set-condition.ts";
import { clipMessage } from "../../status/clip-message.ts";
import { isRequestFinished, totalsOf } from "./request-status.ts";

export interface ConditionState {
  acceptance: { status: "True" | "False" | "Unknown"; reason: string; message: string };
  batches: readonly BatchStatus[];
  phase: RequestPhase;
  suspended: boolean;
  /** Why the request cannot move until someone acts; cleared as soon as the cause is gone. */
  stalled?: { reason: string; message: string };
  deadlineExceeded?: { message: string };
  /** The earliest pending retry, for Progressing's message. */
  nextRetry?: { batchId: string; at: string };
}

/**
 * Every condition of a request, recomputed from scratch on each pass (level-triggered): Accepted and Progressing
 * are always present; Succeeded, Failed and Stalled only while they hold, as Job does with Complete and Failed.
 * set-condition keeps lastTransitionTime unless a status flips.
 */
export function conditionsFor(old: readonly Condition[] | undefined, state: ConditionState, generation: number | undefined, now: Date): Condition[] {
  let conditions = [...(old ?? [])];
  const put = (type: string, status: Condition["status"], reason: string, message: string) => {
    conditions = setCondition(conditions, { type, status, reason, message: clipMessage(message), ...(generation === undefined ? {} : { observedGeneration: generation }) }, now).conditions;
  };
  const drop = (type: string) => {
    conditions = removeCondition(conditions, type).conditions;
  };
  const { acceptance } = state;
  put(T.Accepted, acceptance.status, acceptance.reason, acceptance.message);
  const progressing = progressingFor(state);
  put(T.Progressing, progressing.status, progressing.reason, progressing.message);
  if (state.phase === "Succeeded") put(T.Succeeded, "True", RequestReason.AllBatchesSucceeded, `All ${state.batches.length} batches succeeded`);
  else drop(T.Succeeded);
  const failure = failureFor(state);
  if (failure !== undefined) put(T.Failed, "True", failure.reason, failure.message);
  else drop(T.Failed);
  if (state.stalled !== undefined && !isRequestFinished(state.phase)) put(T.Stalled, "True", state.stalled.reason, state.stalled.message);
  else drop(T.Stalled);
  return conditions;
}

function progressingFor(state: ConditionState): { status: Condition["status"]; reason: string; message: string } {
  const totals = totalsOf(state.batches);
  if (state.acceptance.status !== "True") return { status: "False", reason: state.acceptance.reason, message: state.acceptance.message };
  if (isRequestFinished(state.phase)) {
    return { status: "False", reason: RequestReason.Completed, message: `Finished: ${totals.succeeded} succeeded, ${totals.failed} failed` };
  }
  const counts = `${totals.running} running, ${totals.queued} waiting, ${totals.succeeded + totals.failed}/${totals.batches} finished`;
  if (state.suspended) return { status: "False", reason: RequestReason.Suspended, message: `Suspended: no new Jobs start (${counts})` };
  if (state.stalled !== undefined && totals.running === 0) return { status: "False", reason: state.stalled.reason, message: state.stalled.message };
  if (totals.running > 0) return { status: "True", reason: RequestReason.BatchesRunning, message: counts };
  if (state.nextRetry !== undefined) {
    return { status: "True", reason: RequestReason.WaitingForRetry, message: `Batch ${state.nextRetry.batchId} retries at ${state.nextRetry.at} (${counts})` };
  }
  return { status: "True", reason: RequestReason.Queued, message: `Waiting for a runner slot (${counts})` };
}

function failureFor(state: ConditionState): { reason: string; message: string } | undefined {
  if (state.acceptance.status === "False") return { reason: state.acceptance.reason, message: state.acceptance.message };
  if (state.phase !== "Failed" && state.phase !== "PartiallySucceeded") return undefined;
  if (state.deadlineExceeded !== undefined) return { reason: RequestReason.DeadlineExceeded, message: state.deadlineExceeded.message };
  const failed = state.batches.filter((b) => b.phase === "Failed");
  const detail = failed.map((b) => `${b.batchId}: ${b.lastError?.message ?? "failed"}`).join("; ");
  const reason = state.phase === "Failed" ? RequestReason.AllBatchesFailed : RequestReason.SomeBatchesFailed;
  return { reason, message: `${failed.length} of ${state.batches.length} batches failed: ${detail}` };
}
