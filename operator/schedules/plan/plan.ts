import { ScheduleConditionType as T, ScheduleReason as R } from "../../../crds/conditions.ts";
import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import { MAX_ACTIVE, type ExhaustSchedule, type ExhaustScheduleStatus, type RunRecord } from "../../../crds/exhaust-schedule.ts";
import { instantMs, toMetaTime } from "../../kube/meta/meta-time.ts";
import type { ScheduleConfig } from "../../config/schedule-config.ts";
import { findCondition } from "../../status/set-condition.ts";
import { nextSlotAfter, parseCalendar, type CronCalendar } from "./cron-calendar.ts";
import { decideSlots, type SlotDecision } from "./decide-slots.ts";
import { countsAsSuccess, isControlledBy, runViewOf, type RunView } from "./owned-runs.ts";
import { composeHistory, runsBeyondLimits } from "./run-history.ts";
import { runRequestManifest, type RunIdentity } from "./run-manifest.ts";
import { RUN_NOW_TOKEN_ANNOTATION, runNowRequestName, slotRequestId, slotRequestName } from "./run-names.ts";
import { missedCountOf, missedMessage, scheduleConditions, type ConditionValue } from "./schedule-conditions.ts";
import { unmetSlots, type UnmetSlots } from "./unmet-slots.ts";
import type { PlannedEvent } from "../../kube/events/event-recorder.ts";

/** CronJob's nextScheduleDelta: wake a little after the slot, so a clock a few milliseconds behind still sees it due. */
export const REQUEUE_MARGIN_MS = 100;

/** What the shell read from its caches for one schedule, as plain data. */
export interface ObservedSchedule {
  schedule: ExhaustSchedule;
  /**
   * ExhaustRequests of the schedule's namespace that it controls, plus any whose name starts with `<schedule>-`
   * (every name a run can have does): those it does not control only block the names they hold.
   */
  requests: readonly ExhaustRequest[];
}

/** In the order the shell runs them; it stops at the first failure and then writes only blockedStatus(). */
export type ScheduleAction =
  | { kind: "createRequest"; request: ExhaustRequest; scheduledMs: number }
  | { kind: "deleteRequest"; name: string; uid?: string; why: "Replaced" | "HistoryLimit" };

/** An events.k8s.io/v1 Event on the schedule; `action` is what the controller was doing. */
/** What the shell's metrics need from the pass. */
export interface ScheduleFacts {
  nextScheduleMs?: number;
  lastSuccessfulMs?: number;
  /** Slots given up in this pass (for many, CronJob's estimate): the missed-runs counter. */
  missedSlots: number;
  /** Slots not started because of suspend or Forbid in this pass. */
  skippedSlots: number;
}

export interface SchedulePlan {
  status: ExhaustScheduleStatus;
  actions: ScheduleAction[];
  events: PlannedEvent[];
  /** Absent while the spec is invalid: only a spec change (or an owned request's change) brings the next pass. */
  requeueAfterMs?: number;
  facts: ScheduleFacts;
}

interface ActiveRun {
  name: string;
  uid?: string;
  scheduledMs: number;
  /** Created by this pass: replacing it means not creating it. */
  planned?: boolean;
}

const iso = (ms: number): string => toMetaTime(new Date(ms));

