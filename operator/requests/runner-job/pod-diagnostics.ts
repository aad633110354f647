import type { V1Pod } from "@kubernetes/client-node";
import { instantMs } from "../../kube/meta/meta-time.ts";

/** The runner container's name; podFailurePolicy rules and diagnostics look only at it. */
export const RUNNER_CONTAINER = "runner";

/** Waiting reasons that do not clear by themselves: someone must fix an image, a Secret or capacity. */
export const STUCK_REASONS: ReadonlySet<string> = new Set([
  "ErrImagePull",
  "ImagePullBackOff",
  "InvalidImageName",
  "CreateContainerConfigError",
  "CreateContainerError",
  "Unschedulable",
]);

/** What the plan needs from a Job's pods: why the newest one waits, and how the newest finished one ended. */
export interface PodDiagnostics {
  pending?: { podName: string; reason: string; message: string; sinceMs: number };
  terminated?: { exitCode: number; reason?: string; message?: string };
}

/**
 * Reads a Job's pods (from the shell's cache) into diagnostics. Only the newest pod counts: with
 * podReplacementPolicy Failed an older pod is always terminal and superseded.
 */
export function diagnosePods(pods: readonly V1Pod[]): PodDiagnostics {
  const newest = [...pods].sort((a, b) => (instantMs(b.metadata?.creationTimestamp) ?? 0) - (instantMs(a.metadata?.creationTimestamp) ?? 0));
  const out: PodDiagnostics = {};
  const finished = newest.find((p) => runnerStatus(p)?.state?.terminated !== undefined);
  const terminated = finished === undefined ? undefined : runnerStatus(finished)?.state?.terminated;
  if (terminated !== undefined) {
    out.terminated = { exitCode: terminated.exitCode, reason: terminated.reason, message: terminated.message };
  }
  const [latest] = newest;
  if (latest?.status?.phase === "Pending") {
    const stuck = stuckReason(latest);
    if (stuck !== undefined) {
      out.pending = { podName: latest.metadata?.name ?? "", ...stuck, sinceMs: instantMs(latest.metadata?.creationTimestamp) ?? 0 };
    }
  }
  return out;
}

const runnerStatus = (pod: V1Pod) => pod.status?.containerStatuses?.find((c) => c.name === RUNNER_CONTAINER);

function stuckReason(pod: V1Pod): { reason: string; message: string } | undefined {
  const waiting = runnerStatus(pod)?.state?.waiting;
  if (waiting?.reason !== undefined && STUCK_REASONS.has(waiting.reason)) return { reason: waiting.reason, message: waiting.message ?? "" };
  const scheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
  if (scheduled?.status === "False" && scheduled.reason === "Unschedulable") return { reason: "Unschedulable", message: scheduled.message ?? "" };
  return undefined;
}
