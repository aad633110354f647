import type { V1Job } from "@kubernetes/client-node";
import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import { ownerReferenceTo } from "../../kube/meta/kube-object.ts";
import { runnerExitCodes } from "../../../crds/runner-contract.ts";
import type { OperatorConfig, ResourceTier } from "../../config/operator-config.ts";
import { batchLabelValue, safeLabelValue } from "./job-name.ts";
import { nodeHeapOptions, RUNNER_MALLOC_ENV } from "./node-heap.ts";
import { RUNNER_CONTAINER } from "./pod-diagnostics.ts";
import { TERMINATION_MESSAGE_PATH, runnerEnv } from "./runner-env.ts";

export const REQUEST_LABEL = "exhaust.sunbird.org/request";
export const BATCH_LABEL = "exhaust.sunbird.org/batch";
export const ATTEMPT_LABEL = "exhaust.sunbird.org/attempt";
export const REPORT_LABEL = "exhaust.sunbird.org/report";
/** The full, comma-separated batch ids a Job exports; labels cannot hold a list or a long id. */
export const BATCH_IDS_ANNOTATION = "exhaust.sunbird.org/batch-ids";
/** A shared scan Job's members (D18): JSON of request name -> the batch ids it exports for that request. */
export const MEMBERS_ANNOTATION = "exhaust.sunbird.org/members";
/** Copied from the request, so Kueue admits runner Jobs like any other Job. */
export const KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";

export interface RunnerJobInput {
  request: ExhaustRequest;
  name: string;
  /** One batch, or the batches of one scan group (D18), all of `collectionId`. */
  batchIds: readonly string[];
  collectionId: string;
  attempt: number;
  requestId: string;
  tier: ResourceTier;
  activeDeadlineSeconds: number;
  config: OperatorConfig;
  /** D18: the other requests whose batches share this Job's scan; `request` is the one that creates it. */
  partners?: readonly ScanPartner[];
}

export interface ScanPartner {
  request: ExhaustRequest;
  requestId: string;
  batchIds: readonly string[];
}

/**
 * The batch/v1 Job for one attempt of one batch or scan group. Exactly one pod runs per attempt (backoffLimit 0):
 * retries are the operator's, with its own backoff and a new Job per attempt, so each attempt keeps its own result.
 * podFailurePolicy fails the Job at once on the runner's non-retryable exits and ignores disruptions (an evicted
 * pod is replaced without using the attempt); podReplacementPolicy Failed keeps two pods from writing one object.
 */
