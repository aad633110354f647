import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../../../operator/clock/clock.ts";
import { Informer } from "../../../../../operator/kube/cache/informer.ts";
import type { KubeObject } from "../../../../../operator/kube/meta/kube-object.ts";
import type { ResourceSource } from "../../../../../operator/kube/cache/resource-source.ts";
import { newLogger } from "../../../../../operator/log/log.ts";
import { newOperatorMetrics } from "../../../../../operator/metrics/registry.ts";

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

interface OpenWatch {
  resourceVersion: string;
  emit(type: string, obj: unknown): void;
  end(err?: unknown): void;
  aborted: boolean;
}

/** An in-memory apiserver stand-in: a list of objects served in pages, and watches the test drives by hand. */
function scriptedSource() {
  const objects = new Map<string, KubeObject>();
  const watches: OpenWatch[] = [];
  let listRv = 1;
  let failLists = 0;
  let lists = 0;
  const source: ResourceSource<KubeObject> = {
    async list({ limit, continueToken }) {
      lists++;
      if (failLists > 0) {
        failLists--;
        throw new Error("connection refused");
      }
      const all = [...objects.values()];
      const start = Number(continueToken ?? 0);
      const page = all.slice(start, start + limit);
      const next = start + limit < all.length ? String(start + limit) : undefined;
      return { items: structuredClone(page), resourceVersion: String(listRv), continueToken: next };
    },
    async watch({ resourceVersion }, onEvent, onEnd) {
      const w: OpenWatch = { resourceVersion, emit: onEvent, end: onEnd, aborted: false };
      watches.push(w);
      return { abort: () => (w.aborted = true) };
    },
  };
  const put = (name: string, rv: number) => {
    objects.set(name, { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "ns", resourceVersion: String(rv) } });
    listRv = Math.max(listRv, rv);
  };
  return {
    source,
    put,
    remove: (name: string) => objects.delete(name),
    watches,
    current: () => watches.at(-1)!,
    failNextLists: (n: number) => (failLists = n),
    lists: () => lists,
  };
}

function harness() {
  const clock = new FakeClock("2026-03-01T12:00:00Z");
  const server = scriptedSource();
  const metrics = newOperatorMetrics({ defaultMetrics: false });
  const seen: string[] = [];
  const informer = new Informer<KubeObject>({
    name: "configmaps",
    source: server.source,
    clock,
    log: newLogger({ level: "silent" }),
    metrics: metrics.informer,
    random: () => 0.5, // no jitter: backoff 1 s, 2 s, 4 s ...; relist exactly every 10 min
    pageSize: 2,
  });
  informer.onChange((o, type) => seen.push(`${type}:${o.metadata?.name}`));
  informer.onDelete((o) => seen.push(`DELETED:${o.metadata?.name}`));
  const counter = async (name: string) => {
    const line = (await metrics.registry.metrics()).split("\n").find((l) => l.startsWith(`${name}{resource="configmaps"}`));
    return Number(line?.split(" ")[1] ?? 0);
  };
  return { clock, server, informer, seen, counter };
}

const cm = (name: string, rv: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "ns", resourceVersion: rv } });

