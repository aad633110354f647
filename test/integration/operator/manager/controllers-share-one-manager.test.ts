import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../../../operator/clock/clock.ts";
import type { KubeObject } from "../../../../operator/kube/meta/kube-object.ts";
import { collectionPath, jobs, objectPath } from "../../../../operator/kube/meta/resource-type.ts";
import type { Controller } from "../../../../operator/manager/controller.ts";
import { ControllerManager } from "../../../../operator/manager/manager.ts";
import { configMaps, eventually, plumbingCluster } from "../plumbing/cluster.ts";

/** GET requests this manager's client sent: each informer makes one list and one watch while nothing fails. */
async function getRequests(cluster: Awaited<ReturnType<typeof plumbingCluster>>): Promise<number> {
  const metric = await cluster.metrics.restClientRequests.get();
  return metric.values.filter((v) => v.labels.method === "GET").reduce((sum, v) => sum + v.value, 0);
}

describe("controller manager on a real apiserver", () => {
  let cluster: Awaited<ReturnType<typeof plumbingCluster>>;
  let manager: ControllerManager;
  const owners: string[] = [];
  const watchers: string[] = [];

  // Two controllers that read the same two kinds: one reconciles ConfigMaps and owns Jobs, the other reconciles Jobs
  // and maps ConfigMaps to a key of its own.
  const ownerController: Controller = {
    name: "configmap-owner",
    workers: 1,
    timeoutMs: 10_000,
    setup(b) {
      const maps = b.informer<KubeObject>(configMaps);
      b.reconciles(maps);
      b.owns(b.informer<KubeObject>(jobs), "ConfigMap");
      return async (key) => void owners.push(key);
    },
  };
  const jobController: Controller = {
    name: "job-watcher",
    workers: 1,
    timeoutMs: 10_000,
    setup(b) {
      b.reconciles(b.informer<KubeObject>(jobs, { indexers: { byName: (j) => [j.metadata?.name ?? ""] } }));
      b.watches(b.informer<KubeObject>(configMaps), (cm) => [`configmap:${cm.metadata?.name ?? ""}`]);
      return async (key) => void watchers.push(key);
    },
  };

  const job = (name: string, owner?: KubeObject) => ({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      namespace: cluster.namespace,
      ...(owner === undefined
        ? {}
        : { ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: owner.metadata?.name, uid: owner.metadata?.uid, controller: true }] }),
    },
    // Suspended: the Job controller creates no pods, so only the Job object itself changes.
    spec: { suspend: true, template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "sleep" }] } } },
  });

  beforeAll(async () => {
    cluster = await plumbingCluster("manager");
    manager = new ControllerManager({
      api: cluster.api,
      kc: cluster.kc,
      namespace: cluster.namespace,
      clock: systemClock,
      log: cluster.log,
      metrics: cluster.metrics,
      health: { host: "127.0.0.1", port: 0 },
      drainTimeoutMs: 5_000,
      onLostLease: () => undefined,
    });
    manager.add(ownerController);
    manager.add(jobController);
    await manager.start();
  });

  afterAll(async () => {
    await manager?.shutdown("test done");
    await cluster?.deleteNamespace();
  });

  it("opens one list and one watch per kind for both controllers", async () => {
    // Two kinds read by two controllers each: 2 lists + 2 watches; an informer per controller would make 8. The
    // watches open just after the lists, so wait for them, then make sure nothing else follows.
    await eventually(async () => (await getRequests(cluster)) >= 4, 10_000, "the watches open");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await getRequests(cluster)).toBe(4);
  });

  it("queues a ConfigMap for its own changes and an owned Job's changes, and not for a Job it does not own", async () => {
    const owner = await cluster.api.request<KubeObject>("POST", collectionPath(configMaps, cluster.namespace), {
      body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owner", namespace: cluster.namespace } },
    });
    const ownerKey = `${cluster.namespace}/owner`;
    await eventually(() => owners.includes(ownerKey) && watchers.includes("configmap:owner"), 10_000, "the ConfigMap reaches both controllers");

    owners.length = 0;
    await cluster.api.request("POST", collectionPath(jobs, cluster.namespace), { body: job("orphan") });
    await eventually(() => watchers.includes(`${cluster.namespace}/orphan`), 10_000, "the unowned Job reaches the Job controller");

    await cluster.api.request("POST", collectionPath(jobs, cluster.namespace), { body: job("owned", owner) });
    await eventually(() => watchers.includes(`${cluster.namespace}/owned`), 10_000, "the owned Job reaches the Job controller");
    await eventually(() => owners.includes(ownerKey), 10_000, "the owned Job queues its owner");
    expect(owners.every((k) => k === ownerKey)).toBe(true);

    owners.length = 0;
    await cluster.api.request("PATCH", objectPath(jobs, cluster.namespace, "owned"), {
      body: { metadata: { labels: { touched: "yes" } } },
      contentType: "application/merge-patch+json",
    });
    await eventually(() => owners.includes(ownerKey), 10_000, "a change to the owned Job queues its owner again");
  });
});
