import type { V1Job } from "@kubernetes/client-node";
import { decodeTerminationMessage, type BatchResult, type ResultManifest } from "../../../crds/runner-contract.ts";
import { clipMessage } from "../../status/clip-message.ts";
import { instantMs } from "../../kube/meta/meta-time.ts";
import type { PodDiagnostics } from "../runner-job/pod-diagnostics.ts";

export type BatchOutcome =
  | { kind: "running" }
  | { kind: "succeeded"; finishedMs: number; result?: BatchResult }
  | { kind: "failed"; finishedMs: number; retryable: boolean; message: string; storeUnreachable: boolean };

/**
 * One batch's outcome from its Job and the Job's pods. Only the Job's terminal conditions (Complete, Failed) end an
 * attempt: FailureTarget comes earlier, but the pod may still be writing, and a retry must never overlap it.
 * The runner's manifest decides per batch; without an entry for the batch, the Job decides: Complete means the
 * runner exited 0 (every batch succeeded), a Failed Job with reason PodFailurePolicy means exit 10 or 11
 * (non-retryable), anything else (crash, kill, deadline, missing manifest) is retryable.
 */
export function batchOutcome(batchId: string, job: V1Job, pods: PodDiagnostics | undefined, nowMs: number): BatchOutcome {
  const complete = trueCondition(job, "Complete");
  const failed = trueCondition(job, "Failed");
  if (complete === undefined && failed === undefined) return { kind: "running" };
  const finishedMs = instantMs((complete ?? failed)?.lastTransitionTime) ?? instantMs(job.status?.completionTime) ?? nowMs;
  const manifest = manifestOf(pods);
  const entry = manifest?.batches.find((b) => b.batchId === batchId);
  const failedByPolicy = failed?.reason === "PodFailurePolicy";
  if (entry?.ok === true) return { kind: "succeeded", finishedMs, result: entry };
  if (entry !== undefined) {
    const message = entry.message ?? `Runner reported batch ${batchId} as failed`;
    return { kind: "failed", finishedMs, retryable: entry.retryable ?? !failedByPolicy, message: clipMessage(message), storeUnreachable: entry.storeUnreachable === true };
  }
  // A truncated manifest drops succeeded batches first, so a batch it leaves out succeeded.
  if (complete !== undefined || manifest?.truncated === true) return { kind: "succeeded", finishedMs };
  return { kind: "failed", finishedMs, retryable: !failedByPolicy, message: clipMessage(failureMessage(job, failed?.reason, failed?.message, pods)), storeUnreachable: false };
}

function failureMessage(job: V1Job, reason: string | undefined, conditionMessage: string | undefined, pods: PodDiagnostics | undefined): string {
  const exit = pods?.terminated;
  if (reason === "DeadlineExceeded") return `Batch attempt exceeded its deadline of ${job.spec?.activeDeadlineSeconds ?? "?"}s`;
  if (exit !== undefined) {
    const why = exit.reason !== undefined && exit.reason !== "Error" ? `, ${exit.reason}` : "";
    const kind = reason === "PodFailurePolicy" ? "failed with a non-retryable error" : "failed";
    return `Runner ${kind} (exit code ${exit.exitCode}${why}) and wrote no result manifest`;
  }
  const detail = [reason, conditionMessage].filter((s) => s !== undefined && s !== "").join(": ");
  return `Job ${job.metadata?.name ?? ""} failed${detail === "" ? "" : `: ${detail}`}`;
}

function manifestOf(pods: PodDiagnostics | undefined): ResultManifest | undefined {
  const text = pods?.terminated?.message;
  if (text === undefined || text === "") return undefined;
  const decoded = decodeTerminationMessage(text);
  return decoded.ok ? decoded.manifest : undefined;
}

const trueCondition = (job: V1Job, type: string) => job.status?.conditions?.find((c) => c.type === type && c.status === "True");

/** Whether a Job has reached a terminal condition. */
export const isJobFinished = (job: V1Job): boolean => trueCondition(job, "Complete") !== undefined || trueCondition(job, "Failed") !== undefined;
