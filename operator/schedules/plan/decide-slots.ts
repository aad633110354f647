import type { ExhaustScheduleSpec } from "../../../crds/exhaust-schedule.ts";
import type { UnmetSlots } from "./unmet-slots.ts";

export interface SlotDecision {
  /** Slots to start, newest first (before concurrencyPolicy has its say). */
  start: number[];
  /** Slots given up: past startingDeadlineSeconds, superseded by a newer slot, or late under Skip. Newest first. */
  missed: number[];
  /** Slots that passed while suspended. Newest first. */
  suspended: number[];
}

export type SlotPolicy = Pick<ExhaustScheduleSpec, "suspend" | "missedRunPolicy" | "maxMissedRuns" | "startingDeadlineSeconds">;

/**
 * Which unmet slots start. The newest slot is the current one; older unmet slots were missed while the controller
 * was away (superseded before they started). A slot older than startingDeadlineSeconds never starts, under any
 * policy (CronJob's tooLate). Then:
 * - RunLatest (CronJob's behaviour): the newest slot starts, however late, unless the deadline passed;
 * - Skip: the newest slot starts only if it is on time: within the deadline, or without one within
 *   `lateStartGraceMs` (a restart or a leader hand-over is not "away"); older slots never start;
 * - RunAll: every materialised slot within the deadline starts, newest first (at most maxMissedRuns + 1).
 * Suspended: nothing starts; every slot that passed is skipped.
 */
export function decideSlots(policy: SlotPolicy, unmet: UnmetSlots, nowMs: number, lateStartGraceMs: number): SlotDecision {
  const slots = unmet.newestFirst;
  if (policy.suspend) return { start: [], missed: [], suspended: [...slots] };
  const deadlineMs = policy.startingDeadlineSeconds === undefined ? Infinity : policy.startingDeadlineSeconds * 1000;
  const inTime = (slot: number) => nowMs - slot <= deadlineMs;
  const [newest] = slots;
  let start: number[];
  switch (policy.missedRunPolicy) {
    case "RunAll":
      start = slots.filter(inTime).slice(0, policy.maxMissedRuns + 1);
      break;
    case "RunLatest":
      start = newest !== undefined && inTime(newest) ? [newest] : [];
      break;
    case "Skip": {
      const graceMs = policy.startingDeadlineSeconds === undefined ? lateStartGraceMs : deadlineMs;
      start = newest !== undefined && nowMs - newest <= graceMs ? [newest] : [];
      break;
    }
  }
  return { start, missed: slots.filter((s) => !start.includes(s)), suspended: [] };
}
