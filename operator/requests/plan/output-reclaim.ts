import type { V1Job } from "@kubernetes/client-node";
import { azureBlobEndpoint } from "../../../crds/azure-blob-endpoint.ts";
import { RequestConditionType, RequestReason } from "../../../crds/conditions.ts";
import type { ExhaustRequest, StorageProvider } from "../../../crds/exhaust-request.ts";
import { isBatchObjectKey } from "../../../crds/report-object-key.ts";
import type { OperatorConfig } from "../../config/operator-config.ts";
import type { PlannedEvent } from "../../kube/events/event-recorder.ts";
import { setCondition, type Condition } from "../../status/set-condition.ts";
import { storedObjectOf } from "../../storage/object-location.ts";
import { memberBatchIdsOf, membersOf } from "../runner-job/runner-job.ts";
import { outputLocationOf, textSettingOf } from "../runner-job/output-location.ts";
import { isJobFinished } from "./outcome.ts";
import { requestIdOf } from "./plan.ts";

// spec.outputReclaimPolicy (docs/reports.md, "How long outputs live"): with Delete the operator holds this finalizer
// on the request, and removes it only once every report object its batches wrote is gone, as a PersistentVolume's
// Delete policy removes the volume before the claim goes.
export const OUTPUTS_FINALIZER = "exhaust.sunbird.org/outputs";

/** One folder of report objects, `<prefix><report>-exhaust/<requestId>/`, in one bucket (Azure: container). */
export interface OutputFolder {
  provider: StorageProvider;
  bucket: string;
  /** Azure only, when an objectUri names the account (wasb). */
  account?: string;
  /** The key prefix of the folder; every listing is limited to it. */
  folder: string;
  /** The key prefix before `<report>-exhaust/` (storage.keyPrefix or spec.output.prefix). */
  prefix: string;
}

/** What deleting the request's outputs needs: the folders to list and which keys in them are the request's own. */
export interface OutputTargets {
  folders: OutputFolder[];
  report: string;
  requestId: string;
  batchIds: string[];
}

export type ReclaimStep =
  /** Nothing to do for outputs: the reconcile goes on (or, when the request is being deleted, lets it go). */
  | { kind: "none" }
  /** Policy Delete and no finalizer yet: add it before any Job can write. */
  | { kind: "addFinalizer" }
  /** Policy Retain (set from the start, changed later, or to give up a deletion): the objects stay. */
  | { kind: "removeFinalizer" }
  /** Being deleted with runner Jobs still running: delete them first (their pods with them), so no object appears after the cleanup. */
  | { kind: "stopJobs"; names: string[] }
  /** Being deleted: Jobs still stopping, or shared scans that also serve other requests, which are left to finish. */
  | { kind: "waitForJobs"; names: string[] }
  /** Being deleted, no runner left: delete every object of `targets`, then remove the finalizer. */
  | { kind: "deleteObjects"; targets: OutputTargets };

/**
 * The outputs decision for one request, level-triggered: whether it should hold the finalizer, and, once it is being
 * deleted, what still stands between it and the deletion of its objects. `jobs` are the Jobs naming the request as
 * an owner (its own and shared scans); finished Jobs write nothing more and are ignored.
 */
export function reclaimStep(request: ExhaustRequest, jobs: readonly V1Job[], runner: OperatorConfig["runner"], others: readonly ExhaustRequest[] = []): ReclaimStep {
  const holds = (request.metadata.finalizers ?? []).includes(OUTPUTS_FINALIZER);
  const wantsDelete = request.spec.outputReclaimPolicy === "Delete";
  if (request.metadata.deletionTimestamp === undefined) {
    if (wantsDelete && !holds) return { kind: "addFinalizer" };
    return !wantsDelete && holds ? { kind: "removeFinalizer" } : { kind: "none" };
  }
  if (!holds) return { kind: "none" };
  if (!wantsDelete) return { kind: "removeFinalizer" };
  const name = request.metadata.name ?? "";
  // Every unfinished Job labelled for the request counts, owner reference or not: `kubectl delete --cascade=orphan`
  // strips the references from Jobs that still run and write.
  const active = jobs.filter((j) => !isJobFinished(j));
  // Stopped: this request's own Jobs, or orphans; a Job another (earlier, same-named) request owns is waited for.
  const ours = (j: V1Job): boolean => (j.metadata?.ownerReferences ?? []).every((r) => r.uid === request.metadata.uid);
  const stoppable = active.filter((j) => j.metadata?.deletionTimestamp === undefined && ours(j) && Object.keys(membersOf(j)).every((member) => member === name));
  if (stoppable.length > 0) return { kind: "stopJobs", names: namesOf(stoppable) };
  if (active.length > 0) return { kind: "waitForJobs", names: namesOf(active) };
  return { kind: "deleteObjects", targets: outputTargets(request, jobs, runner, others) };
}

