import type { V1Job } from "@kubernetes/client-node";
import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import type { Clock } from "../../clock/clock.ts";
import type { OperatorConfig } from "../../config/operator-config.ts";
import type { KubeApi } from "../../kube/client/api-client.ts";
import { isNotFound } from "../../kube/client/api-errors.ts";
import type { EventRecorder } from "../../kube/events/event-recorder.ts";
import { noFaultHook, type FaultHook } from "../../faults/fault-point.ts";
import { splitKey } from "../../kube/meta/kube-object.ts";
import type { ReconcileContext, Reconciler, ReconcileResult } from "../../kube/runtime/reconcile-loop.ts";
import { exhaustRequests, jobs, objectPath } from "../../kube/meta/resource-type.ts";
import { patchStatus } from "../../kube/client/status-patch.ts";
import type { Controller } from "../../manager/controller.ts";
import type { RequestMetrics } from "../../metrics/registry.ts";
import { outcomeFacts, type OutcomeFacts } from "../plan/outcome-facts.ts";
import { deleteFinishedRequest, recordEvents, runJobActions, type ActDeps } from "./act.ts";
import { requestCaches, type RequestCaches } from "./caches.ts";
import { allowsChannel } from "../../../crds/export-policy.ts";
import { namespaceChannelPolicy } from "../../export-policy/namespace-channel-policy.ts";
import { finishesNow } from "../webhook/completion-webhook.ts";
import { notifyWebhook } from "../webhook/notify-webhook.ts";
import { observeRequest } from "./observe.ts";
import { reclaimOutputs } from "./reclaim-outputs.ts";
import type { OutputRemover } from "../../storage/output-remover.ts";
import { ProgressReader } from "./progress-reader.ts";
import { planRequest, type RequestPlan } from "../plan/plan.ts";
import { enqueueRequestChanges } from "./request-watches.ts";
import { RunnerSlots } from "./runner-slots.ts";
import type { StoreReader } from "../store-reads/store-reader.ts";

export interface RequestControllerDeps {
  api: KubeApi;
  metrics: RequestMetrics;
  store: StoreReader;
  recorder: EventRecorder;
  config: OperatorConfig;
  clock: Clock;
  /** Test-only kill points; absent means none (operator/faults/fault-point.ts). */
  fault?: FaultHook;
  /** Deletes a deleted request's report objects when its outputReclaimPolicy is Delete. */
  removeOutputs: OutputRemover;
}

interface ReconcilerDeps extends RequestControllerDeps {
  caches: RequestCaches;
  slots: RunnerSlots;
  progress: ProgressReader;
}

/** The ExhaustRequest controller on the manager: requests, their runner Jobs and pods, and the runner slots. */
export function requestController(deps: RequestControllerDeps): Controller {
  return {
    name: "exhaustrequest",
    workers: deps.config.controller.workers,
    timeoutMs: 60_000,
    setup(builder) {
      const caches = requestCaches(builder.informer, deps.config.exportPolicy.enabled);
      const slots = new RunnerSlots(deps.clock);
      enqueueRequestChanges(builder, caches, slots, deps.config.limits);
      const progress = new ProgressReader({ api: deps.api, caches, clock: deps.clock, config: deps.config.progress, metrics: deps.metrics });
      return newRequestReconciler({ ...deps, caches, slots, progress });
    },
  };
}

/**
 * The ExhaustRequest reconciler, the shell around planRequest: read the request from the cache, read the stores
 * the plan needs, plan, create/delete Jobs (under the slot lock when the plan starts any, re-planned there with
 * fresh slot counts), write status once if it changed, then record events, call the webhook on completion and
 * delete the request once its TTL has passed.
 */
