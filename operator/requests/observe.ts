import type { V1Job } from "@kubernetes/client-node";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import { keyOf } from "../kube/kube-object.ts";
import { asV1Job, asV1Pod, BY_JOB, BY_REQUEST, type RequestCaches } from "./caches.ts";
import { diagnosePods, type PodDiagnostics } from "./pod-diagnostics.ts";
import type { ObservedRequest } from "./plan.ts";
import type { RunnerSlots } from "./runner-slots.ts";
import { enrolmentEstimates } from "./sizing.ts";
import type { StoreFacts } from "./store-reads.ts";

export interface ObserveInput {
  caches: RequestCaches;
  slots: RunnerSlots;
  request: ExhaustRequest;
  facts: StoreFacts;
  /** Jobs found on create to be held by another owner; they carry no request label, so no cache shows them. */
  foreignJobs: readonly V1Job[];
}

const WAITING = new Set(["Pending", "Queued", "Retrying"]);

/** Cache reads into the plain data planRequest takes; synchronous, so it can be repeated under the slot lock. */
export function observeRequest(input: ObserveInput): ObservedRequest {
  const { caches, request, facts } = input;
  const key = keyOf(request);
  const namespace = request.metadata.namespace ?? "";
  const jobs = [...caches.jobs.byIndex(BY_REQUEST, key).map(asV1Job), ...input.foreignJobs];
  const pods: Record<string, PodDiagnostics> = {};
  for (const job of jobs) {
    const name = job.metadata?.name ?? "";
    const owned = caches.pods.byIndex(BY_JOB, `${namespace}/${name}`);
    if (owned.length > 0) pods[name] = diagnosePods(owned.map(asV1Pod));
  }
  const cachedNames = new Set(jobs.map((j) => j.metadata?.name ?? ""));
  const expectedJobs = input.slots.expectedFor(key).filter((name) => !cachedNames.has(name));
  const waits = facts.resolution !== undefined || (request.status?.batches ?? []).some((b) => WAITING.has(b.phase));
  const resolved = facts.resolution?.kind === "resolved" ? facts.resolution.found : [];
  return {
    request,
    jobs,
    pods,
    ...(expectedJobs.length === 0 ? {} : { expectedJobs }),
    ...(facts.resolution === undefined ? {} : { resolution: facts.resolution }),
    ...(facts.collections === undefined ? {} : { collections: facts.collections }),
    ...(facts.passwordSecret === undefined ? {} : { passwordSecret: facts.passwordSecret }),
    activeJobs: input.slots.countsFor(caches, request.spec.requestedChannel),
    // Sizing needs estimates only for batches about to start.
    ...(waits ? { enrolmentEstimates: enrolmentEstimates(resolved, request.spec.report, caches.requests.list(namespace)) } : {}),
  };
}
