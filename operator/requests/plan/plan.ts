import type { V1Job } from "@kubernetes/client-node";
import { RequestReason } from "../../../crds/conditions.ts";
import { MAX_WARNINGS, type BatchStatus, type ExhaustRequest, type ExhaustRequestStatus, type RequestPhase } from "../../../crds/exhaust-request.ts";
import type { OperatorConfig } from "../../config/operator-config.ts";
import { instantMs, toMetaTime } from "../../kube/meta/meta-time.ts";
import { acceptBatches, type Acceptance, type BatchResolution, type CollectionStatuses } from "./accept-batches.ts";
import { freeSlots, type ActiveJobCounts } from "../capacity/admission-slots.ts";
import { advanceBatch, newestJobByBatch, type BatchContext } from "./advance-batch.ts";
import { gitOpsManagerOf, ttlNotAppliedWarning } from "./gitops-managed.ts";
import { isJobFinished } from "./outcome.ts";
import { mergeProgress, withoutProgress, type JobProgressReading } from "./progress-merge.ts";
import { progressRecheckMs } from "./progress-reads.ts";
import type { PodDiagnostics } from "../runner-job/pod-diagnostics.ts";
import { conditionsFor, type ConditionState } from "./request-conditions.ts";
import { transitionEvents } from "./request-events.ts";
import type { PlannedEvent } from "../../kube/events/event-recorder.ts";
import { isBatchFinished, isRequestFinished, phaseOf, progressOf, totalsOf } from "./request-status.ts";
import { retryBudgetFor } from "./retry-backoff.ts";
import { memberBatchIdsOf, membersOf } from "../runner-job/runner-job.ts";
import { acceptedAtMs, type ScanCandidate } from "../capacity/shared-scans.ts";
import { channelStall, jobConflictStall, podStall, secretStall, type SecretPresence, type Stall } from "./stall-detection.ts";
import type { ChannelPolicy } from "../../../crds/export-policy.ts";
import { parkWaiting, startBatches } from "../capacity/start-batches.ts";

/** Everything the shell read for one request: cache reads and a few store reads, as plain data. */
export interface ObservedRequest {
  request: ExhaustRequest;
  /** Jobs labelled with this request's name or naming it as an owner; those not ours only block the names they hold. */
  jobs: readonly V1Job[];
  /** diagnosePods() of each Job's pods, by Job name. */
  pods: Readonly<Record<string, PodDiagnostics>>;
  /** Jobs the shell created that its cache does not show yet (expectations), so they are not taken as vanished. */
  expectedJobs?: readonly string[];
  /** course_batch and content_hierarchy, read only while needsResolution(request). */
  resolution?: BatchResolution;
  collections?: CollectionStatuses;
  passwordSecret?: SecretPresence;
  /** The request namespace's export policy (an unknown namespace allows nothing); undefined when the policy is off. */
  channelPolicy?: ChannelPolicy;
  /** Active runner Jobs over all requests (D17). */
  activeJobs: ActiveJobCounts;
  /** enrolmentEstimates() for sizing; batches without a count use the default tier. */
  enrolmentEstimates?: Readonly<Record<string, number>>;
  /** D18: first attempts waiting in other requests of the namespace, in no Job yet; they may share a scan. */
  peers?: readonly ScanCandidate[];
  /** The latest progress line of Running batches whose runner log was read in this pass, by batch id. */
  progress?: Readonly<Record<string, JobProgressReading>>;
}

/** In the order the shell runs them; it stops at the first failure, so no event claims a create that failed. */
export type Action = { kind: "deleteJob"; name: string } | { kind: "createJob"; job: V1Job } | ({ kind: "event" } & PlannedEvent) | { kind: "deleteRequest" };

export interface RequestPlan {
  status: ExhaustRequestStatus;
  actions: Action[];
  requeueAfterMs?: number;
}

/** The accepted batch list lives in status; course_batch and content_hierarchy are read only until then. */
export const needsResolution = (request: ExhaustRequest): boolean =>
  (request.status?.batches?.length ?? 0) === 0 && !isRequestFinished(request.status?.phase);

