import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import type { ExhaustSchedule } from "../../../crds/exhaust-schedule.ts";
import { ScheduleReason } from "../../../crds/conditions.ts";
import type { Clock } from "../../clock/clock.ts";
import type { KubeApi } from "../../kube/client/api-client.ts";
import { createOwned } from "../../kube/client/apply.ts";
import { deleteObject } from "../../kube/client/delete.ts";
import { patchStatus } from "../../kube/client/status-patch.ts";
import type { EventRecorder } from "../../kube/events/event-recorder.ts";
import type { Informer } from "../../kube/cache/informer.ts";
import { splitKey, type KubeObject } from "../../kube/meta/kube-object.ts";
import { exhaustRequests, exhaustSchedules } from "../../kube/meta/resource-type.ts";
import type { ReconcileContext, ReconcileResult } from "../../kube/runtime/reconcile-loop.ts";
import type { Controller } from "../../manager/controller.ts";
import type { ScheduleMetrics } from "../../metrics/registry.ts";
import type { ScheduleConfig } from "../../config/schedule-config.ts";
import { isControlledBy } from "../plan/owned-runs.ts";
import { planSchedule, type ScheduleAction, type SchedulePlan } from "../plan/plan.ts";
import { blockedStatus } from "../plan/schedule-conditions.ts";

export interface ScheduleControllerDeps {
  api: KubeApi;
  recorder: EventRecorder;
  config: ScheduleConfig;
  workers: number;
  clock: Clock;
  metrics: ScheduleMetrics;
}

/** A create that could not be carried out: the pass writes Blocked and retries with backoff. */
class CreateBlocked extends Error {
  override readonly name = "CreateBlocked";
  readonly reason: typeof ScheduleReason.FailedCreate | typeof ScheduleReason.UnexpectedRequest;
  constructor(reason: CreateBlocked["reason"], message: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * The ExhaustSchedule controller on the manager: it reads schedules and the ExhaustRequests they own (the same
 * informer as the request controller's), plans with planSchedule, creates and deletes requests, writes status once,
 * records Events and metrics, and wakes at the next slot. A request's change queues its schedule (Owns), so history
 * and conditions move when a run ends.
 */
export function scheduleController(deps: ScheduleControllerDeps): Controller {
  return {
    name: "exhaustschedule",
    workers: deps.workers,
    timeoutMs: 60_000,
    setup(builder) {
      const schedules = builder.informer<ExhaustSchedule>(exhaustSchedules);
      const requests = builder.informer<ExhaustRequest>(exhaustRequests);
      builder.reconciles(schedules);
      builder.owns(requests, "ExhaustSchedule");
      return (key, ctx) => reconcileSchedule(deps, schedules, requests, key, ctx);
    },
  };
}

async function reconcileSchedule(
  deps: ScheduleControllerDeps,
  schedules: Informer<ExhaustSchedule>,
  requests: Informer<ExhaustRequest>,
  key: string,
  ctx: ReconcileContext,
): Promise<ReconcileResult> {
  const { namespace, name } = splitKey(key);
  const schedule = schedules.get(namespace, name);
  const labels = { namespace: namespace ?? "", schedule: name };
  if (schedule === undefined) {
    deps.metrics.nextRun.remove(labels);
    deps.metrics.lastSuccess.remove(labels);
    return {};
  }
  if (schedule.metadata.deletionTimestamp !== undefined) return {};
  // Every name a run can have starts with `<schedule>-`; those the schedule does not control only block names.
  const prefix = `${name}-`;
  const observed = requests.list(namespace).filter((r) => (r.metadata.name ?? "").startsWith(prefix) || isControlledBy(r, schedule.metadata.uid));
  const plan = planSchedule({ schedule, requests: observed }, deps.clock.now(), deps.config);

  try {
    await runActions(deps, schedule, requests, plan.actions, ctx);
  } catch (err) {
    if (!(err instanceof CreateBlocked)) throw err;
    const status = blockedStatus(schedule, err.reason, err.message, deps.clock.now());
    await patchStatus(deps.api, exhaustSchedules, schedule, status, { signal: ctx.signal });
    await deps.recorder.record(schedule as KubeObject, { type: "Warning", reason: err.reason, action: "Start", note: err.message });
    throw err;
  }
  const written = await patchStatus(deps.api, exhaustSchedules, schedule, plan.status, { signal: ctx.signal });
  // The cache learns our write now, so the next pass never plans from the status this one replaced.
  if (written.object !== undefined) schedules.learn(written.object as ExhaustSchedule);
  for (const e of plan.events) await deps.recorder.record(schedule as KubeObject, { type: e.type, reason: e.reason, action: e.action, note: e.message });
  recordMetrics(deps, labels, plan);
  return plan.requeueAfterMs === undefined ? {} : { requeueAfterMs: plan.requeueAfterMs };
}

/** Creates and deletes in plan order; AlreadyExists under our controller reference means an earlier pass did it. */
async function runActions(deps: ScheduleControllerDeps, schedule: ExhaustSchedule, requests: Informer<ExhaustRequest>, actions: readonly ScheduleAction[], ctx: ReconcileContext): Promise<void> {
  const namespace = schedule.metadata.namespace;
  for (const action of actions) {
    if (action.kind === "createRequest") {
      let created;
      try {
        created = await createOwned(deps.api, exhaustRequests, action.request as KubeObject, schedule.metadata.uid ?? "", { signal: ctx.signal });
      } catch (err) {
        throw new CreateBlocked(ScheduleReason.FailedCreate, `Creating ExhaustRequest ${action.request.metadata.name ?? ""} failed: ${(err as Error).message}`);
      }
      if (created.outcome === "ownedByOther") {
        throw new CreateBlocked(ScheduleReason.UnexpectedRequest, `ExhaustRequest ${action.request.metadata.name ?? ""} exists and is not controlled by this schedule: delete or rename it to let the run start`);
      }
      // The request controller shares this informer: learn() tells it about the new request at once.
      requests.learn(created.object as ExhaustRequest);
      if (created.outcome === "created") {
        const createdMs = Date.parse(created.object.metadata?.creationTimestamp ?? "") || deps.clock.now().getTime();
        deps.metrics.creationSkew.observe(Math.max(0, createdMs - action.scheduledMs) / 1000);
        ctx.log.info({ request: action.request.metadata.name, scheduledTime: new Date(action.scheduledMs).toISOString() }, "Created ExhaustRequest");
      }
    } else {
      const deleted = await deleteObject(deps.api, exhaustRequests, namespace, action.name, { ...(action.uid === undefined ? {} : { uid: action.uid }), signal: ctx.signal });
      if (deleted) ctx.log.info({ request: action.name, why: action.why }, "Deleted ExhaustRequest");
    }
  }
}

function recordMetrics(deps: ScheduleControllerDeps, labels: { namespace: string; schedule: string }, plan: SchedulePlan): void {
  const { facts } = plan;
  if (facts.nextScheduleMs === undefined) deps.metrics.nextRun.remove(labels);
  else deps.metrics.nextRun.set(labels, facts.nextScheduleMs / 1000);
  if (facts.lastSuccessfulMs !== undefined) deps.metrics.lastSuccess.set(labels, facts.lastSuccessfulMs / 1000);
  if (facts.missedSlots > 0) deps.metrics.missedRuns.inc(labels, facts.missedSlots);
  if (facts.skippedSlots > 0) deps.metrics.skippedRuns.inc(labels, facts.skippedSlots);
}
