import { describe, expect, it } from "vitest";
import type { Condition } from "../../../../../crds/conditions.ts";
import { exhaustRequestSchema, type ExhaustRequest } from "../../../../../crds/exhaust-request.ts";
import { exhaustScheduleSchema, type ExhaustScheduleSpecInput, type ExhaustScheduleStatus } from "../../../../../crds/exhaust-schedule.ts";
import { DEFAULT_SCHEDULE_CONFIG } from "../../../../../operator/config/schedule-config.ts";
import { planSchedule, type SchedulePlan } from "../../../../../operator/schedules/plan/plan.ts";
import { RUN_NOW_TOKEN_ANNOTATION, SCHEDULED_AT_ANNOTATION, runNowRequestName, slotRequestName } from "../../../../../operator/schedules/plan/run-names.ts";
import { exampleDocuments } from "../../../crds/examples.ts";
import { SCHEDULE_NAME, runRequest, scheduleWith, type RunOptions } from "./schedule-fixtures.ts";

// Named instants. The schedule ("0 2 * * *" in UTC unless a case says otherwise) was created at 2026-03-01T00:00Z.
const justBeforeFirstSlot = "2026-03-01T01:59:59Z";
const firstSlot = "2026-03-01T02:00:00Z";
const firstSlotPassed = "2026-03-01T02:00:00.100Z";
const secondSlot = "2026-03-02T02:00:00Z";
const secondSlotPassed = "2026-03-02T02:00:01Z";
const betweenSecondAndThird = "2026-03-02T12:00:00Z";
const thirdSlot = "2026-03-03T02:00:00Z";
const fourthSlot = "2026-03-04T02:00:00Z";
const fifthSlot = "2026-03-05T02:00:00Z";
const fifthSlotPassed = "2026-03-05T02:00:30Z";
const fifthSlotTenMinutesLate = "2026-03-05T02:10:00Z";
const sixthSlot = "2026-03-06T02:00:00Z";

const ms = (iso: string) => Date.parse(iso);
const slotName = (iso: string) => slotRequestName(SCHEDULE_NAME, ms(iso));
const run = (slot: string, o?: RunOptions) => runRequest(slotName(slot), slot, o);
const succeeded = (slot: string, o: RunOptions = {}) => run(slot, { phase: "Succeeded", startTime: slot, completionTime: new Date(ms(slot) + 300_000).toISOString().replace(".000Z", "Z"), rows: 10, bytes: 100, ...o });
const failed = (slot: string) =>
  run(slot, { phase: "Failed", startTime: slot, completionTime: new Date(ms(slot) + 60_000).toISOString().replace(".000Z", "Z"), failed: { reason: "AllBatchesFailed", message: "1 of 1 batches failed: b1: no data" } });
const afterFirst: ExhaustScheduleStatus = { lastScheduleTime: firstSlot };
const cond = (type: string, status: Condition["status"], reason: string, message: string): Condition => ({ type, status, reason, message, lastTransitionTime: firstSlot, observedGeneration: 1 });
const forbid = { concurrencyPolicy: "Forbid" as const };

interface Case {
  name: string;
  spec?: Partial<ExhaustScheduleSpecInput>;
  status?: ExhaustScheduleStatus;
  requests?: ExhaustRequest[];
  now: string;
  expect: {
    creates?: string[];
    deletes?: string[];
    lastScheduleTime?: string | null;
    nextScheduleTime?: string | null;
    active?: string[];
    history?: string[];
    conditions?: Record<string, string>;
    messages?: Record<string, RegExp>;
    events?: string[];
    requeueAfterMs?: number | null;
    lastRunNowToken?: string;
  };
}

const summary = (plan: SchedulePlan) => ({
  creates: plan.actions.flatMap((a) => (a.kind === "createRequest" ? [a.request.metadata.name ?? ""] : [])),
  deletes: plan.actions.flatMap((a) => (a.kind === "deleteRequest" ? [`${a.name}:${a.why}`] : [])),
  active: (plan.status.active ?? []).map((a) => a.name),
  history: (plan.status.history ?? []).map((h) => `${h.name}:${h.result}`),
  conditions: Object.fromEntries((plan.status.conditions ?? []).map((c) => [c.type, `${c.status}/${c.reason}`])),
  events: plan.events.map((e) => e.reason),
});