/** The pure decision for one schedule: (observed, now) -> status, actions, events, requeue delay. See docs/api.md. */
export function planSchedule(observed: ObservedSchedule, now: Date, config: ScheduleConfig): SchedulePlan {
  const { schedule } = observed;
  const { metadata, spec } = schedule;
  const stored = schedule.status ?? {};
  if (metadata.deletionTimestamp !== undefined) return { status: stored, actions: [], events: [], facts: { missedSlots: 0, skippedSlots: 0 } };
  const pass = new Pass(observed, now.getTime());
  const calendar = parseCalendar(spec.schedules, spec.timeZone);
  if (calendar.ok) {
    pass.handleSlots(calendar.calendar, config);
    pass.handleRunNow();
  }
  const creates = pass.actions.flatMap((a) => (a.kind === "createRequest" ? [a] : []));
  for (const { request, scheduledMs } of creates) {
    const token = request.metadata.annotations?.[RUN_NOW_TOKEN_ANNOTATION];
    const cause = token === undefined ? `slot ${iso(scheduledMs)}` : `runNow token ${token}`;
    pass.events.push({ type: "Normal", reason: "SuccessfulCreate", action: "Start", message: `Created ExhaustRequest ${request.metadata.name ?? ""} for ${cause}` });
  }
  const limits = { successful: spec.successfulRunsHistoryLimit, failed: spec.failedRunsHistoryLimit };
  for (const run of runsBeyondLimits(pass.owned, limits)) {
    pass.actions.push({ kind: "deleteRequest", name: run.name, ...(run.uid === undefined ? {} : { uid: run.uid }), why: "HistoryLimit" });
    pass.events.push({ type: "Normal", reason: "SuccessfulDelete", action: "Prune", message: `Deleted finished ExhaustRequest ${run.name}: beyond the history limits` });
  }

  const finished = pass.owned.filter((r) => r.result !== undefined);
  const storedSuccessMs = instantMs(stored.lastSuccessfulTime);
  const storedFailureMs = instantMs(stored.lastFailureTime);
  const latestSeenMs = Math.max(storedSuccessMs ?? -Infinity, storedFailureMs ?? -Infinity);
  let successMs = storedSuccessMs;
  let failureMs = storedFailureMs;
  for (const run of finished) {
    const at = run.completedMs ?? run.scheduledMs;
    if (run.result !== undefined && countsAsSuccess(run.result)) successMs = Math.max(successMs ?? at, at);
    else failureMs = Math.max(failureMs ?? at, at);
    if (at > latestSeenMs) pass.events.push({ type: "Normal", reason: "SawCompletedRequest", action: "Observe", message: `Saw finished ExhaustRequest ${run.name}: ${run.result ?? ""}` });
  }
  const history = composeHistory(stored.history ?? [], [...finished.flatMap((r) => (r.record === undefined ? [] : [r.record])), ...pass.records], limits);

  const nextMs = calendar.ok ? nextSlotAfter(calendar.calendar, pass.nowMs) : undefined;
  const values: Record<T, ConditionValue> = {
    [T.ScheduleValid]: calendar.ok
      ? { status: "True", reason: R.Valid, message: `${spec.schedules.length} cron ${spec.schedules.length === 1 ? "line" : "lines"} in ${spec.timeZone}` }
      : { status: "False", reason: calendar.reason, message: calendar.message },
    [T.LastRunSucceeded]: lastRunCondition(finished, latestSeenMs, findCondition(stored.conditions, T.LastRunSucceeded)),
    [T.MissedRuns]: pass.missedRunsCondition(findCondition(stored.conditions, T.MissedRuns)),
    [T.Blocked]: pass.blockedCondition(findCondition(stored.conditions, T.Blocked)),
  };
  const generation = metadata.generation;
  const conditions = scheduleConditions(stored.conditions, values, generation, now);
  const active = pass.active.slice().sort((a, b) => a.scheduledMs - b.scheduledMs || (a.name < b.name ? -1 : 1)).slice(0, MAX_ACTIVE);
  const status: ExhaustScheduleStatus = {
    ...(generation === undefined ? {} : { observedGeneration: generation }),
    ...(pass.lastScheduleMs === undefined ? {} : { lastScheduleTime: iso(pass.lastScheduleMs) }),
    ...(nextMs === undefined || spec.suspend ? {} : { nextScheduleTime: iso(nextMs) }),
    ...(successMs === undefined ? {} : { lastSuccessfulTime: iso(successMs) }),
    ...(failureMs === undefined ? {} : { lastFailureTime: iso(failureMs) }),
    ...(pass.runNowToken === undefined ? {} : { lastRunNowToken: pass.runNowToken }),
    ...(active.length === 0 ? {} : { active: active.map((a) => ({ name: a.name })) }),
    ...(history.length === 0 ? {} : { history }),
    conditions,
  };
  const delays = [
    ...(nextMs === undefined ? [] : [nextMs - pass.nowMs + REQUEUE_MARGIN_MS]),
    ...(pass.held === undefined ? [] : [config.recheckSeconds * 1000]),
  ];
  return {
    status,
    actions: pass.actions,
    events: [...pass.events, ...conditionEvents(stored, status)],
    ...(delays.length === 0 ? {} : { requeueAfterMs: Math.min(...delays) }),
    facts: {
      ...(nextMs === undefined || spec.suspend ? {} : { nextScheduleMs: nextMs }),
      ...(successMs === undefined ? {} : { lastSuccessfulMs: successMs }),
      missedSlots: pass.missedSlots,
      skippedSlots: pass.skippedSlots,
    },
  };
}

