// Plain-object fixtures for the request planner's tests: a request, owned Jobs, pod diagnostics and config.
import type { V1Job } from "@kubernetes/client-node";
import type { BatchStatus, ExhaustRequest, ExhaustRequestSpec, ExhaustRequestStatus } from "../../../../crds/exhaust-request.ts";
import { encodeTerminationMessage, type BatchResult } from "../../../../crds/runner-contract.ts";
import { parseOperatorConfig, type OperatorConfig, type OperatorConfigInput } from "../../../../operator/config/operator-config.ts";
import type { PodDiagnostics } from "../../../../operator/requests/runner-job/pod-diagnostics.ts";
import { BATCH_IDS_ANNOTATION, ATTEMPT_LABEL } from "../../../../operator/requests/runner-job/runner-job.ts";

export const REQUEST_UID = "0b7c1a8e-5d1f-4c53-9d3e-2f6a1f0c9a11";

/**
 * No gathering window and no progress reads unless a test asks for them: most tests are about one request's pass,
 * and a progress interval would hide the wake-up they check behind its own.
 */
export function configWith(file: Partial<OperatorConfigInput> = {}): OperatorConfig {
  const result = parseOperatorConfig({
    file: { runner: { image: "ghcr.io/sunbird/exhaust:1.0.0" }, ...file, scan: { gatherSeconds: 0, ...file.scan }, progress: { intervalSeconds: 0, ...file.progress } },
    env: {},
    argv: [],
  });
  if (!result.ok) throw new Error(result.errors.join("; "));
  return result.config;
}

export function requestWith(spec: Partial<ExhaustRequestSpec> = {}, status?: ExhaustRequestStatus, labels?: Record<string, string>): ExhaustRequest {
  return {
    apiVersion: "exhaust.sunbird.org/v1alpha1",
    kind: "ExhaustRequest",
    metadata: {
      name: "progress-0130",
      namespace: "exhaust",
      uid: REQUEST_UID,
      generation: 1,
      creationTimestamp: "2026-03-01T09:59:00Z",
      ...(labels === undefined ? {} : { labels }),
    },
    spec: {
      report: "progress",
      collectionId: "do_course",
      batches: { ids: ["b1", "b2"] },
      requestedBy: "user-1",
      requestedChannel: "org-1",
      suspend: false,
      outputReclaimPolicy: "Retain",
      ...spec,
    },
    ...(status === undefined ? {} : { status }),
  };
}

export const batch = (batchId: string, extra: Partial<BatchStatus> = {}): BatchStatus => ({
  batchId,
  collectionId: "do_course",
  phase: "Pending",
  attempts: 0,
  ...extra,
});

export type JobState =
  | { state: "active" }
  | { state: "complete"; at: string }
  | { state: "failed"; at: string; reason: string; message?: string };

export function jobFor(name: string, batchIds: string[], attempt: number, s: JobState, owner = REQUEST_UID): V1Job {
  const conditions =
    s.state === "active"
      ? []
      : [{ type: s.state === "complete" ? "Complete" : "Failed", status: "True", reason: s.state === "failed" ? s.reason : undefined, message: s.state === "failed" ? s.message : undefined, lastTransitionTime: s.at as unknown as Date }];
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      namespace: "exhaust",
      creationTimestamp: "2026-03-01T10:00:00Z" as unknown as Date, // a cache of raw JSON carries strings
      labels: { [ATTEMPT_LABEL]: String(attempt) },
      annotations: { [BATCH_IDS_ANNOTATION]: batchIds.join(",") },
      ownerReferences: [{ apiVersion: "exhaust.sunbird.org/v1alpha1", kind: "ExhaustRequest", name: "progress-0130", uid: owner, controller: true }],
    },
    spec: { template: {}, activeDeadlineSeconds: 21600 },
    status: { conditions, active: s.state === "active" ? 1 : 0 },
  };
}

export function manifestPods(batches: BatchResult[], exitCode = 0): PodDiagnostics {
  const message = encodeTerminationMessage({ v: 1, report: "progress", requestId: REQUEST_UID, batches });
  return { terminated: { exitCode, reason: exitCode === 0 ? "Completed" : "Error", message } };
}
