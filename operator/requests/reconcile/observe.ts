import type { V1Job } from "@kubernetes/client-node";
import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import { keyOf } from "../../kube/meta/kube-object.ts";
import { asV1Job, asV1Pod, BY_JOB, BY_OWNER, BY_REQUEST, type RequestCaches } from "./caches.ts";
import { diagnosePods, type PodDiagnostics } from "../runner-job/pod-diagnostics.ts";
import { requestIdOf, type ObservedRequest } from "../plan/plan.ts";
import { isBatchWaiting, isRequestFinished } from "../plan/request-status.ts";
import { memberBatchIdsOf } from "../runner-job/runner-job.ts";
import type { RunnerSlots } from "./runner-slots.ts";
import type { JobProgressReading } from "../plan/progress-merge.ts";
import { acceptedAtMs, type ScanCandidate } from "../capacity/shared-scans.ts";
import { enrolmentEstimates } from "../capacity/sizing.ts";
import type { StoreFacts } from "../store-reads/store-reader.ts";
import type { ChannelPolicy } from "../../../crds/export-policy.ts";

export interface ObserveInput {
  caches: RequestCaches;
  slots: RunnerSlots;
  request: ExhaustRequest;
  facts: StoreFacts;
  /** Starts the gathering window of a request accepted in this pass. */
  nowMs: number;
  /** Jobs found on create to be held by another owner; they carry no request label, so no cache shows them. */
  foreignJobs: readonly V1Job[];
  /** Progress lines read in this pass (ProgressReader), by batch id. */
  progress?: Readonly<Record<string, JobProgressReading>>;
  /** The namespace's export policy, read once per pass (namespaceChannelPolicy); undefined when the policy is off. */
  channelPolicy: ChannelPolicy | undefined;
}

/** Cache reads into the plain data planRequest takes; synchronous, so it can be repeated under the slot lock. */
export function observeRequest(input: ObserveInput): ObservedRequest {
  const { caches, request, facts } = input;
  const key = keyOf(request);
  const namespace = request.metadata.namespace ?? "";
  const jobs = [...jobsOf(caches, request), ...input.foreignJobs];
  const pods: Record<string, PodDiagnostics> = {};
  for (const job of jobs) {
    const name = job.metadata?.name ?? "";
    const owned = job.metadata?.uid === undefined ? [] : caches.pods.byIndex(BY_JOB, job.metadata.uid);
    if (owned.length > 0) pods[name] = diagnosePods(owned.map(asV1Pod));
  }
  const cachedNames = new Set(jobs.map((j) => j.metadata?.name ?? ""));
  const expectedJobs = input.slots.expectedFor(key).filter((name) => !cachedNames.has(name));
  const waits = facts.resolution !== undefined || (request.status?.batches ?? []).some(isBatchWaiting);
  const resolved = facts.resolution?.kind === "resolved" ? facts.resolution.found : [];
  const fresh = facts.resolution !== undefined || (request.status?.batches ?? []).some((b) => b.attempts === 0 && isBatchWaiting(b));
  const peers = fresh ? peersOf(caches, request, input.nowMs) : [];
  return {
    request,
    jobs,
    pods,
    ...(expectedJobs.length === 0 ? {} : { expectedJobs }),
    ...(facts.resolution === undefined ? {} : { resolution: facts.resolution }),
    ...(facts.collections === undefined ? {} : { collections: facts.collections }),
    ...(facts.passwordSecret === undefined ? {} : { passwordSecret: facts.passwordSecret }),
    activeJobs: input.slots.countsFor(caches, request.spec.requestedChannel),
    ...(input.channelPolicy === undefined ? {} : { channelPolicy: input.channelPolicy }),
    ...(peers.length === 0 ? {} : { peers }),
    ...(input.progress === undefined || Object.keys(input.progress).length === 0 ? {} : { progress: input.progress }),
    // Sizing needs estimates only for batches about to start.
    ...(waits ? { enrolmentEstimates: enrolmentEstimates(resolved, request.spec.report, caches.requests.list(namespace)) } : {}),
  };
}

/** The request's runner Jobs: labelled with it (it created them) or naming it as an owner (a shared scan, D18). */
export function jobsOf(caches: RequestCaches, request: ExhaustRequest): V1Job[] {
  const uid = request.metadata.uid;
  const all = [...caches.jobs.byIndex(BY_REQUEST, keyOf(request)), ...(uid === undefined ? [] : caches.jobs.byIndex(BY_OWNER, uid))];
  return [...new Map(all.map((j) => [j.metadata?.name ?? "", asV1Job(j)])).values()];
}

/**
 * First attempts waiting in the other accepted requests of the namespace that no Job holds yet (D18). Under the slot
 * lock the caches include every Job created so far, so a batch another request's Job claimed is never offered twice.
 */
function peersOf(caches: RequestCaches, request: ExhaustRequest, nowMs: number): ScanCandidate[] {
  const peers: ScanCandidate[] = [];
  for (const other of caches.requests.list(request.metadata.namespace ?? "")) {
    if (other.metadata.uid === request.metadata.uid || other.metadata.deletionTimestamp !== undefined || other.spec.suspend) continue;
    if (isRequestFinished(other.status?.phase)) continue;
    const waiting = (other.status?.batches ?? []).filter((b) => b.attempts === 0 && (b.phase === "Pending" || b.phase === "Queued"));
    if (waiting.length === 0) continue;
    const claimed = new Set(jobsOf(caches, other).flatMap((j) => memberBatchIdsOf(j, other.metadata.name ?? "")));
    const acceptedMs = acceptedAtMs(other, nowMs);
    for (const batch of waiting) if (!claimed.has(batch.batchId)) peers.push({ request: other, requestId: requestIdOf(other), batch, acceptedMs });
  }
  return peers;
}