/** The state one pass builds up: what it found, what it decided, and what it will do. */
class Pass {
  readonly nowMs: number;
  readonly owned: RunView[];
  readonly active: ActiveRun[];
  readonly actions: ScheduleAction[] = [];
  readonly events: PlannedEvent[] = [];
  readonly records: RunRecord[] = [];
  lastScheduleMs: number | undefined;
  runNowToken: string | undefined;
  held: { name: string } | undefined;
  forbidden: { slot: string; runs: string[] } | undefined;
  missed: { count: number; newestMs: number; why: string; many: boolean } | undefined;
  slotStarted = false;
  missedSlots = 0;
  skippedSlots = 0;
  readonly #schedule: ExhaustSchedule;
  readonly #taken: Set<string>;
  readonly #foreign: Set<string>;

  constructor(observed: ObservedSchedule, nowMs: number) {
    this.nowMs = nowMs;
    const schedule = observed.schedule;
    this.#schedule = schedule;
    const uid = schedule.metadata.uid;
    this.owned = observed.requests.filter((r) => isControlledBy(r, uid)).map(runViewOf);
    this.#taken = new Set(this.owned.map((r) => r.name));
    this.#foreign = new Set(observed.requests.filter((r) => !isControlledBy(r, uid)).map((r) => r.metadata.name ?? ""));
    this.active = this.owned.filter((r) => r.result === undefined && !r.deleting).map((r): ActiveRun => ({ name: r.name, ...(r.uid === undefined ? {} : { uid: r.uid }), scheduledMs: r.scheduledMs }));
    // A lost or stale status must not hand out slots again: the newest slot run we control counts as scheduled.
    const slotRuns = this.owned.filter((r) => r.runNowToken === undefined).map((r) => r.scheduledMs);
    const stored = instantMs(schedule.status?.lastScheduleTime);
    this.lastScheduleMs = slotRuns.length === 0 ? stored : Math.max(stored ?? -Infinity, ...slotRuns);
    this.runNowToken = schedule.status?.lastRunNowToken;
  }

