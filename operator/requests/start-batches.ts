import type { V1Job } from "@kubernetes/client-node";
import type { BatchStatus, ExhaustRequest } from "../../crds/exhaust-request.ts";
import type { OperatorConfig } from "../config.ts";
import { toMetaTime } from "../status/set-condition.ts";
import { instantMs } from "./instants.ts";
import { jobNameFor } from "./job-name.ts";
import { runnerJobFor } from "./runner-job.ts";
import { scanGroups } from "./scan-groups.ts";
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
}

export interface StartResult {
  batches: BatchStatus[];
  jobs: V1Job[];
  /** A Job name we need is taken by an object we do not own. */
  conflict?: string;
}

/** A batch waiting to run: never started, waiting for a slot, or due for its retry. */
export const isWaiting = (b: BatchStatus, nowMs: number): boolean =>
  b.phase === "Pending" || b.phase === "Queued" || (b.phase === "Retrying" && (instantMs(b.nextRetryTime) ?? 0) <= nowMs);

/**
 * Starts what may start: waiting batches are put into scan groups (D18), then groups get Jobs in batch order while
 * slots last (D17); the rest are Queued. Group members share collection and attempt, so one Job name (from the
 * sorted batch ids and the attempt) stands for all of them.
 */
export function startBatches(input: StartInput): StartResult {
  const { config, nowMs } = input;
  const waiting = input.batches.filter((b) => isWaiting(b, nowMs));
  const groups = scanGroups(waiting, (b) => `${b.collectionId ?? input.request.spec.collectionId}/${b.attempts}`, config.scan.maxBatchesPerScan, !config.scan.enrolmentsHaveBatchIdIndex);
  const updates = new Map<string, BatchStatus>();
  const jobs: V1Job[] = [];
  let conflict: string | undefined;
  for (const group of groups) {
    const ids = group.map((b) => b.batchId);
    const attempt = (group[0]?.attempts ?? 0) + 1;
    const name = jobNameFor(input.request.metadata.name ?? "", ids, attempt);
    if (input.foreignJobNames.has(name)) conflict ??= name;
    if (jobs.length >= input.freeSlots || input.foreignJobNames.has(name)) {
      for (const b of group) updates.set(b.batchId, queued(b));
      continue;
    }
    const collectionId = group[0]?.collectionId ?? input.request.spec.collectionId;
    const tier = tierFor(ids.map((id) => input.enrolmentEstimates[id]), config.runner.resourceTiers, config.runner.defaultTier);
    jobs.push(
      runnerJobFor({ request: input.request, name, batchIds: ids, collectionId, attempt, requestId: input.requestId, tier, activeDeadlineSeconds: input.activeDeadlineSeconds, config }),
    );
    for (const b of group) {
      const { nextRetryTime: _n, ...rest } = b;
      updates.set(b.batchId, { ...rest, phase: "Running", attempts: attempt, jobName: name, startTime: b.startTime ?? toMetaTime(new Date(nowMs)) });
    }
  }
  return { batches: input.batches.map((b) => updates.get(b.batchId) ?? b), jobs, ...(conflict === undefined ? {} : { conflict }) };
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