const namesOf = (jobs: readonly V1Job[]): string[] => jobs.map((j) => j.metadata?.name ?? "").sort();

/**
 * Where the request's objects are: the folder its spec and the operator's settings name (as its Jobs got them), and
 * the folders of the objectUris in its status that are this request's own report files (a changed configuration
 * since). Batches: only those it ran (in its status, or in its Jobs), never the ones its spec merely lists, so a
 * request that never ran deletes nothing; and never a batch that another live request with the same requestId and
 * report lists or ran (`others`): a requestId is the user's to set, and may be another's (docs/reports.md).
 */
export function outputTargets(request: ExhaustRequest, jobs: readonly V1Job[], runner: OperatorConfig["runner"], others: readonly ExhaustRequest[] = []): OutputTargets {
  const report = request.spec.report;
  const requestId = requestIdOf(request);
  const name = request.metadata.name ?? "";
  const batches = request.status?.batches ?? [];
  const fromJobs = jobs.flatMap((j) => memberBatchIdsOf(j, name));
  const sharers = others.filter((o) => o.metadata.uid !== request.metadata.uid && o.metadata.deletionTimestamp === undefined && o.spec.report === report && requestIdOf(o) === requestId);
  const shared = new Set(sharers.flatMap((o) => [...(o.spec.batches.ids ?? []), ...(o.status?.batches ?? []).map((b) => b.batchId)]));
  const batchIds = [...new Set([...batches.map((b) => b.batchId), ...fromJobs])].filter((id) => !shared.has(id)).sort();
  const folderOf = (prefix: string): string => `${prefix}${report}-exhaust/${requestId}/`;
  const folders: OutputFolder[] = [];
  const { provider, bucket, prefix = "" } = outputLocationOf(request, runner);
  const account = textSettingOf(runner, "azureAccountName");
  if (bucket !== undefined) folders.push({ provider, bucket, folder: folderOf(prefix), prefix });
  const endpoint = textSettingOf(runner, "azureBlobEndpoint") ?? (account === undefined ? undefined : azureBlobEndpoint(account));
  for (const b of batches) {
    const object = b.objectUri === undefined ? undefined : storedObjectOf(b.objectUri, endpoint);
    if (object === undefined || !isBatchObjectKey(object.key, { report, requestId, batchId: b.batchId })) continue;
    const own = object.key.slice(0, object.key.lastIndexOf(`${report}-exhaust/${requestId}/`));
    const found: OutputFolder = { provider: object.provider, bucket: object.bucket, folder: folderOf(own), prefix: own, ...(object.account === undefined ? {} : { account: object.account }) };
    if (!folders.some((f) => sameFolder(f, found))) folders.push(found);
  }
  return { folders, report, requestId, batchIds };
}

const sameFolder = (a: OutputFolder, b: OutputFolder): boolean =>
  a.provider === b.provider && a.bucket === b.bucket && a.folder === b.folder && (a.account === undefined || b.account === undefined || a.account === b.account);

/**
 * Whether a key listed under `folder` is one of the request's report files (or an unfinished upload of one): a
 * batch's file of any date, never another batch's (`b1` does not own `b1_x`'s) nor anything else in the folder.
 */
export const isOwnOutput = (targets: OutputTargets, folder: OutputFolder, key: string): boolean =>
  targets.batchIds.some((batchId) => isBatchObjectKey(key, { prefix: folder.prefix, report: targets.report, requestId: targets.requestId, batchId }));

/** The request's OutputsDeleted condition while the finalizer holds it: what it waits for, or why deleting failed. */
export function reclaimCondition(conditions: readonly Condition[] | undefined, step: Extract<ReclaimStep, { kind: "stopJobs" | "waitForJobs" }> | { kind: "failed"; message: string }, now: Date): { conditions: Condition[]; changed: boolean } {
  const giveUp = `; to keep the objects instead, set spec.outputReclaimPolicy to Retain (or remove the finalizer ${OUTPUTS_FINALIZER})`;
  const update =
    step.kind === "failed"
      ? { reason: RequestReason.OutputDeletionFailed, message: `deleting the report objects failed, retrying with backoff: ${step.message}${giveUp}` }
      : { reason: RequestReason.WaitingForJobs, message: `the report objects are deleted once these runner Jobs have ended: ${step.names.join(", ")}${giveUp}` };
  return setCondition(conditions, { type: RequestConditionType.OutputsDeleted, status: "False", ...update }, now);
}

/** The Warning Event of a failed deletion; its message is the condition's. */
export const reclaimFailedEvent = (message: string): PlannedEvent => ({ type: "Warning", reason: RequestReason.OutputDeletionFailed, action: "DeleteOutputs", message });
