import type { V1Job } from "@kubernetes/client-node";
import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import type { KubeApi } from "../../kube/client/api-client.ts";
import { createOwned } from "../../kube/client/apply.ts";
import { deleteObject } from "../../kube/client/delete.ts";
import type { EventRecorder } from "../../kube/events/event-recorder.ts";
import type { FaultHook } from "../../faults/fault-point.ts";
import { keyOf, type KubeObject } from "../../kube/meta/kube-object.ts";
import { exhaustRequests, jobs } from "../../kube/meta/resource-type.ts";
import type { Logger } from "../../log/log.ts";
import type { JobObject, RequestCaches } from "./caches.ts";
import type { Action } from "../plan/plan.ts";
import type { RunnerSlots } from "./runner-slots.ts";

export interface ActDeps {
  api: KubeApi;
  caches: RequestCaches;
  slots: RunnerSlots;
  recorder: EventRecorder;
  log: Logger;
  /** Called when a create finds the name held by an object another controller owns. */
  onForeignJob: (requestKey: string, job: V1Job) => void;
  /** Test-only kill points (operator/faults/fault-point.ts); a no-op unless EXHAUST_FAULT_POINT is set. */
  fault: FaultHook;
}

/** A create found the Job name taken by someone else's Job; the next pass reports it as Stalled. */
export class ForeignJobError extends Error {
  override readonly name = "ForeignJobError";
}

/**
 * Creates and deletes the plan's Jobs, in order, stopping at the first failure. Created Jobs go straight into the
 * cache and the expectations, so the next pass (and the slot count of every other request) sees them before the
 * watch does. AlreadyExists with our controller reference means an earlier pass already created it.
 */
export async function runJobActions(deps: ActDeps, request: ExhaustRequest, actions: readonly Action[], signal?: AbortSignal): Promise<void> {
  const requestKey = keyOf(request);
  const uid = request.metadata.uid ?? "";
  for (const action of actions) {
    if (action.kind === "createJob") {
      deps.fault("before-job-create");
      const created = await createOwned(deps.api, jobs, action.job as KubeObject, uid, { signal });
      if (created.outcome === "ownedByOther") {
        deps.onForeignJob(requestKey, created.object as V1Job);
        throw new ForeignJobError(`Job ${action.job.metadata?.name ?? ""} exists but is not controlled by ${requestKey}`);
      }
      if (created.outcome === "created") deps.fault("after-job-create");
      deps.caches.jobs.store.upsert(created.object as JobObject);
      deps.slots.expect(keyOf(created.object), requestKey, request.spec.requestedChannel);
      if (created.outcome === "created") deps.log.info({ job: action.job.metadata?.name }, "Created runner Job");
    } else if (action.kind === "deleteJob") {
      const deleted = await deleteObject(deps.api, jobs, request.metadata.namespace, action.name, { signal });
      if (deleted) deps.log.info({ job: action.name }, "Deleted runner Job");
    }
  }
}

/** Records the plan's events about the request; best effort, as the recorder never fails a pass. */
export async function recordEvents(deps: ActDeps, request: ExhaustRequest, actions: readonly Action[]): Promise<void> {
  for (const action of actions) {
    if (action.kind !== "event") continue;
    await deps.recorder.record(request as KubeObject, { type: action.type, reason: action.reason, action: action.action, note: action.message });
  }
}

/** ttlSecondsAfterFinished passed: deletes this incarnation of the request (its Jobs and pods follow by GC). */
export async function deleteFinishedRequest(deps: ActDeps, request: ExhaustRequest, signal?: AbortSignal): Promise<void> {
  const { namespace, name, uid } = request.metadata;
  const deleted = await deleteObject(deps.api, exhaustRequests, namespace, name ?? "", { ...(uid === undefined ? {} : { uid }), signal });
  if (deleted) deps.log.info("Deleted the finished ExhaustRequest (ttlSecondsAfterFinished)");
}