function check(plan: SchedulePlan, e: Case["expect"]): void {
  const s = summary(plan);
  if (e.creates !== undefined) expect(s.creates).toEqual(e.creates);
  if (e.deletes !== undefined) expect(s.deletes).toEqual(e.deletes);
  if (e.active !== undefined) expect(s.active).toEqual(e.active);
  if (e.history !== undefined) expect(s.history).toEqual(e.history);
  if (e.events !== undefined) expect(s.events).toEqual(e.events);
  if (e.conditions !== undefined) expect(s.conditions).toMatchObject(e.conditions);
  for (const [type, pattern] of Object.entries(e.messages ?? {})) expect(plan.status.conditions?.find((c) => c.type === type)?.message).toMatch(pattern);
  if (e.lastScheduleTime !== undefined) expect(plan.status.lastScheduleTime).toBe(e.lastScheduleTime ?? undefined);
  if (e.nextScheduleTime !== undefined) expect(plan.status.nextScheduleTime).toBe(e.nextScheduleTime ?? undefined);
  if (e.requeueAfterMs !== undefined) expect(plan.requeueAfterMs).toBe(e.requeueAfterMs ?? undefined);
  if (e.lastRunNowToken !== undefined) expect(plan.status.lastRunNowToken).toBe(e.lastRunNowToken);
}

const planOf = (c: Pick<Case, "spec" | "status" | "requests" | "now">) =>
  planSchedule(
    { schedule: scheduleWith(c.spec, c.status), requests: c.requests ?? [] },
    new Date(c.now),
    DEFAULT_SCHEDULE_CONFIG,
  );

const untilNext = (now: string, slot: string) => ms(slot) - ms(now) + 100;