/** The pure decision for one request: (observed, now) -> status, actions, requeue delay. See docs/operator.md. */
export function planRequest(observed: ObservedRequest, now: Date, config: OperatorConfig): RequestPlan {
  const { request } = observed;
  const nowMs = now.getTime();
  const stored = request.status;
  const owned = observed.jobs.filter((j) => isControlledBy(j, request.metadata.uid) || isSharedWith(j, request));
  if (request.metadata.deletionTimestamp !== undefined) return { status: stored ?? {}, actions: [] };
  if (isRequestFinished(stored?.phase)) return finishedPlan(request, owned, nowMs);

  const channelProblem = observed.channelPolicy === undefined ? undefined : channelStall(request.spec, request.metadata.namespace ?? "", observed.channelPolicy);
  const recheckMs = config.requests.recheckSeconds * 1000;
  const accepted = stored?.batches !== undefined && stored.batches.length > 0;
  const acceptance: Acceptance = accepted
    ? { kind: "accepted", batches: stored.batches ?? [], warnings: stored.warnings ?? [] }
    : channelProblem !== undefined
      ? // Refused before acceptance: the shell read nothing for it (no batches, no Secret), so it waits, stalled.
        { kind: "waiting", ...channelProblem }
      : acceptBatches(request.spec, observed.resolution, observed.collections, config.requests.maxBatchesPerRequest, toMetaTime(now));
  if (acceptance.kind === "waiting") {
    // Only a request not accepted yet waits here, so a channel problem is what stalls it.
    const stalled = channelProblem === undefined ? {} : { stalled: channelProblem };
    const state: ConditionState = { acceptance: { status: "Unknown", reason: acceptance.reason, message: acceptance.message }, batches: [], phase: "Pending", suspended: request.spec.suspend, ...stalled };
    return finish(observed, now, { batches: [], warnings: [], phase: "Pending", state }, [], [recheckMs]);
  }
  if (acceptance.kind === "rejected") {
    const state: ConditionState = { acceptance: { status: "False", reason: acceptance.reason, message: acceptance.message }, batches: [], phase: "Failed", suspended: request.spec.suspend };
    return finish(observed, now, { batches: [], warnings: acceptance.warnings, phase: "Failed", state }, [], []);
  }

  const ctx: BatchContext = {
    nowMs,
    budget: retryBudgetFor(request.spec, config),
    jobs: new Map(owned.map((j) => [j.metadata?.name ?? "", j])),
    newestJobOf: newestJobByBatch(owned, (job) => memberBatchIdsOf(job, request.metadata.name ?? "")),
    pods: observed.pods,
    expectedJobs: new Set(observed.expectedJobs ?? []),
  };
  let batches = acceptance.batches.map((b) => mergeProgress(advanceBatch(b, ctx), observed.progress?.[b.batchId]));
  const actions: Action[] = [];
  const wakeAts: number[] = [];

  const requestSeconds = request.spec.deadlines?.requestSeconds;
  const startMs = instantMs(stored?.startTime) ?? (batches.some((b) => b.attempts > 0) ? nowMs : undefined);
  const deadlineMs = requestSeconds === undefined || startMs === undefined ? undefined : startMs + requestSeconds * 1000;
  let deadlineExceeded: { message: string } | undefined;
  if (deadlineMs !== undefined && nowMs >= deadlineMs) {
    deadlineExceeded = { message: `Request deadline of ${requestSeconds}s exceeded` };
    actions.push(...activeJobsOf(batches, ctx.jobs, request).map((name): Action => ({ kind: "deleteJob", name })));
    batches = batches.map((b) => (isBatchFinished(b) ? b : failForDeadline(b, deadlineExceeded?.message ?? "", now)));
  } else if (deadlineMs !== undefined) wakeAts.push(deadlineMs);

  const blocker = channelProblem ?? secretStall(request.spec, observed.passwordSecret);
  let conflict: Stall | undefined;
  if (deadlineExceeded === undefined && (request.spec.suspend || blocker !== undefined)) {
    batches = parkWaiting(batches, nowMs);
  } else if (deadlineExceeded === undefined) {
    const batchSeconds = request.spec.deadlines?.batchSeconds ?? config.deadlines.batchSeconds;
    const remaining = deadlineMs === undefined ? (requestSeconds ?? Infinity) : Math.ceil((deadlineMs - nowMs) / 1000);
    const started = startBatches({
      request,
      batches,
      nowMs,
      config,
      requestId: requestIdOf(request),
      freeSlots: freeSlots(observed.activeJobs, config.limits),
      foreignJobNames: new Set(observed.jobs.filter((j) => !owned.includes(j)).map((j) => j.metadata?.name ?? "")),
      enrolmentEstimates: observed.enrolmentEstimates ?? {},
      activeDeadlineSeconds: Math.max(1, Math.min(batchSeconds, remaining)),
      acceptedMs: acceptedAtMs(request, nowMs),
      ...(observed.peers === undefined ? {} : { peers: observed.peers }),
    });
    if (started.wakeAtMs !== undefined) wakeAts.push(started.wakeAtMs);
    batches = started.batches;
    actions.push(...started.jobs.map((job): Action => ({ kind: "createJob", job })));
    if (started.conflict !== undefined) conflict = jobConflictStall(started.conflict);
  }

  const firstJobMs = instantMs(stored?.startTime) ?? (batches.some((b) => b.attempts > 0) ? nowMs : undefined);
  const pods = podStall(batches, ctx.jobs, observed.pods, config.stall.pendingSeconds * 1000, nowMs);
  if (pods.wakeAtMs !== undefined) wakeAts.push(pods.wakeAtMs);
  const stalled = blocker ?? conflict ?? pods.stall;
  const retries = batches.filter((b) => b.phase === "Retrying" && b.nextRetryTime !== undefined);
  for (const b of retries) wakeAts.push(instantMs(b.nextRetryTime) ?? nowMs);
  const waitsForSlot = batches.some((b) => b.phase === "Queued");
  // Nothing we watch announces a freed slot in another request, a created Secret or a removed foreign Job.
  const recheck = waitsForSlot || blocker !== undefined || conflict !== undefined ? [recheckMs] : [];
  // Progress lines announce themselves to no watch: a Running batch's log is looked at again after an interval.
  const progressMs = config.progress.intervalSeconds * 1000;
  if (progressMs > 0 && batches.some((b) => b.phase === "Running")) recheck.push(progressRecheckMs(progressMs, observed.activeJobs.global, config.progress.logReadsPerSecond));
  const phase = phaseOf(batches, "accepted");
  const nextRetry = retries.sort((a, b) => ((a.nextRetryTime ?? "") < (b.nextRetryTime ?? "") ? -1 : 1))[0];
  const state: ConditionState = {
    acceptance: { status: "True", reason: RequestReason.SpecAccepted, message: acceptedMessage(batches.length, acceptance.warnings.length) },
    batches,
    phase,
    suspended: request.spec.suspend,
    ...(stalled === undefined ? {} : { stalled }),
    ...(deadlineExceeded === undefined ? {} : { deadlineExceeded }),
    ...(nextRetry?.nextRetryTime === undefined ? {} : { nextRetry: { batchId: nextRetry.batchId, at: nextRetry.nextRetryTime } }),
  };
  const delays = [...recheck, ...wakeAts.map((at) => Math.max(0, at - nowMs))];
  return finish(observed, now, { batches, warnings: acceptance.warnings, phase, state, startMs: firstJobMs }, actions, isRequestFinished(phase) ? [] : delays);
}

