import type { V1Job } from "@kubernetes/client-node";
import type { BatchStatus } from "../../../crds/exhaust-request.ts";
import { instantMs, metaTimeCeil, toMetaTime } from "../../kube/meta/meta-time.ts";
import { clipMessage } from "../../status/clip-message.ts";
import { batchOutcome } from "./outcome.ts";
import { withoutProgress } from "./progress-merge.ts";
import type { PodDiagnostics } from "../runner-job/pod-diagnostics.ts";
import { hasAttemptsLeft, policyForFailure, retryDelayMs, type RetryBudget } from "./retry-backoff.ts";
import { isBatchFinished } from "./request-status.ts";
import { attemptOf } from "../runner-job/runner-job.ts";

export interface BatchContext {
  nowMs: number;
  budget: RetryBudget;
  /** Owned Jobs by name. */
  jobs: ReadonlyMap<string, V1Job>;
  /** The newest owned Job that exports each batch (highest attempt). */
  newestJobOf: ReadonlyMap<string, V1Job>;
  pods: Readonly<Record<string, PodDiagnostics>>;
  expectedJobs: ReadonlySet<string>;
}

/**
 * Moves one batch forward from what was observed; the result depends only on the stored batch, the Jobs and
 * `now`, so repeating a pass changes nothing. Steps: a finished batch never changes (a succeeded batch never
 * re-runs); a Job newer than the recorded attempt is adopted (its create happened but the status write did not);
 * a Running batch takes its Job's outcome: success, a non-retryable failure, or a retry after backoff until the
 * attempts run out. A Job that vanished before its result was recorded (TTL while the operator was down, a manual
 * delete) counts as a failed, retryable attempt, unless the shell has just created it and its cache lags.
 */
export function advanceBatch(stored: BatchStatus, ctx: BatchContext): BatchStatus {
  if (isBatchFinished(stored)) return stored;
  const batch = adoptNewerJob(stored, ctx);
  if (batch.phase !== "Running" || batch.jobName === undefined) return batch;
  const job = ctx.jobs.get(batch.jobName);
  if (job === undefined) {
    if (ctx.expectedJobs.has(batch.jobName)) return batch;
    return failed(batch, { message: `Job ${batch.jobName} disappeared before its result was recorded`, retryable: true, storeUnreachable: false }, ctx.nowMs, ctx);
  }
  const outcome = batchOutcome(batch.batchId, job, ctx.pods[batch.jobName], ctx.nowMs);
  switch (outcome.kind) {
    case "running":
      return batch;
    case "succeeded": {
      const r = outcome.result;
      // The result's counts replace the progress shown while it ran.
      const { lastError: _e, nextRetryTime: _n, ...rest } = withoutProgress(batch);
      return {
        ...rest,
        phase: "Succeeded",
        completionTime: toMetaTime(new Date(outcome.finishedMs)),
        ...(r?.rows === undefined ? {} : { rows: r.rows }),
        ...(r?.bytes === undefined ? {} : { bytes: r.bytes }),
        ...(r?.sha256 === undefined ? {} : { sha256: r.sha256 }),
        ...(r?.objectUri === undefined ? {} : { objectUri: r.objectUri }),
        ...(r?.usersSkipped === undefined ? {} : { usersSkipped: r.usersSkipped }),
      };
    }
    case "failed":
      return failed(batch, outcome, outcome.finishedMs, ctx);
  }
}

function adoptNewerJob(batch: BatchStatus, ctx: BatchContext): BatchStatus {
  const newest = ctx.newestJobOf.get(batch.batchId);
  if (newest === undefined || attemptOf(newest) <= batch.attempts) return batch;
  const { nextRetryTime: _n, ...rest } = withoutProgress(batch);
  const created = instantMs(newest.metadata?.creationTimestamp) ?? ctx.nowMs;
  return { ...rest, phase: "Running", attempts: attemptOf(newest), jobName: newest.metadata?.name ?? "", startTime: batch.startTime ?? toMetaTime(new Date(created)) };
}

interface AttemptFailure {
  message: string;
  retryable: boolean;
  storeUnreachable: boolean;
}

function failed(batch: BatchStatus, { message, retryable, storeUnreachable }: AttemptFailure, finishedMs: number, ctx: BatchContext): BatchStatus {
  const { nextRetryTime: _n, ...rest } = withoutProgress(batch);
  const policy = policyForFailure(ctx.budget, storeUnreachable);
  if (retryable && hasAttemptsLeft(policy, batch.attempts)) {
    const delay = retryDelayMs(policy, batch.attempts, batch.jobName ?? batch.batchId);
    return { ...rest, phase: "Retrying", lastError: { message, retryable: true }, nextRetryTime: metaTimeCeil(finishedMs + delay) };
  }
  const final = retryable ? clipMessage(`${message} (gave up after ${batch.attempts} attempts)`) : message;
  return { ...rest, phase: "Failed", lastError: { message: final, retryable }, completionTime: toMetaTime(new Date(finishedMs)) };
}

/** Indexes owned Jobs by the batches they export, keeping the highest attempt per batch. */
export function newestJobByBatch(jobs: readonly V1Job[], batchIdsOf: (job: V1Job) => readonly string[]): Map<string, V1Job> {
  const out = new Map<string, V1Job>();
  for (const job of jobs) {
    for (const id of batchIdsOf(job)) {
      const current = out.get(id);
      if (current === undefined || attemptOf(job) > attemptOf(current)) out.set(id, job);
    }
  }
  return out;
}