function newRequestReconciler(deps: ReconcilerDeps): Reconciler {
  const foreign = new Map<string, V1Job[]>();
  const fault = deps.fault ?? noFaultHook;
  const shared = {
    ...deps,
    fault,
    onForeignJob: (requestKey: string, job: V1Job) => foreign.set(requestKey, [...(foreign.get(requestKey) ?? []).filter((j) => j.metadata?.name !== job.metadata?.name), job]),
  };

  return async (key: string, ctx: ReconcileContext): Promise<ReconcileResult> => {
    const { namespace, name } = splitKey(key);
    const cached = deps.caches.requests.get(namespace, name);
    const outputs = cached === undefined ? { done: {} } : await reclaimOutputs({ ...deps, remove: deps.removeOutputs, log: ctx.log }, cached, ctx.signal);
    if ("done" in outputs) {
      // Deleting a request deletes its Jobs and their pods through ownerReferences (background propagation).
      deps.slots.setWaiting(key, undefined);
      foreign.delete(key);
      return outputs.done;
    }
    const { request } = outputs;
    const act: ActDeps = { ...shared, log: ctx.log };
    // Read once, so the store reads and both plans of this pass see the same policy.
    const channelPolicy = namespaceChannelPolicy(deps.caches.namespaces, request.metadata.namespace ?? "");
    // A request its namespace may not export (ChannelNotAllowed) reads nothing: neither its batches nor its Secret.
    const refused = channelPolicy !== undefined && !allowsChannel(channelPolicy, request.spec.requestedChannel);
    const facts = refused ? {} : await deps.store.factsFor(request, ctx.signal);
    const config = await effectiveConfig(deps);
    const foreignJobs = await stillPresent(deps.api, foreign, key, ctx.signal);
    const progress = await deps.progress.readFor(request, ctx.log, ctx.signal);
    const planNow = (): RequestPlan => {
      const now = deps.clock.now();
      return planRequest(observeRequest({ caches: deps.caches, slots: deps.slots, request, facts, foreignJobs, progress, channelPolicy, nowMs: now.getTime() }), now, config);
    };

    let plan = planNow();
    if (plan.actions.some((a) => a.kind === "createJob")) {
      const release = await deps.slots.lock();
      try {
        plan = planNow();
        await runJobActions(act, request, plan.actions, ctx.signal);
      } finally {
        release();
      }
    } else {
      await runJobActions(act, request, plan.actions, ctx.signal);
    }

    const written = await patchStatus(deps.api, exhaustRequests, request, plan.status, { signal: ctx.signal });
    if (written.written) fault("after-status-patch");
    // The cache learns our write now, so the next pass never plans from the status this one replaced.
    if (written.object !== undefined) deps.caches.requests.learn(written.object as ExhaustRequest);
    if (written.written) countOutcomes(deps.metrics, outcomeFacts(request, request.status, plan.status));
    await recordEvents(act, request, plan.actions);
    // Each transition once at info: the plan's events are exactly the transitions this pass wrote.
    for (const a of plan.actions) if (a.kind === "event") ctx.log.info({ reason: a.reason, type: a.type }, a.message);
    if (finishesNow(request.status, plan.status)) {
      void notifyWebhook({ api: deps.api, recorder: deps.recorder, log: ctx.log }, request, plan.status).catch((err: unknown) =>
        ctx.log.warn({ err }, "Completion webhook failed"),
      );
    }
    if (plan.actions.some((a) => a.kind === "deleteRequest")) await deleteFinishedRequest(act, request, ctx.signal);
    const waitsForSlot = (plan.status.batches ?? []).some((b) => b.phase === "Queued");
    deps.slots.setWaiting(key, waitsForSlot ? request.spec.requestedChannel : undefined);
    return plan.requeueAfterMs === undefined ? {} : { requeueAfterMs: plan.requeueAfterMs };
  };
}

/** D18: an index on batchid found in the enrolments table overrides a config that says there is none. */
async function effectiveConfig(deps: ReconcilerDeps): Promise<OperatorConfig> {
  if (deps.config.scan.enrolmentsHaveBatchIdIndex) return deps.config;
  const indexed = await deps.store.batchIdIndex();
  return indexed ? { ...deps.config, scan: { ...deps.config.scan, enrolmentsHaveBatchIdIndex: true } } : deps.config;
}

/** Foreign Jobs found on create are re-read, so removing one clears the request's Stalled condition. */
async function stillPresent(api: KubeApi, foreign: Map<string, V1Job[]>, key: string, signal: AbortSignal): Promise<V1Job[]> {
  const known = foreign.get(key) ?? [];
  const present: V1Job[] = [];
  for (const job of known) {
    try {
      present.push(await api.request<V1Job>("GET", objectPath(jobs, job.metadata?.namespace, job.metadata?.name ?? ""), { signal }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  if (present.length === 0) foreign.delete(key);
  else foreign.set(key, present);
  return present;
}

function countOutcomes(metrics: RequestMetrics, facts: OutcomeFacts): void {
  for (const b of facts.batchesFinished) metrics.batchesFinished.inc({ phase: b.phase, retryable: String(b.retryable) });
  if (facts.retries > 0) metrics.batchRetries.inc(facts.retries);
  if (facts.request === undefined) return;
  metrics.requestsFinished.inc({ phase: facts.request.phase, reason: facts.request.reason });
  if (facts.request.durationSeconds !== undefined) metrics.requestDuration.observe(facts.request.durationSeconds);
}
