import { RequestConditionType } from "../../../crds/conditions.ts";
import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import type { Clock } from "../../clock/clock.ts";
import type { OperatorConfig } from "../../config/operator-config.ts";
import type { KubeApi } from "../../kube/client/api-client.ts";
import { deleteObject } from "../../kube/client/delete.ts";
import { ensureFinalizer, removeFinalizer } from "../../kube/client/finalizers.ts";
import { patchStatus } from "../../kube/client/status-patch.ts";
import type { EventRecorder } from "../../kube/events/event-recorder.ts";
import type { KubeObject } from "../../kube/meta/kube-object.ts";
import { exhaustRequests, jobs } from "../../kube/meta/resource-type.ts";
import type { ReconcileResult } from "../../kube/runtime/reconcile-loop.ts";
import type { Logger } from "../../log/log.ts";
import { clipMessage } from "../../status/clip-message.ts";
import type { OutputRemover } from "../../storage/output-remover.ts";
import { isOwnOutput, OUTPUTS_FINALIZER, reclaimCondition, reclaimFailedEvent, reclaimStep } from "../plan/output-reclaim.ts";
import type { RequestCaches } from "./caches.ts";
import { jobsOf } from "./observe.ts";

export interface ReclaimDeps {
  api: KubeApi;
  caches: RequestCaches;
  recorder: EventRecorder;
  remove: OutputRemover;
  config: OperatorConfig;
  clock: Clock;
  log: Logger;
}

/** A Job being deleted announces its end through the watch; this is only the backstop. */
const RECHECK_JOBS_MS = 10_000;

/**
 * spec.outputReclaimPolicy's shell, run first in every pass: keeps the finalizer in step with the policy, and once
 * the request is being deleted stops its runners, deletes its objects and lets it go. Returns the request the pass
 * goes on with, or `done` for a request being deleted (its pass ends here). A failed deletion writes the
 * OutputsDeleted condition and a Warning Event, then throws, so the work queue retries it with backoff.
 */
export async function reclaimOutputs(deps: ReclaimDeps, request: ExhaustRequest, signal: AbortSignal): Promise<{ request: ExhaustRequest } | { done: ReconcileResult }> {
  const owned = jobsOf(deps.caches, request);
  const deleting = request.metadata.deletionTimestamp !== undefined;
  // The other requests matter only to a deletion (whose batches they share); this runs first in every pass.
  const step = reclaimStep(request, owned, deps.config.runner, deleting ? deps.caches.requests.list() : []);
  const { namespace } = request.metadata;
  switch (step.kind) {
    case "none":
      return deleting ? { done: {} } : { request };
    case "addFinalizer":
      return { request: learned(deps, await ensureFinalizer(deps.api, exhaustRequests, request, OUTPUTS_FINALIZER, { signal })) };
    case "removeFinalizer": {
      const kept = await removeFinalizer(deps.api, exhaustRequests, request, OUTPUTS_FINALIZER, { signal });
      if (deleting) {
        deps.log.info({ policy: "Retain" }, "Left the request's report objects in place (outputReclaimPolicy Retain)");
        return { done: {} };
      }
      return { request: kept === undefined ? request : learned(deps, kept) };
    }
    case "stopJobs":
      // Foreground: each Job stays until its pods are gone, so "no active Job" below means no runner can still write.
      for (const name of step.names) await deleteObject(deps.api, jobs, namespace, name, { propagationPolicy: "Foreground", signal });
      deps.log.info({ jobs: step.names.length }, "Stopping the deleted request's runner Jobs before deleting its report objects");
      await writeConditionIfChanged(deps, request, reclaimCondition(request.status?.conditions, { kind: "waitForJobs", names: step.names }, deps.clock.now()), signal);
      return { done: { requeueAfterMs: RECHECK_JOBS_MS } };
    case "waitForJobs":
      await writeConditionIfChanged(deps, request, reclaimCondition(request.status?.conditions, step, deps.clock.now()), signal);
      return { done: { requeueAfterMs: RECHECK_JOBS_MS } };
    case "deleteObjects": {
      const { targets } = step;
      const startMs = deps.clock.now().getTime();
      let deleted = 0;
      let aborted = 0;
      try {
        for (const folder of targets.folders) {
          const removed = await deps.remove(folder, (key) => isOwnOutput(targets, folder, key));
          deleted += removed.deleted;
          aborted += removed.aborted;
        }
      } catch (err) {
        // The first line only: some stores add a request id and a time on later lines, and a condition that changed
        // on every failure would wake the request at once instead of after its backoff.
        const message = clipMessage((err as Error).message.split("\n")[0] ?? "");
        const failed = reclaimCondition(request.status?.conditions, { kind: "failed", message }, deps.clock.now());
        await writeConditionIfChanged(deps, request, failed, signal);
        const event = reclaimFailedEvent(failed.conditions.find((c) => c.type === RequestConditionType.OutputsDeleted)?.message ?? message);
        await deps.recorder.record(request as KubeObject, { type: event.type, reason: event.reason, action: event.action, note: event.message });
        throw new Error(`deleting the report objects failed: ${message}`, { cause: err });
      }
      // One line per cleanup: counts and providers only, no keys, no bucket names with tenants in them.
      deps.log.info(
        { policy: "Delete", providers: [...new Set(targets.folders.map((f) => f.provider))], folders: targets.folders.length, deleted, aborted, durationMs: deps.clock.now().getTime() - startMs },
        "Deleted the request's report objects (outputReclaimPolicy Delete)",
      );
      await removeFinalizer(deps.api, exhaustRequests, request, OUTPUTS_FINALIZER, { signal });
      return { done: {} };
    }
  }
}

function learned(deps: ReclaimDeps, request: ExhaustRequest): ExhaustRequest {
  deps.caches.requests.learn(request);
  return request;
}

/** Patches the conditions only when they changed: a request waiting for its Jobs is looked at every RECHECK_JOBS_MS. */
async function writeConditionIfChanged(deps: ReclaimDeps, request: ExhaustRequest, { conditions, changed }: { conditions: NonNullable<ExhaustRequest["status"]>["conditions"]; changed: boolean }, signal: AbortSignal): Promise<void> {
  if (!changed) return;
  const written = await patchStatus(deps.api, exhaustRequests, request, { ...request.status, conditions }, { signal });
  if (written.object !== undefined) deps.caches.requests.learn(written.object as ExhaustRequest);
}
