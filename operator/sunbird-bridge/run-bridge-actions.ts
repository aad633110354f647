import type pg from "pg";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import { SUBMISSION_LABEL, WRITE_BACK_FINALIZER, WRITTEN_BACK_LABEL } from "../bridge/bridge-names.ts";
import { updateRow } from "../bridge/bridge-queries.ts";
import type { BridgeAction } from "../bridge/plan-bridge-pass.ts";
import type { KubeApi } from "../kube/client/api-client.ts";
import { isAlreadyExists, isNotFound } from "../kube/client/api-errors.ts";
import { deleteObject } from "../kube/client/delete.ts";
import { removeFinalizer } from "../kube/client/finalizers.ts";
import type { Informer } from "../kube/cache/informer.ts";
import type { EventRecorder } from "../kube/events/event-recorder.ts";
import { apiVersionOf, collectionPath, exhaustRequests, objectPath, secrets } from "../kube/meta/resource-type.ts";
import type { Logger } from "../log/log.ts";
import type { BridgeMetrics } from "../metrics/registry.ts";

export interface BridgeActionDeps {
  api: KubeApi;
  rows: Pick<pg.Pool, "query">;
  table: string;
  namespace: string;
  requests: Informer<ExhaustRequest>;
  recorder: EventRecorder;
  metrics: BridgeMetrics;
  log: Logger;
  signal: AbortSignal;
}

const mergePatch = { contentType: "application/merge-patch+json" };

/**
 * Runs a plan's actions (plan-bridge-pass.ts): a group's in order, stopping it at the first failure or at a row
 * write that changed no row; the other groups go on. Creates that find the object already there are done (the
 * names are deterministic). Throws after the last group when any action failed, so the reconcile loop retries
 * with backoff; the next pass plans again from what is then true.
 */
export async function runBridgeActions(deps: BridgeActionDeps, actions: readonly BridgeAction[]): Promise<void> {
  const stopped = new Set<string>();
  const errors: unknown[] = [];
  for (const action of actions) {
    if (stopped.has(action.group)) continue;
    try {
      if (!(await runAction(deps, action))) stopped.add(action.group);
    } catch (err) {
      stopped.add(action.group);
      errors.push(err);
      deps.log.warn({ err, action: action.kind }, "A bridge action failed; its submission waits for the next pass");
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, `${errors.length} bridge action(s) failed`);
}

/** Whether the group goes on. */
async function runAction(deps: BridgeActionDeps, action: BridgeAction): Promise<boolean> {
  const { api, namespace, signal } = deps;
  switch (action.kind) {
    case "createSecret":
      await createIfAbsent(api, collectionPath(secrets, namespace), action.secret, signal);
      return true;
    case "createRequest": {
      const created = await createIfAbsent<ExhaustRequest>(api, collectionPath(exhaustRequests, namespace), action.request, signal);
      if (created !== undefined) {
        // The shared cache learns it now: the ownSecret that follows finds it there, and so does every controller.
        deps.requests.learn(created);
        deps.metrics.requestsCreated.inc({ report: action.request.spec.report });
        if (action.lagMs !== undefined) deps.metrics.submissionLag.observe(action.lagMs / 1000);
        await deps.recorder.record(created, { type: "Normal", reason: "CreatedFromJobRequest", action: "Create", note: "Created by the Sunbird bridge for a job_request submission" });
      }
      return true;
    }
    case "ownSecret": {
      const request = deps.requests.get(namespace, action.requestName) ?? (await api.request<ExhaustRequest>("GET", objectPath(exhaustRequests, namespace, action.requestName), { signal }));
      const owner = { apiVersion: apiVersionOf(exhaustRequests), kind: exhaustRequests.kind, name: action.requestName, uid: request.metadata.uid ?? "", controller: true };
      await api.request("PATCH", objectPath(secrets, namespace, action.secretName), { ...mergePatch, body: { metadata: { ownerReferences: [owner] } }, signal });
      return true;
    }
    case "deleteSecret":
      await deleteObject(api, secrets, namespace, action.name, { signal });
      return true;
    case "writeRow": {
      const { rowCount } = await deps.rows.query(updateRow(deps.table, action.write));
      if (rowCount === 0 || rowCount === null) return false;
      const status = action.write.change.status;
      deps.metrics.writeBacks.inc({ status });
      for (const request of deps.requests.list(namespace).filter((r) => r.metadata.labels?.[SUBMISSION_LABEL] === action.group)) {
        await deps.recorder.record(request, { type: status === "FAILED" ? "Warning" : "Normal", reason: "JobRequestWritten", action: "WriteBack", note: `The job_request row now says ${status}` });
      }
      return true;
    }
    case "markWrittenBack":
      for (const name of action.requestNames) {
        await api.request("PATCH", objectPath(exhaustRequests, namespace, name), { ...mergePatch, body: { metadata: { labels: { [WRITTEN_BACK_LABEL]: "true" } } }, signal }).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
      }
      return true;
    case "removeFinalizer": {
      const request = deps.requests.get(namespace, action.requestName);
      if (request !== undefined) await removeFinalizer(api, exhaustRequests, request, WRITE_BACK_FINALIZER, { signal });
      return true;
    }
  }
}

/** POST, or undefined when the object already exists. */
async function createIfAbsent<T>(api: KubeApi, path: string, body: unknown, signal: AbortSignal): Promise<T | undefined> {
  try {
    return await api.request<T>("POST", path, { body, signal });
  } catch (err) {
    if (isAlreadyExists(err)) return undefined;
    throw err;
  }
}