  get #name(): string {
    return this.#schedule.metadata.name ?? "";
  }

  /** Every slot since the anchor: started, skipped or given up, so none is looked at twice. */
  handleSlots(calendar: CronCalendar, config: ScheduleConfig): void {
    const { spec, metadata } = this.#schedule;
    const anchorMs = this.lastScheduleMs ?? instantMs(metadata.creationTimestamp) ?? this.nowMs;
    const unmet = unmetSlots(calendar, anchorMs, this.nowMs, spec.maxMissedRuns + 1);
    const [newest] = unmet.newestFirst;
    if (newest === undefined) return;
    const decision = decideSlots(spec, unmet, this.nowMs, config.lateStartGraceSeconds * 1000);
    const runs = decision.start.map((slot): RunIdentity => ({ name: slotRequestName(this.#name, slot), requestId: slotRequestId(this.#name, slot), scheduledMs: slot }));
    const blocked = runs.find((r) => this.#foreign.has(r.name) && !this.#taken.has(r.name));
    if (blocked !== undefined) {
      // The slot stays unhandled (lastScheduleTime does not move): it starts once the name is free, or is missed.
      this.held = { name: blocked.name };
      return;
    }
    this.lastScheduleMs = newest;
    const skipped = this.#admit(runs, `slot ${iso(newest)}`);
    this.slotStarted = skipped.length < runs.length;
    for (const slot of decision.missed) this.#record(slot, "Missed", `MissSchedule: ${this.#whyMissed(slot, newest)}`);
    for (const slot of decision.suspended) this.#record(slot, "Skipped", "Suspended: spec.suspend is true");
    for (const run of skipped) this.#record(run.scheduledMs, "Skipped", `JobAlreadyActive: ${this.forbidden?.runs.join(", ") ?? ""} still active`);
    this.#countMisses(decision, skipped, unmet, anchorMs);
  }

  /** A new spec.runNow token starts one run, under suspend and concurrencyPolicy like a slot; it is acted on once. */
  handleRunNow(): void {
    const { spec } = this.#schedule;
    const token = spec.runNow;
    if (token === undefined || token === this.runNowToken) return;
    const name = runNowRequestName(this.#name, token);
    if (!this.#taken.has(name) && this.#foreign.has(name)) {
      this.held ??= { name };
      return;
    }
    this.runNowToken = token;
    if (this.#taken.has(name)) return;
    const run: RunIdentity = { name, requestId: name, scheduledMs: Math.floor(this.nowMs / 1000) * 1000, runNowToken: token };
    if (spec.suspend) {
      this.#record(run.scheduledMs, "Skipped", `Suspended: runNow token ${token} not started because spec.suspend is true`, name);
      this.skippedSlots += 1;
      this.events.push({ type: "Normal", reason: "Suspended", action: "RunNow", message: `Not starting a run for runNow token ${token}: the schedule is suspended` });
      return;
    }
    const skipped = this.#admit([run], `runNow token ${token}`);
    for (const r of skipped) this.#record(r.scheduledMs, "Skipped", `JobAlreadyActive: ${this.forbidden?.runs.join(", ") ?? ""} still active`, r.name);
    this.skippedSlots += skipped.length;
  }

  missedRunsCondition(prior: ConditionValue | undefined): ConditionValue {
    const m = this.missed;
    if (m !== undefined) {
      const total = missedCountOf(prior) + m.count;
      const many = m.many || (prior?.status === "True" && prior.reason === R.TooManyMissedTimes);
      return { status: "True", reason: many ? R.TooManyMissedTimes : R.MissSchedule, message: missedMessage(total, iso(m.newestMs), m.why) };
    }
    if (this.slotStarted) return { status: "False", reason: R.NoMissedRuns, message: "The last slot started" };
    return prior ?? { status: "False", reason: R.NoMissedRuns, message: "No slot has been missed" };
  }

  blockedCondition(prior: ConditionValue | undefined): ConditionValue {
    if (this.held !== undefined) {
      return { status: "True", reason: R.UnexpectedRequest, message: `ExhaustRequest ${this.held.name} exists and is not controlled by this schedule: delete or rename it to let the run start` };
    }
    if (this.forbidden !== undefined) {
      return { status: "True", reason: R.JobAlreadyActive, message: `Not started ${this.forbidden.slot}: ${this.forbidden.runs.join(", ")} still active (concurrencyPolicy Forbid)` };
    }
    const stillActive = this.#schedule.spec.concurrencyPolicy === "Forbid" && this.active.length > 0;
    if (prior?.status === "True" && prior.reason === R.JobAlreadyActive && stillActive) return prior;
    return { status: "False", reason: R.NotBlocked, message: "Runs start when due" };
  }

  /** concurrencyPolicy for runs about to start; returns those not started. Runs already created count as started. */
  #admit(runs: readonly RunIdentity[], what: string): RunIdentity[] {
    const fresh = runs.filter((r) => !this.#taken.has(r.name));
    if (fresh.length === 0) return [];
    const { concurrencyPolicy } = this.#schedule.spec;
    if (concurrencyPolicy === "Forbid" && this.active.length > 0) {
      this.forbidden = { slot: what, runs: this.active.map((a) => a.name) };
      this.events.push({ type: "Normal", reason: "JobAlreadyActive", action: "Start", message: `Not starting a run for ${what}: ${this.forbidden.runs.join(", ")} still active and concurrencyPolicy is Forbid` });
      return fresh;
    }
    if (concurrencyPolicy === "Replace" && this.active.length > 0) this.#replaceActive(fresh[0]?.name ?? "");
    const room = Math.max(0, MAX_ACTIVE - this.active.length);
    const refused = fresh.slice(room);
    if (refused.length > 0) this.forbidden = { slot: what, runs: [`${MAX_ACTIVE} runs (the most status.active holds)`] };
    for (const run of fresh.slice(0, room)) {
      this.actions.push({ kind: "createRequest", request: runRequestManifest(this.#schedule, run), scheduledMs: run.scheduledMs });
      this.active.push({ name: run.name, scheduledMs: run.scheduledMs, planned: true });
      this.#taken.add(run.name);
    }
    return refused;
  }

  #replaceActive(by: string): void {
    for (const run of this.active.splice(0)) {
      this.#record(run.scheduledMs, "Replaced", `Replaced by ${by} (concurrencyPolicy Replace)`, run.name);
      if (run.planned === true) {
        const index = this.actions.findIndex((a) => a.kind === "createRequest" && a.request.metadata.name === run.name);
        this.actions.splice(index, 1);
        continue;
      }
      this.actions.push({ kind: "deleteRequest", name: run.name, ...(run.uid === undefined ? {} : { uid: run.uid }), why: "Replaced" });
      this.events.push({ type: "Normal", reason: "SuccessfulDelete", action: "Replace", message: `Deleted active ExhaustRequest ${run.name}: replaced by ${by} (concurrencyPolicy Replace)` });
    }
  }

  #record(slotMs: number, result: RunRecord["result"], reason: string, name = slotRequestName(this.#name, slotMs)): void {
    this.records.push({ name, scheduledTime: iso(slotMs), result, reason });
  }

  #whyMissed(slot: number, newest: number): string {
    const { startingDeadlineSeconds, missedRunPolicy } = this.#schedule.spec;
    if (startingDeadlineSeconds !== undefined && this.nowMs - slot > startingDeadlineSeconds * 1000) return `past startingDeadlineSeconds (${startingDeadlineSeconds}s)`;
    if (slot !== newest) return `a newer slot (${iso(newest)}) came before it started (missedRunPolicy ${missedRunPolicy})`;
    return `${Math.round((this.nowMs - slot) / 1000)}s late (missedRunPolicy Skip)`;
  }

  /** Counters, the MissedRuns episode and the Events for slots not started (CronJob's MissSchedule, TooManyMissedTimes). */
  #countMisses(decision: SlotDecision, skipped: readonly RunIdentity[], unmet: UnmetSlots, anchorMs: number): void {
    const { spec } = this.#schedule;
    const suspended = spec.suspend;
    const unmaterialised = unmet.count - unmet.newestFirst.length;
    this.missedSlots = decision.missed.length + (suspended ? 0 : unmaterialised);
    this.skippedSlots = decision.suspended.length + (suspended ? unmaterialised : 0) + skipped.length;
    const notStarted = [...decision.missed, ...decision.suspended, ...skipped.map((r) => r.scheduledMs)];
    const newest = unmet.newestFirst[0] ?? anchorMs;
    const oldestSeen = unmet.newestFirst[unmet.newestFirst.length - 1] ?? anchorMs;
    const newestNotStarted = notStarted.length > 0 ? Math.max(...notStarted) : oldestSeen;
    const newestMissed = decision.missed[0] ?? oldestSeen;
    const many = unmet.class === "many";
    if (many) {
      this.events.push({
        type: "Warning",
        reason: "TooManyMissedTimes",
        action: "Schedule",
        message: `Too many missed start times since ${iso(anchorMs)} (about ${unmet.count}); only the newest ${unmet.newestFirst.length} were considered. Set or decrease spec.startingDeadlineSeconds or check clock skew`,
      });
    }
    if (this.missedSlots > 0) {
      const message =
        decision.missed.length > 0
          ? `Missed ${plural(this.missedSlots, "slot")}, newest ${iso(newestMissed)}: ${this.#whyMissed(newestMissed, newest)}`
          : `Missed ${plural(this.missedSlots, "slot")} older than ${iso(oldestSeen)}: beyond the ${unmet.newestFirst.length} newest`;
      this.events.push({ type: "Warning", reason: "MissSchedule", action: "Schedule", message });
    }
    if (suspended) {
      this.events.push({ type: "Normal", reason: "Suspended", action: "Schedule", message: `Skipped ${plural(this.skippedSlots, "slot")}, newest ${iso(newest)}: the schedule is suspended` });
    }
    const total = this.missedSlots + this.skippedSlots;
    if (total === 0) return;
    const why = suspended ? "spec.suspend is true" : this.missedSlots > 0 ? this.#whyMissed(newestMissed, newest) : "a run was still active (concurrencyPolicy Forbid)";
    this.missed = { count: total, newestMs: newestNotStarted, why, many };
  }
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The outcome of the newest finished run, when this pass sees one finish later than any before; else unchanged. */
function lastRunCondition(finished: readonly RunView[], latestSeenMs: number, prior: ConditionValue | undefined): ConditionValue {
  const newest = finished.slice().sort((a, b) => (b.completedMs ?? 0) - (a.completedMs ?? 0) || b.scheduledMs - a.scheduledMs)[0];
  if (newest?.result === undefined || (newest.completedMs ?? -Infinity) < latestSeenMs) {
    return prior ?? { status: "Unknown", reason: R.NoRunsYet, message: "No run has finished yet" };
  }
  const { record } = newest;
  const numbers = record?.rows === undefined ? "" : ` (${record.rows} rows, ${record.bytes ?? 0} bytes)`;
  const detail = newest.result === "Succeeded" || record?.reason === undefined ? "" : `: ${record.reason}`;
  return { status: newest.result === "Succeeded" ? "True" : "False", reason: newest.result, message: `Run ${newest.name} ${newest.result}${numbers}${detail}` };
}

/** Warnings for conditions that turned bad (or bad in a new way); nothing for a pass that changes nothing. */
function conditionEvents(before: ExhaustScheduleStatus, after: ExhaustScheduleStatus): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  for (const type of [T.ScheduleValid, T.Blocked]) {
    const was = findCondition(before.conditions, type);
    const is = findCondition(after.conditions, type);
    const bad = type === T.ScheduleValid ? is?.status === "False" : is?.status === "True" && is.reason === R.UnexpectedRequest;
    if (is === undefined || !bad || (was?.status === is.status && was.reason === is.reason && was.message === is.message)) continue;
    events.push({ type: "Warning", reason: is.reason, action: type === T.ScheduleValid ? "Validate" : "Start", message: is.message });
  }
  return events;
}