const cases: Case[] = [
  // Slots, creation and requeue.
  {
    name: "never ran, before the first slot: nothing starts, every condition is set, requeue at the slot + 100 ms",
    now: justBeforeFirstSlot,
    expect: {
      creates: [],
      lastScheduleTime: null,
      nextScheduleTime: firstSlot,
      requeueAfterMs: 1100,
      events: [],
      conditions: { ScheduleValid: "True/Valid", LastRunSucceeded: "Unknown/NoRunsYet", MissedRuns: "False/NoMissedRuns", Blocked: "False/NotBlocked" },
    },
  },
  {
    name: "never ran, the first slot just passed: its request is created, lastScheduleTime moves, requeue at the next slot",
    now: firstSlotPassed,
    expect: { creates: [slotName(firstSlot)], lastScheduleTime: firstSlot, nextScheduleTime: secondSlot, active: [slotName(firstSlot)], events: ["SuccessfulCreate"], requeueAfterMs: untilNext(firstSlotPassed, secondSlot) },
  },
  {
    name: "the slot's request already exists (a crash before the status write): no second create, the slot counts as started",
    requests: [run(firstSlot)],
    now: "2026-03-01T02:00:05Z",
    expect: { creates: [], lastScheduleTime: firstSlot, active: [slotName(firstSlot)], events: [], conditions: { MissedRuns: "False/NoMissedRuns" } },
  },
  {
    name: "status lost (no lastScheduleTime) with runs on record: the newest run's slot is the anchor, nothing is re-run or marked missed",
    requests: [succeeded(firstSlot), run(secondSlot)],
    now: betweenSecondAndThird,
    expect: { creates: [], history: [`${slotName(firstSlot)}:Succeeded`], active: [slotName(secondSlot)], conditions: { MissedRuns: "False/NoMissedRuns" }, lastScheduleTime: secondSlot },
  },
  {
    name: "several cron lines: the 14:00 line fires, the next slot is the 02:00 line's",
    spec: { schedules: ["0 2 * * *", "0 14 * * *"] },
    status: afterFirst,
    now: "2026-03-01T14:00:01Z",
    expect: { creates: [slotName("2026-03-01T14:00:00Z")], lastScheduleTime: "2026-03-01T14:00:00Z", nextScheduleTime: secondSlot },
  },
  {
    name: "Berlin spring forward: the skipped 02:30 starts at the jump, then waits for 02:30 CEST",
    spec: { schedules: ["30 2 * * *"], timeZone: "Europe/Berlin" },
    status: { lastScheduleTime: "2026-03-28T01:30:00Z" },
    now: "2026-03-29T01:00:00.200Z",
    expect: { creates: [slotRequestName(SCHEDULE_NAME, ms("2026-03-29T01:00:00Z"))], lastScheduleTime: "2026-03-29T01:00:00Z", nextScheduleTime: "2026-03-30T00:30:00Z" },
  },
  {
    name: "New York fall back: inside the second 01:30 nothing is due again",
    spec: { schedules: ["30 1 * * *"], timeZone: "America/New_York" },
    status: { lastScheduleTime: "2026-11-01T05:30:00Z" },
    now: "2026-11-01T06:30:00.200Z",
    expect: { creates: [], lastScheduleTime: "2026-11-01T05:30:00Z", nextScheduleTime: "2026-11-02T06:30:00Z" },
  },

  // concurrencyPolicy.
  {
    name: "Allow with an active run: the next slot starts beside it",
    status: afterFirst,
    requests: [run(firstSlot)],
    now: secondSlotPassed,
    expect: { creates: [slotName(secondSlot)], active: [slotName(firstSlot), slotName(secondSlot)], conditions: { Blocked: "False/NotBlocked" } },
  },
  {
    name: "Allow with a finished run: it goes to history, the slot starts",
    status: afterFirst,
    requests: [succeeded(firstSlot)],
    now: secondSlotPassed,
    expect: { creates: [slotName(secondSlot)], active: [slotName(secondSlot)], history: [`${slotName(firstSlot)}:Succeeded`] },
  },
  {
    name: "Forbid with an active run: the slot is skipped and recorded, Blocked names the active run",
    spec: forbid,
    status: afterFirst,
    requests: [run(firstSlot)],
    now: secondSlotPassed,
    expect: {
      creates: [],
      lastScheduleTime: secondSlot,
      active: [slotName(firstSlot)],
      history: [`${slotName(secondSlot)}:Skipped`],
      conditions: { Blocked: "True/JobAlreadyActive", MissedRuns: "True/MissSchedule" },
      messages: { Blocked: new RegExp(slotName(firstSlot)), MissedRuns: /^1 slot not started .*concurrencyPolicy Forbid/ },
      events: ["JobAlreadyActive"],
    },
  },
  {
    name: "Forbid with only finished runs: the slot starts and Blocked stays clear",
    spec: forbid,
    status: afterFirst,
    requests: [failed(firstSlot)],
    now: secondSlotPassed,
    expect: { creates: [slotName(secondSlot)], conditions: { Blocked: "False/NotBlocked", LastRunSucceeded: "False/Failed" } },
  },
  {
    name: "Forbid, a later pass while the run is still active: Blocked stays, no event",
    spec: forbid,
    status: { lastScheduleTime: secondSlot, conditions: [cond("Blocked", "True", "JobAlreadyActive", "Not started slot: x still active")] },
    requests: [run(firstSlot)],
    now: betweenSecondAndThird,
    expect: { creates: [], conditions: { Blocked: "True/JobAlreadyActive" }, events: [] },
  },
  {
    name: "Forbid, the blocking run finished: Blocked clears",
    spec: forbid,
    status: { lastScheduleTime: secondSlot, conditions: [cond("Blocked", "True", "JobAlreadyActive", "Not started slot: x still active")] },
    requests: [succeeded(firstSlot)],
    now: betweenSecondAndThird,
    expect: { creates: [], conditions: { Blocked: "False/NotBlocked", LastRunSucceeded: "True/Succeeded" } },
  },
  {
    name: "Replace with an active run: it is deleted first and recorded Replaced, then the slot starts",
    spec: { concurrencyPolicy: "Replace" },
    status: afterFirst,
    requests: [run(firstSlot)],
    now: secondSlotPassed,
    expect: {
      deletes: [`${slotName(firstSlot)}:Replaced`],
      creates: [slotName(secondSlot)],
      active: [slotName(secondSlot)],
      history: [`${slotName(firstSlot)}:Replaced`],
      events: ["SuccessfulDelete", "SuccessfulCreate"],
    },
  },
  {
    name: "Replace with only finished runs: nothing is replaced",
    spec: { concurrencyPolicy: "Replace" },
    status: afterFirst,
    requests: [succeeded(firstSlot)],
    now: secondSlotPassed,
    expect: { deletes: [], creates: [slotName(secondSlot)], history: [`${slotName(firstSlot)}:Succeeded`] },
  },
  {
    name: "a run being deleted is no longer active",
    spec: forbid,
    status: afterFirst,
    requests: [run(firstSlot, { deleting: true })],
    now: secondSlotPassed,
    expect: { creates: [slotName(secondSlot)], active: [slotName(secondSlot)] },
  },

  // startingDeadlineSeconds at both edges.
  {
    name: "startingDeadlineSeconds 60, exactly 60 s late: the slot still starts",
    spec: { startingDeadlineSeconds: 60 },
    status: afterFirst,
    now: "2026-03-02T02:01:00Z",
    expect: { creates: [slotName(secondSlot)], conditions: { MissedRuns: "False/NoMissedRuns" } },
  },
  {
    name: "startingDeadlineSeconds 60, 61 s late: missed, recorded, MissSchedule, and lastScheduleTime moves on",
    spec: { startingDeadlineSeconds: 60 },
    status: afterFirst,
    now: "2026-03-02T02:01:01Z",
    expect: {
      creates: [],
      lastScheduleTime: secondSlot,
      history: [`${slotName(secondSlot)}:Missed`],
      conditions: { MissedRuns: "True/MissSchedule" },
      messages: { MissedRuns: /^1 slot not started .*newest 2026-03-02T02:00:00Z: past startingDeadlineSeconds \(60s\)/ },
      events: ["MissSchedule"],
      requeueAfterMs: untilNext("2026-03-02T02:01:01Z", thirdSlot),
    },
  },

  // A downtime of days (last slot handled 1 March, back on 5 March) under each missedRunPolicy.
  {
    name: "days away, RunLatest: the newest slot starts, the three before it are recorded Missed",
    status: afterFirst,
    now: fifthSlotPassed,
    expect: {
      creates: [slotName(fifthSlot)],
      lastScheduleTime: fifthSlot,
      history: [`${slotName(fourthSlot)}:Missed`, `${slotName(thirdSlot)}:Missed`, `${slotName(secondSlot)}:Missed`],
      conditions: { MissedRuns: "True/MissSchedule" },
      messages: { MissedRuns: /^3 slots not started .*newest 2026-03-04T02:00:00Z: a newer slot/ },
      events: ["MissSchedule", "SuccessfulCreate"],
    },
  },
  {
    name: "days away, Skip, ten minutes late: nothing starts, all four are missed",
    spec: { missedRunPolicy: "Skip" },
    status: afterFirst,
    now: fifthSlotTenMinutesLate,
    expect: { creates: [], lastScheduleTime: fifthSlot, history: [fifthSlot, fourthSlot, thirdSlot, secondSlot].map((s) => `${slotName(s)}:Missed`), messages: { MissedRuns: /^4 slots/ } },
  },
  {
    name: "days away, Skip, back 30 s after the newest slot: that slot is on time and starts",
    spec: { missedRunPolicy: "Skip" },
    status: afterFirst,
    now: fifthSlotPassed,
    expect: { creates: [slotName(fifthSlot)], history: [fourthSlot, thirdSlot, secondSlot].map((s) => `${slotName(s)}:Missed`) },
  },
  {
    name: "days away, RunAll: every slot starts, newest first",
    spec: { missedRunPolicy: "RunAll" },
    status: afterFirst,
    now: fifthSlotPassed,
    expect: { creates: [fifthSlot, fourthSlot, thirdSlot, secondSlot].map(slotName), history: [], conditions: { MissedRuns: "False/NoMissedRuns" } },
  },
  {
    name: "days away, RunAll with maxMissedRuns 2: the newest and two missed start; the fourth is beyond what is materialised (TooManyMissedTimes)",
    spec: { missedRunPolicy: "RunAll", maxMissedRuns: 2 },
    status: afterFirst,
    now: fifthSlotPassed,
    expect: { creates: [fifthSlot, fourthSlot, thirdSlot].map(slotName), history: [], conditions: { MissedRuns: "True/TooManyMissedTimes" }, messages: { MissedRuns: /^1 slot/ } },
  },
  {
    name: "years away from an hourly schedule: TooManyMissedTimes, one start, history bounded",
    spec: { schedules: ["@hourly"] },
    status: { lastScheduleTime: "2020-01-01T00:00:00Z" },
    now: "2026-03-01T02:00:00.100Z",
    expect: {
      creates: [slotRequestName(SCHEDULE_NAME, ms("2026-03-01T02:00:00Z"))],
      conditions: { MissedRuns: "True/TooManyMissedTimes" },
      events: ["TooManyMissedTimes", "MissSchedule", "SuccessfulCreate"],
    },
  },

  // suspend.
  {
    name: "suspended: the slot is skipped and counted, the active run continues, no next time shown, still requeued",
    spec: { suspend: true },
    status: afterFirst,
    requests: [run(firstSlot)],
    now: secondSlotPassed,
    expect: {
      creates: [],
      deletes: [],
      active: [slotName(firstSlot)],
      lastScheduleTime: secondSlot,
      nextScheduleTime: null,
      history: [`${slotName(secondSlot)}:Skipped`],
      conditions: { MissedRuns: "True/MissSchedule" },
      messages: { MissedRuns: /spec\.suspend is true/ },
      events: ["Suspended"],
      requeueAfterMs: untilNext(secondSlotPassed, thirdSlot),
    },
  },

  // runNow.
  {
    name: "runNow with a new token: one run starts now, the token is recorded, lastScheduleTime does not move",
    spec: { runNow: "2026-03-02T12:00:00Z" },
    status: { ...afterFirst, lastRunNowToken: "older" },
    now: betweenSecondAndThird,
    expect: { creates: [slotName(secondSlot), runNowRequestName(SCHEDULE_NAME, "2026-03-02T12:00:00Z")], lastRunNowToken: "2026-03-02T12:00:00Z", lastScheduleTime: secondSlot },
  },
  {
    name: "runNow with the token already acted on: nothing starts",
    spec: { runNow: "t1" },
    status: { lastScheduleTime: secondSlot, lastRunNowToken: "t1" },
    now: betweenSecondAndThird,
    expect: { creates: [], events: [] },
  },
  {
    name: "runNow while suspended: the token is acted on (recorded) and the run recorded Skipped; it never starts later",
    spec: { runNow: "t1", suspend: true },
    status: { lastScheduleTime: secondSlot },
    now: betweenSecondAndThird,
    expect: { creates: [], lastRunNowToken: "t1", history: [`${runNowRequestName(SCHEDULE_NAME, "t1")}:Skipped`], events: ["Suspended"] },
  },
  {
    name: "runNow under Forbid with an active run: skipped and recorded, the token is used up",
    spec: { runNow: "t1", ...forbid },
    status: { lastScheduleTime: secondSlot },
    requests: [run(secondSlot)],
    now: betweenSecondAndThird,
    expect: { creates: [], lastRunNowToken: "t1", history: [`${runNowRequestName(SCHEDULE_NAME, "t1")}:Skipped`], conditions: { Blocked: "True/JobAlreadyActive" }, events: ["JobAlreadyActive"] },
  },
  {
    name: "runNow under Replace with an active run: it is replaced",
    spec: { runNow: "t1", concurrencyPolicy: "Replace" },
    status: { lastScheduleTime: secondSlot },
    requests: [run(secondSlot)],
    now: betweenSecondAndThird,
    expect: { deletes: [`${slotName(secondSlot)}:Replaced`], creates: [runNowRequestName(SCHEDULE_NAME, "t1")], active: [runNowRequestName(SCHEDULE_NAME, "t1")] },
  },
  {
    name: "runNow under Replace in the pass that starts a slot: the runNow run wins and the slot's create is dropped",
    spec: { runNow: "t1", concurrencyPolicy: "Replace" },
    status: afterFirst,
    now: secondSlotPassed,
    expect: { deletes: [], creates: [runNowRequestName(SCHEDULE_NAME, "t1")], history: [`${slotName(secondSlot)}:Replaced`], events: ["SuccessfulCreate"] },
  },
  {
    name: "runNow whose request exists (a crash before the status write): the token is recorded, nothing is created",
    spec: { runNow: "t1" },
    status: { lastScheduleTime: secondSlot },
    requests: [runRequest(runNowRequestName(SCHEDULE_NAME, "t1"), "2026-03-02T11:59:00Z", { runNowToken: "t1" })],
    now: betweenSecondAndThird,
    expect: { creates: [], lastRunNowToken: "t1", active: [runNowRequestName(SCHEDULE_NAME, "t1")] },
  },

  // Names held by objects this schedule does not control: a condition, never an adoption.
  {
    name: "the slot's name is held by a request another owner controls: Blocked UnexpectedRequest, nothing moves, re-checked in 30 s",
    status: afterFirst,
    requests: [run(secondSlot, { ownerUid: "someone-else" })],
    now: secondSlotPassed,
    expect: {
      creates: [],
      active: [],
      lastScheduleTime: firstSlot,
      conditions: { Blocked: "True/UnexpectedRequest" },
      messages: { Blocked: new RegExp(`${slotName(secondSlot)} exists and is not controlled by this schedule`) },
      events: ["UnexpectedRequest"],
      requeueAfterMs: 30_000,
    },
  },
  {
    name: "the runNow name is held by an unowned request: Blocked, the token waits",
    spec: { runNow: "t1" },
    status: { lastScheduleTime: secondSlot },
    requests: [runRequest(runNowRequestName(SCHEDULE_NAME, "t1"), "2026-03-02T11:00:00Z", { ownerUid: null })],
    now: betweenSecondAndThird,
    expect: { creates: [], conditions: { Blocked: "True/UnexpectedRequest" } },
  },

  // Finished runs: history, LastRunSucceeded, times, pruning.
  {
    name: "a run finished successfully: LastRunSucceeded, lastSuccessfulTime, history with its numbers, one SawCompletedRequest",
    status: afterFirst,
    requests: [succeeded(firstSlot)],
    now: betweenSecondAndThird.replace("03-02", "03-01"),
    expect: { creates: [], active: [], history: [`${slotName(firstSlot)}:Succeeded`], conditions: { LastRunSucceeded: "True/Succeeded" }, messages: { LastRunSucceeded: /10 rows, 100 bytes/ }, events: ["SawCompletedRequest"] },
  },
  {
    name: "a run failed: LastRunSucceeded False with the request's own reason",
    status: afterFirst,
    requests: [failed(firstSlot)],
    now: "2026-03-01T12:00:00Z",
    expect: { conditions: { LastRunSucceeded: "False/Failed" }, messages: { LastRunSucceeded: /AllBatchesFailed: 1 of 1 batches failed: b1: no data/ }, history: [`${slotName(firstSlot)}:Failed`] },
  },
  {
    name: "history limits (1 success, 1 failure): finished requests beyond them are deleted oldest first",
    spec: { successfulRunsHistoryLimit: 1, failedRunsHistoryLimit: 1 },
    status: { lastScheduleTime: fifthSlot },
    requests: [succeeded(firstSlot), succeeded(secondSlot), failed(thirdSlot), succeeded(fourthSlot), failed(fifthSlot)],
    now: "2026-03-05T12:00:00Z",
    expect: {
      deletes: [`${slotName(firstSlot)}:HistoryLimit`, `${slotName(secondSlot)}:HistoryLimit`, `${slotName(thirdSlot)}:HistoryLimit`],
      history: [`${slotName(fifthSlot)}:Failed`, `${slotName(fourthSlot)}:Succeeded`],
      conditions: { LastRunSucceeded: "False/Failed" },
    },
  },
  {
    name: "limits of zero: a finished run is recorded in the conditions and times, then deleted",
    spec: { successfulRunsHistoryLimit: 0, failedRunsHistoryLimit: 0 },
    status: afterFirst,
    requests: [succeeded(firstSlot)],
    now: "2026-03-01T12:00:00Z",
    expect: { deletes: [`${slotName(firstSlot)}:HistoryLimit`], history: [], conditions: { LastRunSucceeded: "True/Succeeded" } },
  },
  {
    name: "MissedRuns counts on while slots keep being skipped",
    spec: forbid,
    status: { lastScheduleTime: secondSlot, conditions: [cond("MissedRuns", "True", "MissSchedule", "2 slots not started since the last slot that started; newest x: y")] },
    requests: [run(firstSlot)],
    now: "2026-03-03T02:00:01Z",
    expect: { creates: [], messages: { MissedRuns: /^3 slots not started/ } },
  },
  {
    name: "MissedRuns clears when a slot starts",
    status: { lastScheduleTime: secondSlot, conditions: [cond("MissedRuns", "True", "MissSchedule", "2 slots not started since the last slot that started; newest x: y")] },
    now: "2026-03-03T02:00:01Z",
    expect: { creates: [slotName(thirdSlot)], conditions: { MissedRuns: "False/NoMissedRuns" } },
  },

  // A spec only the controller can judge.
  {
    name: "an unknown time zone: ScheduleValid False UnknownTimeZone, nothing starts, no requeue, no next time",
    spec: { timeZone: "Europe/Atlantis" },
    now: secondSlotPassed,
    expect: { creates: [], nextScheduleTime: null, requeueAfterMs: null, conditions: { ScheduleValid: "False/UnknownTimeZone" }, events: ["UnknownTimeZone"] },
  },
  {
    name: "an unparseable line: UnparseableSchedule naming the entry",
    spec: { schedules: ["0 2 * * *", "0 25 * * *"] },
    now: secondSlotPassed,
    expect: { creates: [], conditions: { ScheduleValid: "False/UnparseableSchedule" }, messages: { ScheduleValid: /spec\.schedules\[1\] "0 25 \* \* \*"/ }, events: ["UnparseableSchedule"] },
  },
  {
    name: "31 February: InvalidSchedule",
    spec: { schedules: ["0 0 31 2 *"] },
    now: secondSlotPassed,
    expect: { creates: [], conditions: { ScheduleValid: "False/InvalidSchedule" }, events: ["InvalidSchedule"] },
  },
  {
    name: "an invalid schedule still records finished runs and prunes beyond the limits; runNow waits for a valid spec",
    spec: { timeZone: "Europe/Atlantis", successfulRunsHistoryLimit: 1, runNow: "t1" },
    status: { lastScheduleTime: secondSlot },
    requests: [succeeded(firstSlot), succeeded(secondSlot)],
    now: betweenSecondAndThird,
    expect: { creates: [], deletes: [`${slotName(firstSlot)}:HistoryLimit`], history: [`${slotName(secondSlot)}:Succeeded`], conditions: { LastRunSucceeded: "True/Succeeded" } },
  },
];

