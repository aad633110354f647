import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../../../operator/clock/clock.ts";
import { Informer } from "../../../../operator/kube/cache/informer.ts";
import type { KubeObject } from "../../../../operator/kube/meta/kube-object.ts";
import { apiServerSource } from "../../../../operator/kube/cache/resource-source.ts";
import type { ResourceSource, WatchHandle } from "../../../../operator/kube/cache/resource-source.ts";
import { collectionPath, objectPath } from "../../../../operator/kube/meta/resource-type.ts";
import { configMaps, eventually, plumbingCluster } from "./cluster.ts";

type ConfigMap = KubeObject & { data?: Record<string, string> };

/** The real source, plus test controls: cut the open watch, or hold new watches silent (a deaf connection). */
function controllable(source: ResourceSource<ConfigMap>) {
  let current: WatchHandle | undefined;
  let deaf = false;
  const controlled: ResourceSource<ConfigMap> = {
    list: (options) => source.list(options),
    async watch(options, onEvent, onEnd) {
      const muted = deaf;
      current = await source.watch(options, (type, obj) => muted || onEvent(type, obj), onEnd);
      return current;
    },
  };
  return {
    source: controlled,
    cutConnection: () => current?.abort(),
    setDeaf: (value: boolean) => (deaf = value),
  };
}

describe("informer on a real apiserver", () => {
  let cluster: Awaited<ReturnType<typeof plumbingCluster>>;
  let informer: Informer<ConfigMap>;
  let control: ReturnType<typeof controllable>;
  const seen: string[] = [];
  const cm = (name: string, value: string): ConfigMap => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: cluster.namespace },
    data: { value },
  } as ConfigMap);

  beforeAll(async () => {
    cluster = await plumbingCluster("informer");
    const { api, kc, namespace, metrics, log } = cluster;
    // Objects before the informer starts arrive through the (paginated: page size 2) first list.
    for (const name of ["pre-1", "pre-2", "pre-3"]) {
      await api.request("POST", collectionPath(configMaps, namespace), { body: cm(name, "0") });
    }
    control = controllable(apiServerSource<ConfigMap>(api, kc, configMaps, { namespace }, metrics.restClientRequests));
    informer = new Informer<ConfigMap>({
      name: "configmaps",
      source: control.source,
      clock: systemClock,
      log,
      metrics: metrics.informer,
      pageSize: 2,
      backoff: { baseMs: 200, capMs: 1000, jitter: 0.2 },
    });
    informer.onChange((obj, type) => seen.push(`${type}:${obj.metadata?.name}:${obj.data?.value}`));
    informer.onDelete((obj) => seen.push(`DELETED:${obj.metadata?.name}`));
    informer.start();
    await informer.synced();
  });

  afterAll(async () => {
    await informer?.stop();
    await cluster?.deleteNamespace();
  });

  const metric = async (name: string) => {
    const line = (await cluster.metrics.registry.metrics()).split("\n").find((l) => l.startsWith(`${name}{resource="configmaps"}`));
    return Number(line?.split(" ")[1] ?? 0);
  };

  it("lists every page before reporting synced, skipping other namespaces' objects", () => {
    expect(informer.list(cluster.namespace).map((o) => o.metadata?.name).sort()).toEqual(["pre-1", "pre-2", "pre-3"]);
    expect(informer.list().every((o) => o.metadata?.namespace === cluster.namespace)).toBe(true);
  });

  it("sees a create, an update and a delete", async () => {
    const { api, namespace } = cluster;
    await api.request("POST", collectionPath(configMaps, namespace), { body: cm("live", "1") });
    await eventually(() => informer.get(namespace, "live")?.data?.value === "1", 10_000, "the create");
    await api.request("PATCH", objectPath(configMaps, namespace, "live"), { body: { data: { value: "2" } }, contentType: "application/merge-patch+json" });
    await eventually(() => informer.get(namespace, "live")?.data?.value === "2", 10_000, "the update");
    await api.request("DELETE", objectPath(configMaps, namespace, "live"));
    await eventually(() => informer.get(namespace, "live") === undefined, 10_000, "the delete");
    expect(seen).toEqual(expect.arrayContaining(["ADDED:live:1", "MODIFIED:live:2", "DELETED:live"]));
  });

  it("reconnects after its watch connection is cut, counts the error, and misses nothing", async () => {
    const errorsBefore = await metric("exhaust_informer_errors_total");
    const reconnectsBefore = await metric("exhaust_informer_watch_reconnects_total");
    control.cutConnection();
    await cluster.api.request("POST", collectionPath(configMaps, cluster.namespace), { body: cm("after-cut", "1") });
    await eventually(() => informer.get(cluster.namespace, "after-cut") !== undefined, 15_000, "the create after the cut");
    expect(await metric("exhaust_informer_errors_total")).toBeGreaterThan(errorsBefore);
    expect(await metric("exhaust_informer_watch_reconnects_total")).toBeGreaterThan(reconnectsBefore);
  });

  it("a relist emits deletes for objects removed while it was not hearing the watch, and re-notifies the rest", async () => {
    const { api, namespace } = cluster;
    control.setDeaf(true);
    control.cutConnection(); // the next watch is opened deaf
    await new Promise((resolve) => setTimeout(resolve, 500));
    await api.request("DELETE", objectPath(configMaps, namespace, "pre-1"));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(informer.get(namespace, "pre-1")).toBeDefined(); // it really missed the delete
    const relistsBefore = await metric("exhaust_informer_relists_total");
    seen.length = 0;
    control.setDeaf(false);
    informer.relist();
    await eventually(() => informer.get(namespace, "pre-1") === undefined, 10_000, "the delete from the relist");
    expect(seen).toContain("DELETED:pre-1");
    expect(seen).toEqual(expect.arrayContaining(["RESYNC:pre-2:0", "RESYNC:pre-3:0"]));
    expect(await metric("exhaust_informer_relists_total")).toBe(relistsBefore + 1);
    // And it keeps watching afterwards.
    await api.request("POST", collectionPath(configMaps, namespace), { body: cm("after-relist", "1") });
    await eventually(() => informer.get(namespace, "after-relist") !== undefined, 10_000, "the create after the relist");
  });

  it("counts its API requests in rest_client_requests_total", async () => {
    const text = await cluster.metrics.registry.metrics();
    expect(text).toMatch(/rest_client_requests_total\{code="200",method="GET",host="127\.0\.0\.1:\d+"\} [1-9]/);
    expect(text).toMatch(/rest_client_requests_total\{code="201",method="POST",host="127\.0\.0\.1:\d+"\} [1-9]/);
  });
});