interface Outline {
  batches: BatchStatus[];
  warnings: string[];
  phase: RequestPhase;
  state: ConditionState;
  startMs?: number;
}

/** Assembles the status, adds transition events after the Job actions, and picks the earliest wake-up. */
function finish(observed: ObservedRequest, now: Date, o: Outline, actions: Action[], delaysMs: number[]): RequestPlan {
  const { request } = observed;
  const stored = request.status;
  const generation = request.metadata.generation;
  const totals = totalsOf(o.batches);
  const finished = isRequestFinished(o.phase);
  const status: ExhaustRequestStatus = {
    ...(generation === undefined ? {} : { observedGeneration: generation }),
    phase: o.phase,
    conditions: conditionsFor(stored?.conditions, o.state, generation, now),
    ...(o.batches.length === 0 ? {} : { batches: o.batches }),
    totals,
    progress: progressOf(totals),
    requestId: requestIdOf(request),
    ...(o.startMs === undefined ? {} : { startTime: stored?.startTime ?? toMetaTime(new Date(o.startMs)) }),
    ...(finished ? { completionTime: stored?.completionTime ?? toMetaTime(now) } : {}),
    ...(o.warnings.length === 0 ? {} : { warnings: o.warnings }),
  };
  const events = transitionEvents(stored, status).map((e): Action => ({ kind: "event", ...e }));
  const ttl = request.spec.ttlSecondsAfterFinished;
  const delays = finished && ttl !== undefined ? [...delaysMs, ttl * 1000] : delaysMs;
  return { status, actions: [...actions, ...events], ...(delays.length === 0 ? {} : { requeueAfterMs: Math.min(...delays) }) };
}

