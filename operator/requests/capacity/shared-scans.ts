import { RequestConditionType } from "../../../crds/conditions.ts";
import type { BatchStatus, ExhaustRequest } from "../../../crds/exhaust-request.ts";
import { instantMs } from "../../kube/meta/meta-time.ts";
import { KUEUE_QUEUE_LABEL } from "../runner-job/runner-job.ts";

/**
 * D18 across requests: without an index on batchid every runner Job scans the whole enrolments table, so first
 * attempts of batches waiting in several requests of one namespace may share one Job. A candidate is such a batch.
 */
export interface ScanCandidate {
  request: ExhaustRequest;
  /** The request's id in output keys (requestIdOf). */
  requestId: string;
  batch: BatchStatus;
  /** When its request's batches were accepted: the gathering window starts there. */
  acceptedMs: number;
}

/**
 * Batches share a Job only when one runner env fits them all: the same report, collection, requesting org, output
 * options, password reference and Kueue queue. Only the request id differs, and it travels per batch.
 */
export function shareKeyOf(request: ExhaustRequest, batch: BatchStatus): string {
  const { spec } = request;
  const ref = spec.password?.secretKeyRef;
  return JSON.stringify([
    spec.report,
    batch.collectionId ?? spec.collectionId,
    spec.requestedChannel,
    spec.output?.format ?? "",
    spec.output?.encryption ?? "",
    spec.output?.provider ?? "",
    spec.output?.bucket ?? "",
    spec.output?.prefix ?? "",
    ref?.name ?? "",
    ref?.key ?? "",
    request.metadata.labels?.[KUEUE_QUEUE_LABEL] ?? "",
  ]);
}

/** When the request's batches were accepted (its Accepted condition turned True); `nowMs` while this pass accepts them. */
export function acceptedAtMs(request: ExhaustRequest, nowMs: number): number {
  const accepted = request.status?.conditions?.find((c) => c.type === RequestConditionType.Accepted && c.status === "True");
  return (request.status?.batches?.length ?? 0) === 0 ? nowMs : (instantMs(accepted?.lastTransitionTime) ?? nowMs);
}

/** The request a candidate belongs to, as the member keys and Job names use it. */
export const memberOf = (request: ExhaustRequest): string => request.metadata.uid ?? request.metadata.name ?? "";

/**
 * Groups candidates of equal share key into groups of at most `maxPerScan`, earliest accepted first, each request's
 * batches in their status order. A group never holds one batch id twice (each output is named by its batch id), so a
 * second request for a batch goes into another group.
 */
export function sharedScanGroups(candidates: readonly ScanCandidate[], maxPerScan: number): ScanCandidate[][] {
  const ordered = candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.acceptedMs - b.c.acceptedMs || compare(memberOf(a.c.request), memberOf(b.c.request)) || a.i - b.i)
    .map(({ c }) => c);
  const open = new Map<string, ScanCandidate[][]>();
  const groups: ScanCandidate[][] = [];
  for (const c of ordered) {
    const key = shareKeyOf(c.request, c.batch);
    const ofKey = open.get(key) ?? [];
    let group = ofKey.find((g) => g.length < maxPerScan && !g.some((m) => m.batch.batchId === c.batch.batchId));
    if (group === undefined) {
      group = [];
      ofKey.push(group);
      open.set(key, ofKey);
      groups.push(group);
    }
    group.push(c);
  }
  return groups;
}

/**
 * Until when a group waits for more members: a group that is not full starts once the window of its earliest
 * accepted member has passed, so no batch waits longer than `gatherMs`. Undefined: start now.
 */
export function heldUntil(group: readonly ScanCandidate[], maxPerScan: number, gatherMs: number, nowMs: number): number | undefined {
  if (group.length >= maxPerScan || gatherMs <= 0 || group.length === 0) return undefined;
  const until = Math.min(...group.map((c) => c.acceptedMs)) + gatherMs;
  return nowMs < until ? until : undefined;
}

/** Deterministic over the members, whoever creates it: the sorted (request, batch) pairs name the Job. */
export const sharedMemberKeys = (group: readonly ScanCandidate[]): string[] => group.map((c) => `${memberOf(c.request)}/${c.batch.batchId}`).sort();

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
