import type { V1Job } from "@kubernetes/client-node";
import type { BatchStatus, ExhaustRequest } from "../../../crds/exhaust-request.ts";
import type { OperatorConfig } from "../../config/operator-config.ts";
import { instantMs, toMetaTime } from "../../kube/meta/meta-time.ts";
import { jobNameFor } from "../runner-job/job-name.ts";
import { runnerJobFor, type ScanPartner } from "../runner-job/runner-job.ts";
import { scanGroups } from "./scan-groups.ts";
import { heldUntil, sharedMemberKeys, sharedScanGroups, type ScanCandidate } from "./shared-scans.ts";
import { tierFor } from "./sizing.ts";

export interface StartInput {
  request: ExhaustRequest;
  batches: readonly BatchStatus[];
  nowMs: number;
  config: OperatorConfig;
  requestId: string;
  /** Runner Jobs this request may still start (admission-slots). */
  freeSlots: number;
  /** Names of Jobs that exist but belong to another controller. */
  foreignJobNames: ReadonlySet<string>;
  enrolmentEstimates: Readonly<Record<string, number>>;
  activeDeadlineSeconds: number;
  /** When this request's batches were accepted: its gathering window starts there (D18). */
  acceptedMs?: number;
  /** First attempts waiting in other requests of the namespace and not yet in any Job (D18). */
  peers?: readonly ScanCandidate[];
}

export interface StartResult {
  batches: BatchStatus[];
  jobs: V1Job[];
  /** A Job name we need is taken by an object we do not own. */
  conflict?: string;
  /** The earliest end of a gathering window that holds batches back. */
  wakeAtMs?: number;
}

/** The prefix of shared scan Jobs' names; their members, not one request, name them. */
export const SHARED_JOB_PREFIX = "exhaust-scan";

/** A batch waiting to run: never started, waiting for a slot, or due for its retry. */
export const isWaiting = (b: BatchStatus, nowMs: number): boolean =>
  b.phase === "Pending" || b.phase === "Queued" || (b.phase === "Retrying" && (instantMs(b.nextRetryTime) ?? 0) <= nowMs);

interface Group {
  own: BatchStatus[];
  partners: ScanPartner[];
  name: string;
  attempt: number;
  heldUntilMs?: number;
}

/**
 * Starts what may start: waiting batches are put into scan groups (D18), then groups get Jobs in batch order while
 * slots last (D17); the rest are Queued. First attempts may share a Job with other requests' batches and wait up to
 * `scan.gatherSeconds` for them; a retry shares only with this request's retries of the same attempt.
 */
export function startBatches(input: StartInput): StartResult {
  const { config, nowMs } = input;
  const updates = new Map<string, BatchStatus>();
  const jobs: V1Job[] = [];
  let conflict: string | undefined;
  let wakeAtMs: number | undefined;
  for (const group of groupsOf(input)) {
    const ids = group.own.map((b) => b.batchId);
    if (group.heldUntilMs !== undefined) {
      wakeAtMs = Math.min(wakeAtMs ?? Infinity, group.heldUntilMs);
      continue;
    }
    if (input.foreignJobNames.has(group.name)) conflict ??= group.name;
    if (jobs.length >= input.freeSlots || input.foreignJobNames.has(group.name)) {
      for (const b of group.own) updates.set(b.batchId, queued(b));
      continue;
    }
    const collectionId = group.own[0]?.collectionId ?? input.request.spec.collectionId;
    const allIds = [...ids, ...group.partners.flatMap((p) => p.batchIds)];
    const tier = tierFor(allIds.map((id) => input.enrolmentEstimates[id]), config.runner.resourceTiers, config.runner.defaultTier);
    jobs.push(
      runnerJobFor({
        request: input.request,
        name: group.name,
        batchIds: allIds,
        collectionId,
        attempt: group.attempt,
        requestId: input.requestId,
        tier,
        activeDeadlineSeconds: input.activeDeadlineSeconds,
        config,
        ...(group.partners.length === 0 ? {} : { partners: group.partners }),
      }),
    );
    for (const b of group.own) {
      const { nextRetryTime: _n, ...rest } = b;
      updates.set(b.batchId, { ...rest, phase: "Running", attempts: group.attempt, jobName: group.name, startTime: b.startTime ?? toMetaTime(new Date(nowMs)) });
    }
  }
  return {
    batches: input.batches.map((b) => updates.get(b.batchId) ?? b),
    jobs,
    ...(conflict === undefined ? {} : { conflict }),
    ...(wakeAtMs === undefined ? {} : { wakeAtMs }),
  };
}

