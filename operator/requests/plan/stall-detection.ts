import { secretMissing } from "../../../crds/failure-texts.ts";
import type { V1Job } from "@kubernetes/client-node";
import { RequestReason } from "../../../crds/conditions.ts";
import type { BatchStatus, ExhaustRequestSpec } from "../../../crds/exhaust-request.ts";
import { allowsChannel, channelRefusal, type ChannelPolicy } from "../../../crds/export-policy.ts";
import { isJobFinished } from "./outcome.ts";
import type { PodDiagnostics } from "../runner-job/pod-diagnostics.ts";

export interface Stall {
  reason: string;
  message: string;
}

/** What the shell saw of spec.password's Secret; undefined when the request names none. */
export type SecretPresence = "present" | "secretMissing" | "keyMissing" | undefined;

/**
 * A missing password Secret or key blocks new Jobs (their pods would wait with CreateContainerConfigError). The
 * message names the Secret and key, never a value. Recomputed on every pass, so creating the Secret clears it.
 */
export function secretStall(spec: ExhaustRequestSpec, presence: SecretPresence): Stall | undefined {
  const ref = spec.password?.secretKeyRef;
  if (ref === undefined || presence === undefined || presence === "present") return undefined;
  const reason = presence === "secretMissing" ? RequestReason.SecretNotFound : RequestReason.SecretKeyNotFound;
  return { reason, message: secretMissing(ref.name, ref.key) };
}

/**
 * A channel the request's namespace does not allow (docs/security.md) blocks new Jobs, however the request got
 * past admission (created before the annotation changed, or with the admission policy off). Recomputed on every
 * pass from the namespace cache, so listing the channel clears it.
 */
export function channelStall(spec: ExhaustRequestSpec, namespace: string, policy: ChannelPolicy): Stall | undefined {
  if (allowsChannel(policy, spec.requestedChannel)) return undefined;
  return { reason: RequestReason.ChannelNotAllowed, message: channelRefusal("spec.requestedChannel", spec.requestedChannel, namespace, policy) };
}

export const jobConflictStall = (name: string): Stall => ({
  reason: RequestReason.JobOwnedByOther,
  message: `Job ${name} exists but is not controlled by this request; delete or rename it`,
});

/**
 * The first running batch whose newest pod has waited longer than `thresholdMs` for a reason that needs a person
 * (image pull, unschedulable, container config), and when the next such threshold passes.
 */
export function podStall(
  batches: readonly BatchStatus[],
  jobs: ReadonlyMap<string, V1Job>,
  pods: Readonly<Record<string, PodDiagnostics>>,
  thresholdMs: number,
  nowMs: number,
): { stall?: Stall; wakeAtMs?: number } {
  let wakeAtMs: number | undefined;
  for (const b of batches) {
    if (b.phase !== "Running" || b.jobName === undefined) continue;
    const job = jobs.get(b.jobName);
    const pending = pods[b.jobName]?.pending;
    if (job === undefined || isJobFinished(job) || pending === undefined) continue;
    const dueMs = pending.sinceMs + thresholdMs;
    if (dueMs <= nowMs) {
      const minutes = Math.floor((nowMs - pending.sinceMs) / 60_000);
      const detail = pending.message === "" ? "" : `: ${pending.message}`;
      return { stall: { reason: pending.reason, message: `Pod ${pending.podName} of batch ${b.batchId} has waited ${minutes} min: ${pending.reason}${detail}` } };
    }
    wakeAtMs = Math.min(wakeAtMs ?? dueMs, dueMs);
  }
  return wakeAtMs === undefined ? {} : { wakeAtMs };
}