export function runnerJobFor(input: RunnerJobInput): V1Job {
  const { request, config } = input;
  const requestName = request.metadata.name ?? "";
  const queue = request.metadata.labels?.[KUEUE_QUEUE_LABEL];
  const labels: Record<string, string> = {
    "app.kubernetes.io/name": "exhaust-runner",
    "app.kubernetes.io/instance": requestName,
    "app.kubernetes.io/component": "runner",
    "app.kubernetes.io/part-of": "exhaust-operator",
    "app.kubernetes.io/managed-by": "exhaust-operator",
    [REQUEST_LABEL]: requestName,
    [BATCH_LABEL]: batchLabelValue(input.batchIds),
    [ATTEMPT_LABEL]: String(input.attempt),
    [REPORT_LABEL]: request.spec.report,
    ...(queue === undefined ? {} : { [KUEUE_QUEUE_LABEL]: safeLabelValue(queue) }),
  };
  const limits = Object.fromEntries(Object.entries(input.tier.limits).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const heap = nodeHeapOptions(input.tier.limits.memory ?? input.tier.requests.memory);
  const partners = input.partners ?? [];
  const own = input.batchIds.filter((id) => !partners.some((p) => p.batchIds.includes(id)));
  const sharing = partners.length === 0 ? undefined : sharingOf(requestName, input.requestId, own, partners);
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: input.name,
      namespace: request.metadata.namespace,
      labels,
      annotations: { [BATCH_IDS_ANNOTATION]: input.batchIds.join(","), ...(sharing === undefined ? {} : { [MEMBERS_ANNOTATION]: sharing.members }) },
      // Partners' references keep the Job (and the scan their batches wait for) until every member request is gone.
      ownerReferences: [ownerReferenceTo(request), ...partners.map((p) => ownerReferenceTo(p.request, false))],
    },
    spec: {
      backoffLimit: 0,
      podReplacementPolicy: "Failed",
      activeDeadlineSeconds: input.activeDeadlineSeconds,
      ttlSecondsAfterFinished: config.jobs.ttlSecondsAfterFinished,
      // Kueue admits a queued Job by unsuspending it.
      ...(queue === undefined ? {} : { suspend: true }),
      podFailurePolicy: {
        rules: [
          {
            action: "FailJob",
            onExitCodes: { containerName: RUNNER_CONTAINER, operator: "In", values: [runnerExitCodes.nonRetryable, runnerExitCodes.config] },
          },
          { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
        ],
      },
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "Never",
          ...(config.runner.serviceAccountName === undefined ? {} : { serviceAccountName: config.runner.serviceAccountName }),
          // The runner reports through its exit code and termination message; it never calls the API.
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          // Passes Pod Security "restricted"; the image's user is 1000 (Dockerfile).
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
          // The root filesystem is read-only; /tmp is the only writable place, should a library want scratch space.
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
          containers: [
            {
              name: RUNNER_CONTAINER,
              image: config.runner.image,
              imagePullPolicy: config.runner.imagePullPolicy,
              // One image serves operator and runner; the Job picks the runner's entry point.
              command: [...config.runner.command],
              env: [
                ...runnerEnv({
                  request,
                  requestId: input.requestId,
                  collectionId: input.collectionId,
                  batchIds: input.batchIds,
                  runner: config.runner,
                  ...(sharing === undefined ? {} : { batchRequestIds: sharing.batchRequestIds }),
                }),
                ...(heap === undefined ? [] : [{ name: "NODE_OPTIONS", value: heap }]),
                ...Object.entries(RUNNER_MALLOC_ENV).map(([name, value]) => ({ name, value })),
              ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
              resources: { requests: { ...input.tier.requests }, ...(Object.keys(limits).length === 0 ? {} : { limits }) },
              terminationMessagePath: TERMINATION_MESSAGE_PATH,
              terminationMessagePolicy: "File",
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
          ],
        },
      },
    },
  };
}

function sharingOf(requestName: string, requestId: string, own: readonly string[], partners: readonly ScanPartner[]) {
  const all = [{ name: requestName, requestId, batchIds: own }, ...partners.map((p) => ({ name: p.request.metadata.name ?? "", requestId: p.requestId, batchIds: p.batchIds }))];
  const members = Object.fromEntries([...all].sort((a, b) => (a.name < b.name ? -1 : 1)).map((m) => [m.name, [...m.batchIds]]));
  return { members: JSON.stringify(members), batchRequestIds: all.flatMap((m) => m.batchIds.map((id) => `${id}=${m.requestId}`)) };
}

/**
 * The batch ids a Job exports for one request: its members' entry for a shared scan Job (D18), else every batch it
 * exports. A shared Job may hold another request's batch of the same id, which is never this request's.
 */
export function memberBatchIdsOf(job: V1Job, requestName: string): string[] {
  if (job.metadata?.annotations?.[MEMBERS_ANNOTATION] === undefined) return batchIdsOf(job);
  return membersOf(job)[requestName] ?? [];
}

/** A shared scan Job's members, request name -> batch ids; empty for any other Job or a malformed annotation. */
export function membersOf(job: { metadata?: { annotations?: Record<string, string> } }): Record<string, string[]> {
  const text = job.metadata?.annotations?.[MEMBERS_ANNOTATION];
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string[]] => Array.isArray(e[1]) && e[1].every((id) => typeof id === "string")));
  } catch {
    return {};
  }
}

/** The batch ids a Job exports, from its annotation; empty for a Job that is not a runner Job. */
export function batchIdsOf(job: V1Job): string[] {
  const text = job.metadata?.annotations?.[BATCH_IDS_ANNOTATION];
  return text === undefined || text === "" ? [] : text.split(",");
}

/** The attempt a Job runs, from its label; 0 when missing or malformed. */
export function attemptOf(job: V1Job): number {
  const n = Number(job.metadata?.labels?.[ATTEMPT_LABEL]);
  return Number.isInteger(n) && n > 0 ? n : 0;
}
