import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FakeClock } from "../../../../operator/clock/clock.ts";
import { applyObject, createOwned } from "../../../../operator/kube/client/apply.ts";
import { deleteObject } from "../../../../operator/kube/client/delete.ts";
import { EventRecorder } from "../../../../operator/kube/events/event-recorder.ts";
import { ensureFinalizer, removeFinalizer } from "../../../../operator/kube/client/finalizers.ts";
import { ownerReferenceTo } from "../../../../operator/kube/meta/kube-object.ts";
import type { KubeObject } from "../../../../operator/kube/meta/kube-object.ts";
import { collectionPath, events, exhaustRequests, jobs, objectPath } from "../../../../operator/kube/meta/resource-type.ts";
import { patchStatus } from "../../../../operator/kube/client/status-patch.ts";
import { setCondition } from "../../../../operator/status/set-condition.ts";
import type { Condition } from "../../../../operator/status/set-condition.ts";
import { configMaps, eventually, plumbingCluster } from "./cluster.ts";

type RequestStatus = { observedGeneration?: number; phase?: string; progress?: string; conditions?: Condition[] };
type Request = KubeObject & { status?: RequestStatus };
type ConfigMap = KubeObject & { data?: Record<string, string> };

const example = parse(readFileSync(join(import.meta.dirname, "../../../../examples/exhaustrequest-progress.yaml"), "utf8")) as Request;
const now = new Date("2026-03-01T12:00:00Z");