describe("Informer (scripted source, fake clock)", () => {
  it("lists all pages, reports synced, then watches from the list's resourceVersion", async () => {
    const { server, informer, seen } = harness();
    ["a", "b", "c"].forEach((name, i) => server.put(name, i + 1));
    informer.start();
    await informer.synced();
    await settle();
    expect(informer.list("ns").map((o) => o.metadata?.name).sort()).toEqual(["a", "b", "c"]);
    expect(seen).toEqual(["ADDED:a", "ADDED:b", "ADDED:c"]);
    expect(server.current().resourceVersion).toBe("3");
    await informer.stop();
  });

  it("tells every handler of an object learned from our own write; the same version by watch is a no-op, an overtaken one is ignored", async () => {
    const { server, informer, seen } = harness();
    informer.start();
    await settle();
    server.current().emit("ADDED", cm("x", "5"));
    informer.learn(cm("x", "6"));
    server.current().emit("MODIFIED", cm("x", "6"));
    informer.learn(cm("x", "6"));
    expect(seen).toEqual(["ADDED:x", "MODIFIED:x"]);
    expect(informer.get("ns", "x")?.metadata?.resourceVersion).toBe("6");
    // The answer to a write that the watch already overtook (a later change, then a deletion) puts nothing back.
    server.current().emit("MODIFIED", cm("x", "8"));
    informer.learn(cm("x", "7"));
    expect(informer.get("ns", "x")?.metadata?.resourceVersion).toBe("8");
    server.current().emit("DELETED", cm("x", "9"));
    informer.learn(cm("x", "8"));
    expect(informer.get("ns", "x")).toBeUndefined();
    expect(seen).toEqual(["ADDED:x", "MODIFIED:x", "MODIFIED:x", "DELETED:x"]);
    await informer.stop();
  });

  it("applies watch events, advances the resourceVersion on bookmarks and resumes from it", async () => {
    const { server, informer, seen } = harness();
    informer.start();
    await settle();
    server.current().emit("ADDED", cm("x", "5"));
    server.current().emit("MODIFIED", cm("x", "6"));
    server.current().emit("BOOKMARK", { metadata: { resourceVersion: "9" } });
    server.current().emit("DELETED", cm("x", "10"));
    server.current().emit("BOOKMARK", { metadata: { resourceVersion: "11" } });
    informer.restartWatch();
    await settle();
    expect(seen).toEqual(["ADDED:x", "MODIFIED:x", "DELETED:x"]);
    expect(server.watches).toHaveLength(2);
    expect(server.watches[0]!.aborted).toBe(true);
    expect(server.current().resourceVersion).toBe("11");
    await informer.stop();
  });

  it("410 Gone -> relists at once, emitting deletes for objects that vanished", async () => {
    const { server, informer, seen, counter } = harness();
    server.put("keep", 1);
    server.put("vanish", 2);
    informer.start();
    await settle();
    server.remove("vanish");
    server.put("new", 7);
    seen.length = 0;
    server.current().emit("ERROR", { kind: "Status", code: 410, reason: "Expired" });
    await settle();
    expect(seen).toEqual(["DELETED:vanish", "RESYNC:keep", "ADDED:new"]);
    expect(server.lists()).toBe(2);
    expect(server.current().resourceVersion).toBe("7");
    expect(await counter("exhaust_informer_relists_total")).toBe(1);
    await informer.stop();
  });

  it("a failing watch is retried with doubling backoff (1 s, 2 s, 4 s), reset by a healthy watch", async () => {
    const { clock, server, informer, counter } = harness();
    informer.start();
    await settle();
    const expectRetryAfter = async (ms: number) => {
      const before = server.watches.length;
      server.current().end(new Error("ECONNRESET"));
      await settle();
      clock.advance(ms - 1);
      await settle();
      expect(server.watches.length).toBe(before);
      clock.advance(1);
      await settle();
      expect(server.watches.length).toBe(before + 1);
    };
    await expectRetryAfter(1000);
    await expectRetryAfter(2000);
    await expectRetryAfter(4000);
    server.current().emit("BOOKMARK", { metadata: { resourceVersion: "2" } }); // healthy again
    await expectRetryAfter(1000);
    expect(await counter("exhaust_informer_errors_total")).toBe(4);
    await informer.stop();
  });

  it("client-node's 30 s inactivity abort of a healthy watch reconnects at once, not counted as an error", async () => {
    const { clock, server, informer, counter } = harness();
    informer.start();
    await settle();
    clock.advance(30_000);
    server.current().end(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
    await settle();
    expect(server.watches).toHaveLength(2);
    expect(await counter("exhaust_informer_errors_total")).toBe(0);
    await informer.stop();
  });

  it("a failing first list is retried with backoff and synced only once it succeeds", async () => {
    const { clock, server, informer } = harness();
    server.failNextLists(2);
    informer.start();
    await settle();
    expect(informer.hasSynced()).toBe(false);
    clock.advance(1000);
    await settle();
    expect(informer.hasSynced()).toBe(false);
    clock.advance(2000);
    await settle();
    expect(informer.hasSynced()).toBe(true);
    expect(server.lists()).toBe(3);
    await informer.stop();
  });

  it("the watchdog restarts a watch silent for 90 s", async () => {
    const { clock, server, informer } = harness();
    informer.start();
    await settle();
    clock.advance(89_999);
    await settle();
    expect(server.watches).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(server.watches[0]!.aborted).toBe(true);
    clock.advance(1000); // counted as a failure: first backoff step
    await settle();
    expect(server.watches).toHaveLength(2);
    await informer.stop();
  });

  it("relists every 10 minutes and re-notifies every object", async () => {
    const { clock, server, informer, seen } = harness();
    server.put("a", 1);
    informer.start();
    await settle();
    for (let i = 0; i < 7; i++) {
      clock.advance(80_000); // bookmarks keep the watchdog quiet
      server.current().emit("BOOKMARK", { metadata: { resourceVersion: "1" } });
    }
    clock.advance(40_000);
    await settle();
    expect(server.lists()).toBe(2);
    expect(seen).toEqual(["ADDED:a", "RESYNC:a"]);
    await informer.stop();
  });

  it("stop ends the watch and leaves no timers behind", async () => {
    const { clock, server, informer } = harness();
    informer.start();
    await settle();
    await informer.stop();
    expect(server.current().aborted).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });
});
