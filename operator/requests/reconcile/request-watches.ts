import type { OperatorConfig } from "../../config/operator-config.ts";
import { keyOf, type KubeObject } from "../../kube/meta/kube-object.ts";
import type { ControllerBuilder } from "../../manager/controller.ts";
import { requestsToWake } from "../capacity/slot-wakeups.ts";
import { isJobFinished } from "../plan/outcome.ts";
import { membersOf } from "../runner-job/runner-job.ts";
import { asV1Job, requestKeyOf, type RequestCaches } from "./caches.ts";
import type { RunnerSlots } from "./runner-slots.ts";

/** The requests a runner Job or pod belongs to: its creator's label, and a shared scan Job's members (D18). */
function requestKeysOf(obj: KubeObject): string[] {
  const own = requestKeyOf(obj);
  const members = Object.keys(membersOf(obj)).map((name) => `${obj.metadata?.namespace ?? ""}/${name}`);
  return own === undefined ? members : [own, ...members];
}

/**
 * Turns cache changes into queue keys: a request's own key, and for runner Jobs and pods the keys of the requests
 * they serve. A runner Job that finishes or vanishes frees a slot (D17), so the oldest requests waiting for one are
 * woken as well, instead of waiting for their periodic recheck.
 */
export function enqueueRequestChanges(builder: ControllerBuilder, caches: RequestCaches, slots: RunnerSlots, limits: OperatorConfig["limits"]): void {
  const finished = new Set<string>();
  const wake = () => {
    for (const key of requestsToWake(slots.waiting(), slots.activeByChannel(caches), limits)) builder.queue.add(key);
  };
  builder.reconciles(caches.requests);
  builder.watches(caches.jobs, requestKeysOf);
  builder.watches(caches.pods, requestKeysOf);
  // A changed export policy annotation re-plans the namespace's requests: listing a channel lifts their stall.
  const { namespaces } = caches;
  if (namespaces !== undefined) builder.watches(namespaces, (ns) => caches.requests.list(ns.metadata?.name ?? "").map(keyOf));
  caches.jobs.onChange((job) => {
    const key = keyOf(job);
    slots.seen(key);
    if (isJobFinished(asV1Job(job)) && !finished.has(key)) {
      finished.add(key);
      wake();
    }
  });
  caches.jobs.onDelete((job) => {
    const key = keyOf(job);
    slots.seen(key);
    if (!finished.delete(key)) wake();
  });
}
