import { z } from "zod";
import { boundedString, nonNegativeInt, timestampSchema } from "./common.ts";

/** metav1.Condition, with the same bounds the Kubernetes API puts on it. */
export const conditionSchema = z.object({
  type: boundedString(316, 1).regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/),
  status: z.enum(["True", "False", "Unknown"]),
  observedGeneration: nonNegativeInt().optional(),
  lastTransitionTime: timestampSchema,
  reason: boundedString(1024, 1).regex(/^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/),
  message: boundedString(32768),
});
export type Condition = z.infer<typeof conditionSchema>;

/** A bounded condition list keyed by type, as the API conventions ask. */
export const conditionsSchema = z
  .array(conditionSchema)
  .max(16)
  .meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["type"] });

export const RequestConditionType = {
  /** The spec passed the checks only the controller can make (Secrets exist, batches resolve, limits hold). */
  Accepted: "Accepted",
  /** Batches are queued, running or waiting for a retry. */
  Progressing: "Progressing",
  /** Every batch succeeded. */
  Succeeded: "Succeeded",
  /** The request is finished and at least one batch failed for good (PartiallySucceeded sets this too). */
  Failed: "Failed",
  /** The request cannot move until someone acts (a missing Secret, a name conflict). */
  Stalled: "Stalled",
  /** Being deleted with outputReclaimPolicy Delete: False while the report objects are not deleted yet (reason says why). */
  OutputsDeleted: "OutputsDeleted",
} as const;
export type RequestConditionType = (typeof RequestConditionType)[keyof typeof RequestConditionType];

export const RequestReason = {
  SpecAccepted: "SpecAccepted",
  SecretNotFound: "SecretNotFound",
  SecretKeyNotFound: "SecretKeyNotFound",
  TooManyBatches: "TooManyBatches",
  NoDataFound: "NoDataFound",
  Suspended: "Suspended",
  Queued: "Queued",
  BatchesRunning: "BatchesRunning",
  WaitingForRetry: "WaitingForRetry",
  Completed: "Completed",
  AllBatchesSucceeded: "AllBatchesSucceeded",
  SomeBatchesFailed: "SomeBatchesFailed",
  AllBatchesFailed: "AllBatchesFailed",
  DeadlineExceeded: "DeadlineExceeded",
  NonRetryableError: "NonRetryableError",
  RetriesExhausted: "RetriesExhausted",
  JobOwnedByOther: "JobOwnedByOther",
  ResolvingBatches: "ResolvingBatches",
  ResolutionUnavailable: "ResolutionUnavailable",
  ChannelNotAllowed: "ChannelNotAllowed",
  WaitingForJobs: "WaitingForJobs",
  OutputDeletionFailed: "OutputDeletionFailed",
} as const;
export type RequestReason = (typeof RequestReason)[keyof typeof RequestReason];

export const ScheduleConditionType = {
  /** The cron expressions parse and the time zone exists; False names the bad one in the message. */
  ScheduleValid: "ScheduleValid",
  /** The outcome of the newest finished run; its reason is the printer column "Last Result". */
  LastRunSucceeded: "LastRunSucceeded",
  /** True while slots were skipped (deadline passed, suspended, Forbid) since the last successful start. */
  MissedRuns: "MissedRuns",
  /** A run could not be started (Forbid with a run active, its name taken by an object we do not own, creation failed). */
  Blocked: "Blocked",
} as const;
export type ScheduleConditionType = (typeof ScheduleConditionType)[keyof typeof ScheduleConditionType];

/** Reasons named as the CronJob controller names its Events, where one exists. */
export const ScheduleReason = {
  Valid: "Valid",
  UnparseableSchedule: "UnparseableSchedule",
  InvalidSchedule: "InvalidSchedule",
  UnknownTimeZone: "UnknownTimeZone",
  NoRunsYet: "NoRunsYet",
  Succeeded: "Succeeded",
  PartiallySucceeded: "PartiallySucceeded",
  Failed: "Failed",
  NoMissedRuns: "NoMissedRuns",
  MissSchedule: "MissSchedule",
  TooManyMissedTimes: "TooManyMissedTimes",
  JobAlreadyActive: "JobAlreadyActive",
  NotBlocked: "NotBlocked",
  UnexpectedRequest: "UnexpectedRequest",
  FailedCreate: "FailedCreate",
} as const;
export type ScheduleReason = (typeof ScheduleReason)[keyof typeof ScheduleReason];
