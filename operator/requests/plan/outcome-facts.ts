import { RequestConditionType } from "../../../crds/conditions.ts";
import type { ExhaustRequest, ExhaustRequestStatus } from "../../../crds/exhaust-request.ts";
import { instantMs } from "../../kube/meta/meta-time.ts";
import { findCondition } from "../../status/set-condition.ts";
import { isRequestFinished } from "./request-status.ts";

/** What one pass finished, for the outcome metrics: each transition is counted by the pass that writes it. */
export interface OutcomeFacts {
  /** Batches that reached Succeeded or Failed in this pass. */
  batchesFinished: { phase: "Succeeded" | "Failed"; retryable: boolean }[];
  /** Attempts that failed and will be retried (a batch entering Retrying). */
  retries: number;
  /** The request itself when it finished in this pass: its phase, the reason of its deciding condition, and seconds from creation. */
  request?: { phase: string; reason: string; durationSeconds?: number };
}

/** Compares the stored status with the planned one; a pass that changes nothing yields nothing. */
export function outcomeFacts(request: ExhaustRequest, before: ExhaustRequestStatus | undefined, after: ExhaustRequestStatus): OutcomeFacts {
  const old = new Map((before?.batches ?? []).map((b) => [b.batchId, b]));
  const batchesFinished: OutcomeFacts["batchesFinished"] = [];
  let retries = 0;
  for (const b of after.batches ?? []) {
    const prior = old.get(b.batchId);
    if (prior?.phase === b.phase && prior.attempts === b.attempts) continue;
    if (b.phase === "Succeeded" || b.phase === "Failed") batchesFinished.push({ phase: b.phase, retryable: b.lastError?.retryable ?? false });
    if (b.phase === "Retrying") retries += 1;
  }
  if (isRequestFinished(before?.phase) || !isRequestFinished(after.phase)) return { batchesFinished, retries };
  const deciding = findCondition(after.conditions, RequestConditionType.Failed) ?? findCondition(after.conditions, RequestConditionType.Succeeded);
  const createdMs = instantMs(request.metadata.creationTimestamp);
  const completedMs = instantMs(after.completionTime);
  const durationSeconds = createdMs === undefined || completedMs === undefined ? undefined : Math.max(0, (completedMs - createdMs) / 1000);
  return {
    batchesFinished,
    retries,
    request: { phase: after.phase ?? "", reason: deciding?.reason ?? "", ...(durationSeconds === undefined ? {} : { durationSeconds }) },
  };
}
