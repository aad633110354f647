import type { ScheduleReason } from "../../../crds/conditions.ts";
import { ScheduleConditionType as T } from "../../../crds/conditions.ts";
import type { ExhaustSchedule, ExhaustScheduleStatus } from "../../../crds/exhaust-schedule.ts";
import { clipMessage } from "../../status/clip-message.ts";
import { setCondition, type Condition } from "../../status/set-condition.ts";

export interface ConditionValue {
  status: Condition["status"];
  reason: string;
  message: string;
}

/** Every condition of a schedule, in a fixed order; set-condition keeps lastTransitionTime unless a status flips. */
export function scheduleConditions(
  old: readonly Condition[] | undefined,
  values: Readonly<Record<T, ConditionValue>>,
  generation: number | undefined,
  now: Date,
): Condition[] {
  let conditions = [...(old ?? [])];
  for (const type of [T.ScheduleValid, T.LastRunSucceeded, T.MissedRuns, T.Blocked]) {
    const { status, reason, message } = values[type];
    const update = { type, status, reason, message: clipMessage(message), ...(generation === undefined ? {} : { observedGeneration: generation }) };
    conditions = setCondition(conditions, update, now).conditions;
  }
  return conditions;
}

/**
 * The count at the start of a MissedRuns message ("3 slots not started …"). The status has no counter field and
 * the condition is the record of the episode, so the count is carried there and read back; an unreadable message
 * restarts the count.
 */
export const missedCountOf = (condition: ConditionValue | undefined): number =>
  condition?.status === "True" ? Number(/^(\d+) /.exec(condition.message)?.[1] ?? 0) : 0;

export const missedMessage = (count: number, newest: string, why: string): string =>
  `${count} ${count === 1 ? "slot" : "slots"} not started since the last slot that started; newest ${newest}: ${why}`;

/**
 * The stored status with Blocked=True: what the shell writes when a planned create fails (FailedCreate, or
 * UnexpectedRequest when AlreadyExists names an object this schedule does not control). Nothing else moves, so the
 * next pass plans the same run again.
 */
export function blockedStatus(
  schedule: ExhaustSchedule,
  reason: typeof ScheduleReason.FailedCreate | typeof ScheduleReason.UnexpectedRequest,
  message: string,
  now: Date,
): ExhaustScheduleStatus {
  const stored = schedule.status ?? {};
  const generation = schedule.metadata.generation;
  const update = { type: T.Blocked, status: "True" as const, reason, message: clipMessage(message), ...(generation === undefined ? {} : { observedGeneration: generation }) };
  return { ...stored, conditions: setCondition(stored.conditions, update, now).conditions };
}
