import { describe, expect, it } from "vitest";
import type { ExhaustRequest } from "../../../../../crds/exhaust-request.ts";
import { FakeClock } from "../../../../../operator/clock/clock.ts";
import { Informer } from "../../../../../operator/kube/cache/informer.ts";
import type { KubeObject } from "../../../../../operator/kube/meta/kube-object.ts";
import { newLogger } from "../../../../../operator/log/log.ts";
import { ACTIVE, BY_UID, type JobObject, type PodObject, type RequestCaches } from "../../../../../operator/requests/reconcile/caches.ts";
import { RunnerSlots } from "../../../../../operator/requests/reconcile/runner-slots.ts";

// Caches filled through their stores; the informers are never started, so no source is ever read.
const idle = { list: () => Promise.reject(new Error("not started")), watch: () => Promise.reject(new Error("not started")) };
function caches(clock: FakeClock): RequestCaches {
  const common = { clock, log: newLogger({ level: "silent" }), source: idle };
  return {
    requests: new Informer<ExhaustRequest>({ ...common, name: "r", indexers: { [BY_UID]: (r) => [r.metadata.uid ?? ""] } }),
    jobs: new Informer<JobObject>({ ...common, name: "j", indexers: { [ACTIVE]: (j) => (j.status?.conditions?.length ? [] : ["active"]) } }),
    pods: new Informer<PodObject>({ ...common, name: "p" }),
  };
}
const request = (name: string, uid: string, channel: string) =>
  ({ apiVersion: "exhaust.sunbird.org/v1alpha1", kind: "ExhaustRequest", metadata: { name, namespace: "ns", uid, resourceVersion: "1" }, spec: { requestedChannel: channel } }) as unknown as ExhaustRequest;
const job = (name: string, ownerUid: string, finished = false): JobObject => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name, namespace: "ns", resourceVersion: "1", ownerReferences: [{ apiVersion: "v", kind: "ExhaustRequest", name: "x", uid: ownerUid, controller: true }] },
  ...(finished ? { status: { conditions: [{ type: "Complete", status: "True" }] } } : {}),
}) as JobObject & KubeObject;

describe("RunnerSlots", () => {
  it("counts active cached Jobs per owner channel, plus created Jobs the cache does not show yet", () => {
    const clock = new FakeClock();
    const c = caches(clock);
    c.requests.store.upsert(request("a", "uid-a", "x"));
    c.requests.store.upsert(request("b", "uid-b", "y"));
    c.jobs.store.upsert(job("a-1", "uid-a"));
    c.jobs.store.upsert(job("b-1", "uid-b", true));
    const slots = new RunnerSlots(clock, 60_000);
    slots.expect("ns/b-2", "ns/b", "y");
    expect(slots.countsFor(c, "x")).toEqual({ global: 2, inChannel: 1 });
    expect(slots.countsFor(c, "y")).toEqual({ global: 2, inChannel: 1 });
    expect(slots.expectedFor("ns/b")).toEqual(["b-2"]);

    slots.seen("ns/b-2");
    expect(slots.countsFor(c, "y")).toEqual({ global: 1, inChannel: 0 });
  });

  it("forgets an expectation the informer never confirms after its time to live", () => {
    const clock = new FakeClock();
    const slots = new RunnerSlots(clock, 60_000);
    slots.expect("ns/a-1", "ns/a", "x");
    clock.advance(60_001);
    expect(slots.expectedFor("ns/a")).toEqual([]);
    expect(slots.countsFor(caches(clock), "x")).toEqual({ global: 0, inChannel: 0 });
  });

  it("hands the lock to one holder at a time, in request order", async () => {
    const slots = new RunnerSlots(new FakeClock());
    const order: string[] = [];
    const first = await slots.lock();
    const second = slots.lock().then((release) => {
      order.push("second");
      release();
    });
    await Promise.resolve();
    order.push("first");
    first();
    await second;
    expect(order).toEqual(["first", "second"]);
  });

  it("keeps a waiting request's place in line until it stops waiting", () => {
    const slots = new RunnerSlots(new FakeClock());
    slots.setWaiting("ns/a", "x");
    slots.setWaiting("ns/b", "y");
    slots.setWaiting("ns/a", "x");
    expect(slots.waiting()).toEqual([["ns/a", "x"], ["ns/b", "y"]]);
    slots.setWaiting("ns/a", undefined);
    expect(slots.waiting()).toEqual([["ns/b", "y"]]);
  });
});