/**
 * A finished request changes no more: status keeps its record (observedGeneration follows spec edits such as
 * suspend), Jobs still active (a delete after the deadline that failed) are deleted again, and the request itself is
 * deleted once ttlSecondsAfterFinished has passed since completionTime.
 */
function finishedPlan(request: ExhaustRequest, owned: readonly V1Job[], nowMs: number): RequestPlan {
  const stored = request.status ?? {};
  const generation = request.metadata.generation;
  const status: ExhaustRequestStatus =
    generation === undefined
      ? stored
      : { ...stored, observedGeneration: generation, conditions: stored.conditions?.map((c) => ({ ...c, observedGeneration: generation })) };
  const actions: Action[] = owned.filter((j) => !isJobFinished(j) && !servesOthers(j, request)).map((j) => ({ kind: "deleteJob", name: j.metadata?.name ?? "" }));
  const ttl = request.spec.ttlSecondsAfterFinished;
  const completedMs = instantMs(stored.completionTime);
  if (ttl === undefined || completedMs === undefined) return { status, actions };
  const gitOps = gitOpsManagerOf(request);
  if (gitOps !== undefined) return { status: withWarning(status, ttlNotAppliedWarning(gitOps)), actions };
  const dueMs = completedMs + ttl * 1000;
  if (nowMs >= dueMs) return { status, actions: [...actions, { kind: "deleteRequest" }] };
  return { status, actions, requeueAfterMs: dueMs - nowMs };
}

function withWarning(status: ExhaustRequestStatus, warning: string): ExhaustRequestStatus {
  const warnings = status.warnings ?? [];
  if (warnings.includes(warning)) return status;
  return { ...status, warnings: [...warnings, warning].slice(-MAX_WARNINGS) };
}

function failForDeadline(b: BatchStatus, message: string, now: Date): BatchStatus {
  const { nextRetryTime: _n, ...rest } = withoutProgress(b);
  return { ...rest, phase: "Failed", lastError: { message, retryable: false }, completionTime: toMetaTime(now) };
}

// A shared scan Job (D18) also runs other requests' batches: one request's deadline fails its own batches only.
const activeJobsOf = (batches: readonly BatchStatus[], jobs: ReadonlyMap<string, V1Job>, request: ExhaustRequest): string[] => [
  ...new Set(
    batches
      .filter((b) => b.phase === "Running" && b.jobName !== undefined)
      .map((b) => b.jobName ?? "")
      .filter((name) => {
        const job = jobs.get(name);
        return job !== undefined && !isJobFinished(job) && !servesOthers(job, request);
      }),
  ),
];

/** The request id in output keys: the spec's (bridge requests mirror Sunbird's), else the resource's UID. */
export const requestIdOf = (request: ExhaustRequest): string =>
  request.spec.requestId ?? request.status?.requestId ?? request.metadata.uid ?? request.metadata.name ?? "";

const isControlledBy = (job: V1Job, uid: string | undefined): boolean =>
  uid !== undefined && (job.metadata?.ownerReferences ?? []).some((r) => r.controller === true && r.uid === uid);

/** A shared scan Job that lists this request among its members and among its owners (by UID). */
const isSharedWith = (job: V1Job, request: ExhaustRequest): boolean =>
  membersOf(job)[request.metadata.name ?? ""] !== undefined && (job.metadata?.ownerReferences ?? []).some((r) => r.uid === request.metadata.uid);

const servesOthers = (job: V1Job, request: ExhaustRequest): boolean => Object.keys(membersOf(job)).some((name) => name !== request.metadata.name);

const acceptedMessage = (count: number, warnings: number): string =>
  `Accepted ${count} ${count === 1 ? "batch" : "batches"}${warnings === 0 ? "" : ` (${warnings} ${warnings === 1 ? "warning" : "warnings"})`}`;