describe("planSchedule", () => {
  it.each(cases)("$name", (c) => {
    check(planOf(c), c.expect);
  });

  it.each(cases)("a second pass at the same instant, fed the first pass's status and outcome, changes nothing: $name", (c) => {
    const first = planOf(c);
    const created = first.actions.flatMap((a) => (a.kind === "createRequest" ? [a.request] : []));
    const gone = new Set(first.actions.flatMap((a) => (a.kind === "deleteRequest" ? [a.name] : [])));
    const requests = [...(c.requests ?? []).filter((r) => !gone.has(r.metadata.name ?? "")), ...created];
    const second = planOf({ ...c, status: first.status, requests });
    expect(second.actions).toEqual([]);
    expect(second.events).toEqual([]);
    expect(second.status).toEqual(first.status);
  });

  it("the created request carries the slot annotation, the schedule label and a requestId derived from the slot", () => {
    const plan = planOf({ status: afterFirst, now: secondSlotPassed });
    const [create] = plan.actions;
    expect(create?.kind).toBe("createRequest");
    if (create?.kind !== "createRequest") return;
    expect(create.scheduledMs).toBe(ms(secondSlot));
    expect(create.request.metadata.annotations?.[SCHEDULED_AT_ANNOTATION]).toBe(secondSlot);
    expect(create.request.metadata.annotations?.[RUN_NOW_TOKEN_ANNOTATION]).toBeUndefined();
    expect(create.request.spec.requestId).toBe(`${SCHEDULE_NAME}-20260302T0200Z`);
    expect(plan.facts.nextScheduleMs).toBe(ms(thirdSlot));
  });

  it("the metric facts count missed and skipped slots of the pass", () => {
    expect(planOf({ status: afterFirst, now: fifthSlotPassed }).facts).toMatchObject({ missedSlots: 3, skippedSlots: 0 });
    expect(planOf({ spec: { suspend: true }, status: afterFirst, now: fifthSlotPassed }).facts).toMatchObject({ missedSlots: 0, skippedSlots: 4 });
  });

  it("a schedule being deleted plans nothing", () => {
    const plan = planSchedule({ schedule: scheduleWith({}, afterFirst, { deletionTimestamp: secondSlot }), requests: [run(firstSlot)] }, new Date(secondSlotPassed), DEFAULT_SCHEDULE_CONFIG);
    expect(plan.actions).toEqual([]);
    expect(plan.status).toEqual(afterFirst);
  });

  it.each([
    { name: "unknown zone fixed", bad: { timeZone: "Europe/Atlantis" } },
    { name: "unparseable line fixed", bad: { schedules: ["0 25 * * *"] } },
    { name: "31 February fixed", bad: { schedules: ["0 0 31 2 *"] } },
  ])("recovery: a second plan with the fixed spec clears ScheduleValid ($name)", ({ bad }) => {
    const broken = planSchedule({ schedule: scheduleWith(bad, afterFirst), requests: [] }, new Date(betweenSecondAndThird), DEFAULT_SCHEDULE_CONFIG);
    expect(broken.status.conditions?.find((c) => c.type === "ScheduleValid")?.status).toBe("False");
    const fixed = planSchedule({ schedule: scheduleWith({}, broken.status, { generation: 2 }), requests: [] }, new Date(betweenSecondAndThird), DEFAULT_SCHEDULE_CONFIG);
    const valid = fixed.status.conditions?.find((c) => c.type === "ScheduleValid");
    expect(valid).toMatchObject({ status: "True", reason: "Valid", observedGeneration: 2 });
    expect(fixed.status.observedGeneration).toBe(2);
    expect(fixed.requeueAfterMs).toBe(untilNext(betweenSecondAndThird, thirdSlot));
    expect(fixed.actions.map((a) => a.kind)).toEqual(["createRequest"]);
  });

  it("a slot on the sixth, after a week of success, keeps lastSuccessfulTime and sets no failure time", () => {
    const plan = planOf({ status: { lastScheduleTime: fifthSlot }, requests: [succeeded(fifthSlot)], now: "2026-03-06T02:00:01Z" });
    expect(plan.status.lastSuccessfulTime).toBe("2026-03-05T02:05:00Z");
    expect(plan.status.lastFailureTime).toBeUndefined();
    expect(plan.actions.map((a) => (a.kind === "createRequest" ? a.request.metadata.name : a.name))).toEqual([slotName(sixthSlot)]);
  });
});

