import { RequestConditionType } from "../../../crds/conditions.ts";
import type { ExhaustRequest, RequestPhase } from "../../../crds/exhaust-request.ts";
import type { RunRecord } from "../../../crds/exhaust-schedule.ts";
import { controllerOwnerUid } from "../../kube/meta/kube-object.ts";
import { instantMs, toMetaTime } from "../../kube/meta/meta-time.ts";
import { clipMessage } from "../../status/clip-message.ts";
import { findCondition } from "../../status/set-condition.ts";
import { RUN_NOW_TOKEN_ANNOTATION, SCHEDULED_AT_ANNOTATION } from "./run-names.ts";

export type FinishedResult = Extract<RequestPhase, "Succeeded" | "PartiallySucceeded" | "Failed">;

/** What the planner needs of one request the schedule controls. */
export interface RunView {
  name: string;
  uid?: string;
  /** The scheduled-at annotation; creationTimestamp when it is missing (someone edited it away). */
  scheduledMs: number;
  runNowToken?: string;
  /** Set once the request finished; finished requests are history, the others are active. */
  result?: FinishedResult;
  /** completionTime, else the slot: a stable value, so passes agree on it. */
  completedMs?: number;
  deleting: boolean;
  record?: RunRecord;
}

const FINISHED: ReadonlySet<string> = new Set<FinishedResult>(["Succeeded", "PartiallySucceeded", "Failed"]);

export const isFinishedResult = (phase: string | undefined): phase is FinishedResult => phase !== undefined && FINISHED.has(phase);

/** A PartiallySucceeded run has failed batches: it counts with the failures (history limit, lastFailureTime). */
export const countsAsSuccess = (result: RunRecord["result"]): boolean => result === "Succeeded";

/** True when `request` names `ownerUid` as its controller: the only way a request is ours (never adopted). */
export const isControlledBy = (request: ExhaustRequest, ownerUid: string | undefined): boolean => ownerUid !== undefined && controllerOwnerUid(request) === ownerUid;

export function runViewOf(request: ExhaustRequest): RunView {
  const { metadata, status } = request;
  const annotations = metadata.annotations ?? {};
  const scheduledMs = instantMs(annotations[SCHEDULED_AT_ANNOTATION]) ?? instantMs(metadata.creationTimestamp) ?? 0;
  const token = annotations[RUN_NOW_TOKEN_ANNOTATION];
  const base: RunView = {
    name: metadata.name ?? "",
    ...(metadata.uid === undefined ? {} : { uid: metadata.uid }),
    scheduledMs,
    ...(token === undefined ? {} : { runNowToken: token }),
    deleting: metadata.deletionTimestamp !== undefined,
  };
  const phase = status?.phase;
  if (!isFinishedResult(phase)) return base;
  const completedMs = instantMs(status?.completionTime) ?? scheduledMs;
  const startedMs = instantMs(status?.startTime);
  const reason = reasonOf(request, phase);
  const record: RunRecord = {
    name: base.name,
    scheduledTime: toMetaTime(new Date(scheduledMs)),
    result: phase,
    ...(status?.totals === undefined ? {} : { rows: status.totals.rows, bytes: status.totals.bytes }),
    ...(startedMs === undefined ? {} : { durationSeconds: Math.max(0, Math.round((completedMs - startedMs) / 1000)) }),
    ...(reason === undefined ? {} : { reason }),
  };
  return { ...base, result: phase, completedMs, record };
}

/** The request's own verdict: its Failed condition for a failure, its Succeeded condition's reason otherwise. */
function reasonOf(request: ExhaustRequest, phase: FinishedResult): string | undefined {
  const conditions = request.status?.conditions;
  if (phase === "Succeeded") return findCondition(conditions, RequestConditionType.Succeeded)?.reason;
  const failed = findCondition(conditions, RequestConditionType.Failed);
  return failed === undefined ? undefined : clipMessage(`${failed.reason}: ${failed.message}`);
}