/** This request's groups in the order of their first batch: shared-scan groups of first attempts, then retries. */
function groupsOf(input: StartInput): Group[] {
  const { config, nowMs, request } = input;
  const requestName = request.metadata.name ?? "";
  const sharing = !config.scan.enrolmentsHaveBatchIdIndex && config.scan.maxBatchesPerScan > 1;
  const waiting = input.batches.filter((b) => isWaiting(b, nowMs));
  const fresh = sharing ? waiting.filter((b) => b.attempts === 0) : [];
  const retries = waiting.filter((b) => !fresh.includes(b));
  const groups: Group[] = [];

  const own = fresh.map((batch): ScanCandidate => ({ request, requestId: input.requestId, batch, acceptedMs: input.acceptedMs ?? nowMs }));
  for (const members of sharedScanGroups([...own, ...(input.peers ?? [])], config.scan.maxBatchesPerScan)) {
    const mine = members.filter((c) => c.request === request).map((c) => c.batch);
    if (mine.length === 0) continue;
    const partners = partnersOf(members.filter((c) => c.request !== request));
    const name = partners.length === 0 ? jobNameFor(requestName, mine.map((b) => b.batchId), 1) : jobNameFor(SHARED_JOB_PREFIX, sharedMemberKeys(members), 1);
    const held = heldUntil(members, config.scan.maxBatchesPerScan, config.scan.gatherSeconds * 1000, nowMs);
    groups.push({ own: mine, partners, name, attempt: 1, ...(held === undefined ? {} : { heldUntilMs: held }) });
  }
  for (const group of scanGroups(retries, (b) => `${b.collectionId ?? request.spec.collectionId}/${b.attempts}`, config.scan.maxBatchesPerScan, sharing)) {
    const attempt = (group[0]?.attempts ?? 0) + 1;
    groups.push({ own: group, partners: [], name: jobNameFor(requestName, group.map((b) => b.batchId), attempt), attempt });
  }
  const order = new Map(input.batches.map((b, i) => [b.batchId, i]));
  const first = (g: Group) => Math.min(...g.own.map((b) => order.get(b.batchId) ?? 0));
  return groups.sort((a, b) => first(a) - first(b));
}

/** Other requests' members, one partner per request. */
function partnersOf(members: readonly ScanCandidate[]): ScanPartner[] {
  const byRequest = new Map<ExhaustRequest, ScanPartner>();
  for (const c of members) {
    const partner = byRequest.get(c.request) ?? { request: c.request, requestId: c.requestId, batchIds: [] };
    byRequest.set(c.request, { ...partner, batchIds: [...partner.batchIds, c.batch.batchId] });
  }
  return [...byRequest.values()];
}

function queued(b: BatchStatus): BatchStatus {
  const { nextRetryTime: _n, ...rest } = b;
  return { ...rest, phase: "Queued" };
}

/** While nothing may start (suspended, or a Secret is missing), waiting batches rest as Pending. */
export function parkWaiting(batches: readonly BatchStatus[], nowMs: number): BatchStatus[] {
  return batches.map((b) => {
    if (!isWaiting(b, nowMs)) return b;
    const { nextRetryTime: _n, ...rest } = b;
    return { ...rest, phase: "Pending" };
  });
}