describe("planSchedule on the shipped example schedules", () => {
  const examples = exampleDocuments().filter(({ doc }) => doc.kind === "ExhaustSchedule");

  it("there are three", () => {
    expect(examples.map((e) => e.file)).toHaveLength(3);
  });

  it.each(examples)("$file: a runNow token gives exactly one valid ExhaustRequest, and the next slot is set", ({ doc }) => {
    const schedule = exhaustScheduleSchema.parse({ ...doc, metadata: { ...(doc.metadata as object), namespace: "sunbird", uid: "u-1", generation: 1, creationTimestamp: "2026-03-01T12:00:00Z" } });
    const withToken = { ...schedule, spec: { ...schedule.spec, runNow: "first" } };
    const plan = planSchedule({ schedule: withToken, requests: [] }, new Date("2026-03-01T12:00:10Z"), DEFAULT_SCHEDULE_CONFIG);
    const creates = plan.actions.flatMap((a) => (a.kind === "createRequest" ? [a.request] : []));
    expect(creates).toHaveLength(1);
    expect(exhaustRequestSchema.safeParse(creates[0]).success).toBe(true);
    expect(plan.status.lastRunNowToken).toBe("first");
    expect(plan.status.conditions?.find((c) => c.type === "ScheduleValid")?.status).toBe("True");
    expect(plan.status.nextScheduleTime).toBeDefined();
    expect(plan.requeueAfterMs).toBeGreaterThan(0);
  });
});
