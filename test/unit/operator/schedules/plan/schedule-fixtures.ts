// Plain-object fixtures for the schedule planner's tests: a schedule (parsed, so defaults apply) and its runs.
import type { Condition } from "../../../../../crds/conditions.ts";
import type { ExhaustRequest, RequestPhase } from "../../../../../crds/exhaust-request.ts";
import { exhaustScheduleSchema, type ExhaustSchedule, type ExhaustScheduleSpecInput, type ExhaustScheduleStatus } from "../../../../../crds/exhaust-schedule.ts";
import { RUN_NOW_TOKEN_ANNOTATION, SCHEDULED_AT_ANNOTATION } from "../../../../../operator/schedules/plan/run-names.ts";

export const SCHEDULE_UID = "5c1d2e3f-0000-4000-8000-000000000001";
export const SCHEDULE_NAME = "progress-daily";
export const SCHEDULE_CREATED = "2026-03-01T00:00:00Z";

export function scheduleWith(spec: Partial<ExhaustScheduleSpecInput> = {}, status?: ExhaustScheduleStatus, meta: { generation?: number; deletionTimestamp?: string } = {}): ExhaustSchedule {
  return exhaustScheduleSchema.parse({
    apiVersion: "exhaust.sunbird.org/v1alpha1",
    kind: "ExhaustSchedule",
    metadata: { name: SCHEDULE_NAME, namespace: "exhaust", uid: SCHEDULE_UID, generation: meta.generation ?? 1, creationTimestamp: SCHEDULE_CREATED, ...(meta.deletionTimestamp === undefined ? {} : { deletionTimestamp: meta.deletionTimestamp }) },
    spec: {
      schedules: ["0 2 * * *"],
      template: {
        metadata: { labels: { team: "lern" }, annotations: { note: "nightly" } },
        spec: { report: "progress", collectionId: "do_course", batches: { all: { statuses: [1] } }, requestedBy: "user-1", requestedChannel: "org-1", deadlines: { requestSeconds: 21600 } },
      },
      ...spec,
    },
    ...(status === undefined ? {} : { status }),
  });
}

export interface RunOptions {
  phase?: RequestPhase;
  startTime?: string;
  completionTime?: string;
  rows?: number;
  bytes?: number;
  failed?: { reason: string; message: string };
  deleting?: boolean;
  /** Another controller's uid, or none at all. */
  ownerUid?: string | null;
  runNowToken?: string;
}

/** An ExhaustRequest named `name` for the slot at `scheduledAt`, controlled by the schedule unless told otherwise. */
export function runRequest(name: string, scheduledAt: string, o: RunOptions = {}): ExhaustRequest {
  const ownerUid = o.ownerUid === undefined ? SCHEDULE_UID : o.ownerUid;
  const conditions: Condition[] = [];
  if (o.phase === "Succeeded") conditions.push({ type: "Succeeded", status: "True", reason: "AllBatchesSucceeded", message: "All 1 batches succeeded", lastTransitionTime: o.completionTime ?? scheduledAt });
  if (o.failed !== undefined) conditions.push({ type: "Failed", status: "True", ...o.failed, lastTransitionTime: o.completionTime ?? scheduledAt });
  return {
    apiVersion: "exhaust.sunbird.org/v1alpha1",
    kind: "ExhaustRequest",
    metadata: {
      name,
      namespace: "exhaust",
      uid: `uid-${name}`,
      creationTimestamp: scheduledAt,
      annotations: { [SCHEDULED_AT_ANNOTATION]: scheduledAt, ...(o.runNowToken === undefined ? {} : { [RUN_NOW_TOKEN_ANNOTATION]: o.runNowToken }) },
      ...(ownerUid === null ? {} : { ownerReferences: [{ apiVersion: "exhaust.sunbird.org/v1alpha1", kind: "ExhaustSchedule", name: SCHEDULE_NAME, uid: ownerUid, controller: true, blockOwnerDeletion: true }] }),
      ...(o.deleting === true ? { deletionTimestamp: scheduledAt } : {}),
    },
    spec: { report: "progress", collectionId: "do_course", batches: { all: { statuses: [1] } }, requestedBy: "user-1", requestedChannel: "org-1", suspend: false, outputReclaimPolicy: "Retain" },
    status: {
      phase: o.phase ?? "Running",
      ...(o.startTime === undefined ? {} : { startTime: o.startTime }),
      ...(o.completionTime === undefined ? {} : { completionTime: o.completionTime }),
      ...(o.rows === undefined ? {} : { totals: { batches: 1, succeeded: 1, failed: 0, running: 0, queued: 0, rows: o.rows, bytes: o.bytes ?? 0 } }),
      ...(conditions.length === 0 ? {} : { conditions }),
    },
  };
}