describe("write helpers against a real apiserver", () => {
  let cluster: Awaited<ReturnType<typeof plumbingCluster>>;
  let request: Request;
  const writes = async (method: string) => {
    const text = await cluster.metrics.registry.metrics();
    return text
      .split("\n")
      .filter((l) => l.startsWith("rest_client_requests_total") && l.includes(`method="${method}"`))
      .reduce((sum, l) => sum + Number(l.split(" ")[1]), 0);
  };

  beforeAll(async () => {
    cluster = await plumbingCluster("writes");
    const body = { ...example, metadata: { ...example.metadata, namespace: cluster.namespace } };
    request = await cluster.api.request<Request>("POST", collectionPath(exhaustRequests, cluster.namespace), { body });
  });
  afterAll(async () => {
    await cluster?.deleteNamespace();
  });

  it("patchStatus writes once, skips an identical status, removes dropped fields and survives a stale resourceVersion", async () => {
    const { api } = cluster;
    const accepted = setCondition(undefined, { type: "Accepted", status: "True", reason: "SpecValid", message: "Accepted.", observedGeneration: 1 }, now);
    const first: RequestStatus = { observedGeneration: 1, phase: "Pending", progress: "0/1", conditions: accepted.conditions };
    const written = await patchStatus(api, exhaustRequests, request, first);
    expect(written.written).toBe(true);
    expect(written.object?.status).toEqual(first);

    const patchesBefore = await writes("PATCH");
    expect((await patchStatus(api, exhaustRequests, written.object!, structuredClone(first))).written).toBe(false);
    expect(await writes("PATCH")).toBe(patchesBefore);

    // Someone changes the object meanwhile: our copy is stale, the write retries on the fresh resourceVersion.
    await api.request("PATCH", objectPath(exhaustRequests, cluster.namespace, request.metadata!.name!), {
      body: { metadata: { labels: { touched: "yes" } } },
      contentType: "application/merge-patch+json",
    });
    const second: RequestStatus = { observedGeneration: 1, phase: "Running", conditions: accepted.conditions }; // progress dropped
    const retried = await patchStatus(api, exhaustRequests, written.object!, second);
    expect(retried.written).toBe(true);
    expect(retried.object?.status).toEqual(second);
    expect(retried.object?.metadata?.labels).toEqual({ touched: "yes" });
  });

  it("applyObject creates and updates a child with server-side apply, keeping fields another manager owns", async () => {
    const { api, namespace } = cluster;
    const child = (value: string): ConfigMap => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "applied", namespace, ownerReferences: [ownerReferenceTo(request)] },
      data: { value },
    });
    await applyObject(api, configMaps, child("1"));
    await api.request("PATCH", objectPath(configMaps, namespace, "applied"), {
      query: { fieldManager: "someone-else" },
      body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "applied", namespace }, data: { theirs: "kept" } },
      contentType: "application/apply-patch+yaml",
    });
    const updated = await applyObject(api, configMaps, child("2"));
    expect(updated.data).toEqual({ value: "2", theirs: "kept" });
    expect(updated.metadata?.ownerReferences?.[0]?.uid).toBe(request.metadata?.uid);
    const managers = (updated.metadata as { managedFields?: { manager: string }[] }).managedFields?.map((m) => m.manager);
    expect(managers).toEqual(expect.arrayContaining(["exhaust-operator", "someone-else"]));
  });

  it("createOwned: created, then AlreadyExists with our owner -> exists, with another owner -> ownedByOther", async () => {
    const { api, namespace } = cluster;
    const owned: ConfigMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owned", namespace, ownerReferences: [ownerReferenceTo(request)] } };
    const uid = request.metadata!.uid!;
    expect((await createOwned(api, configMaps, owned, uid)).outcome).toBe("created");
    expect((await createOwned(api, configMaps, owned, uid)).outcome).toBe("exists");
    const other = await createOwned(api, configMaps, owned, "some-other-uid");
    expect(other).toMatchObject({ outcome: "ownedByOther", ownerUid: uid });
  });

  it("deleteObject removes a Job with Background propagation (no orphan finalizer left behind) and tolerates NotFound", async () => {
    const { api, namespace } = cluster;
    const job = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "runner-1", namespace },
      spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "runner", image: "exhaust-runner:test" }] } } },
    };
    await api.request("POST", collectionPath(jobs, namespace), { body: job });
    expect(await deleteObject(api, jobs, namespace, "runner-1")).toBe(true);
    // With the default policy for batch/v1 (orphan) the Job would linger with an `orphan` finalizer.
    await eventually(
      () => api.request("GET", objectPath(jobs, namespace, "runner-1")).then(() => false, () => true),
      5000,
      "the Job to be gone",
    );
    expect(await deleteObject(api, jobs, namespace, "runner-1")).toBe(false);
  });

  it("ensureFinalizer and removeFinalizer are idempotent", async () => {
    const { api, namespace } = cluster;
    const cm = await api.request<ConfigMap>("POST", collectionPath(configMaps, namespace), {
      body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "finalized", namespace } },
    });
    const once = await ensureFinalizer(api, configMaps, cm, "exhaust.sunbird.org/s3-cleanup");
    const twice = await ensureFinalizer(api, configMaps, once, "exhaust.sunbird.org/s3-cleanup");
    expect(twice.metadata?.finalizers).toEqual(["exhaust.sunbird.org/s3-cleanup"]);
    const removed = await removeFinalizer(api, configMaps, twice, "exhaust.sunbird.org/s3-cleanup");
    expect(removed?.metadata?.finalizers ?? []).toEqual([]);
    expect(await removeFinalizer(api, configMaps, removed!, "exhaust.sunbird.org/s3-cleanup")).toBe(removed);
  });

  it("the event recorder writes events.k8s.io/v1 Events and folds repeats into a series", async () => {
    const { api, namespace, log } = cluster;
    const clock = new FakeClock(now);
    const recorder = new EventRecorder({ api, clock, log, instance: "pod-a_x1" });
    const event = { type: "Warning" as const, reason: "FailedCreate", action: "CreateJob", note: "Create failed at https://user:hunter2@s3.example/x?X-Amz-Signature=abc" };
    await recorder.record(request, event);
    clock.advance(30_000);
    await recorder.record(request, event);
    await recorder.record(request, { ...event, reason: "not camel case" });
    const list = await api.request<{ items: Record<string, any>[] }>("GET", collectionPath(events, namespace)); // eslint-disable-line @typescript-eslint/no-explicit-any
    // Other tests of this file share the namespace, and in the full stack KCM's controllers add their own Events.
    const ours = list.items.filter((e) => e.reportingController === "exhaust-operator");
    expect(ours).toHaveLength(1);
    const [recorded] = ours;
    expect(recorded).toMatchObject({
      reportingController: "exhaust-operator",
      reportingInstance: "pod-a_x1",
      type: "Warning",
      reason: "FailedCreate",
      action: "CreateJob",
      regarding: { kind: "ExhaustRequest", name: request.metadata?.name, uid: request.metadata?.uid },
      series: { count: 2 },
    });
    expect(recorded?.note).not.toContain("hunter2");
    expect(recorded?.note).not.toContain("abc");
  });
});
