import type { V1Job, V1Pod } from "@kubernetes/client-node";
import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import type { Informer } from "../../kube/cache/informer.ts";
import type { ControllerBuilder } from "../../manager/controller.ts";
import { controllerOwnerUid, type KubeObject } from "../../kube/meta/kube-object.ts";
import { exhaustRequests, jobs, namespaces, pods } from "../../kube/meta/resource-type.ts";
import { isJobFinished } from "../plan/outcome.ts";
import { REQUEST_LABEL } from "../runner-job/runner-job.ts";

/** Cached objects arrive as plain JSON (times as strings); the planners read them through client-node's types. */
export type JobObject = KubeObject & Pick<V1Job, "spec" | "status">;
export type PodObject = KubeObject & Pick<V1Pod, "spec" | "status">;

export const asV1Job = (job: JobObject): V1Job => job as unknown as V1Job;
export const asV1Pod = (pod: PodObject): V1Pod => pod as unknown as V1Pod;

/** Index names of the caches. */
export const BY_UID = "uid";
export const BY_REQUEST = "request";
/** Every ownerReference UID: a shared scan Job (D18) is found by each request it serves. */
export const BY_OWNER = "owner";
export const ACTIVE = "active";
/** Pods by their controlling Job's UID. */
export const BY_JOB = "job";
const ACTIVE_VALUE = "active";

/** Only runner Jobs and their pods are watched: the operator's labels select them. */
export const RUNNER_SELECTOR = `app.kubernetes.io/managed-by=exhaust-operator,${REQUEST_LABEL}`;

export interface RequestCaches {
  requests: Informer<ExhaustRequest>;
  jobs: Informer<JobObject>;
  pods: Informer<PodObject>;
  /** The namespaces' export policy annotations (docs/security.md); absent when the policy is off. */
  namespaces?: Informer<KubeObject>;
}

/** The request key a runner Job or pod belongs to, from the request label the operator puts on both. */
export function requestKeyOf(obj: KubeObject): string | undefined {
  const name = obj.metadata?.labels?.[REQUEST_LABEL];
  const namespace = obj.metadata?.namespace;
  return name === undefined || namespace === undefined ? undefined : `${namespace}/${name}`;
}

/**
 * The manager's informers for ExhaustRequests, runner Jobs and runner pods, with the indexes the controller reads,
 * and Namespaces when the export policy is on.
 */
export function requestCaches(informer: ControllerBuilder["informer"], exportPolicy: boolean): RequestCaches {
  return {
    ...(exportPolicy ? { namespaces: informer<KubeObject>(namespaces) } : {}),
    requests: informer<ExhaustRequest>(exhaustRequests, {
      indexers: { [BY_UID]: (r) => (r.metadata.uid === undefined ? [] : [r.metadata.uid]) },
    }),
    jobs: informer<JobObject>(jobs, {
      labelSelector: RUNNER_SELECTOR,
      indexers: {
        [BY_REQUEST]: (j) => [requestKeyOf(j)].filter((k): k is string => k !== undefined),
        [BY_OWNER]: (j) => (j.metadata?.ownerReferences ?? []).map((r) => r.uid),
        [ACTIVE]: (j) => (isJobFinished(asV1Job(j)) ? [] : [ACTIVE_VALUE]),
      },
    }),
    pods: informer<PodObject>(pods, {
      labelSelector: RUNNER_SELECTOR,
      indexers: {
        // By the controlling Job's UID, not the job-name label: anyone who may create pods in the namespace can copy
        // a runner's labels, and a pod's termination message becomes the batch's result (its objectUri is what
        // ExhaustDownloads sign), so only the pods the Job controller made for that very Job count.
        [BY_JOB]: (p) => [controllerOwnerUid(p)].filter((uid): uid is string => uid !== undefined),
      },
    }),
  };
}

/** Runner Jobs that are neither Complete nor Failed, over every request. */
export const activeJobsIn = (caches: RequestCaches): JobObject[] => caches.jobs.byIndex(ACTIVE, ACTIVE_VALUE);
