import { describe, expect, it } from "vitest";
import { InformerStore } from "../../../../../operator/kube/cache/informer-store.ts";
import { controllerOwnerUid, keyOf } from "../../../../../operator/kube/meta/kube-object.ts";
import type { KubeObject } from "../../../../../operator/kube/meta/kube-object.ts";

const job = (name: string, resourceVersion: string, ownerUid?: string, namespace = "team-a"): KubeObject => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: {
    name,
    namespace,
    resourceVersion,
    uid: `uid-${name}`,
    ownerReferences: ownerUid ? [{ apiVersion: "exhaust.sunbird.org/v1alpha1", kind: "ExhaustRequest", name: "r", uid: ownerUid, controller: true }] : [],
  },
});

const newStore = () => new InformerStore<KubeObject>({ byOwner: (o) => [controllerOwnerUid(o) ?? []].flat() });
const names = (objs: KubeObject[]) => objs.map((o) => o.metadata?.name).sort();

describe("InformerStore", () => {
  const transitions: {
    name: string;
    start: KubeObject[];
    act: (s: InformerStore<KubeObject>) => unknown;
    expected: { result: unknown; teamA: string[]; ownerR1: string[] };
  }[] = [
    {
      name: "new object -> ADDED, listed and indexed under its owner",
      start: [],
      act: (s) => s.upsert(job("a", "1", "r1"))?.type,
      expected: { result: "ADDED", teamA: ["a"], ownerR1: ["a"] },
    },
    {
      name: "same resourceVersion -> no change reported",
      start: [job("a", "1", "r1")],
      act: (s) => s.upsert(job("a", "1", "r1")),
      expected: { result: undefined, teamA: ["a"], ownerR1: ["a"] },
    },
    {
      name: "new resourceVersion with a new owner -> MODIFIED, moved between index entries",
      start: [job("a", "1", "r1"), job("b", "1", "r1")],
      act: (s) => s.upsert(job("a", "2", "r2"))?.type,
      expected: { result: "MODIFIED", teamA: ["a", "b"], ownerR1: ["b"] },
    },
    {
      name: "delete -> returns the cached copy, gone from list and index",
      start: [job("a", "1", "r1"), job("b", "1", "r1")],
      act: (s) => s.remove(job("a", "7"))?.metadata?.resourceVersion,
      expected: { result: "1", teamA: ["b"], ownerR1: ["b"] },
    },
    {
      name: "delete of an unknown object -> nothing",
      start: [job("a", "1", "r1")],
      act: (s) => s.remove(job("zzz", "1")),
      expected: { result: undefined, teamA: ["a"], ownerR1: ["a"] },
    },
    {
      name: "relist -> vanished objects deleted, unchanged RESYNC, changed MODIFIED, new ADDED",
      start: [job("gone", "1", "r1"), job("same", "1", "r1"), job("changed", "1")],
      act: (s) => {
        const { changes, deleted } = s.replace([job("same", "1", "r1"), job("changed", "2", "r1"), job("new", "3")]);
        return { changes: changes.map((c) => `${c.obj.metadata?.name}:${c.type}`), deleted: names(deleted) };
      },
      expected: {
        result: { changes: ["same:RESYNC", "changed:MODIFIED", "new:ADDED"], deleted: ["gone"] },
        teamA: ["changed", "new", "same"],
        ownerR1: ["changed", "same"],
      },
    },
  ];

  for (const t of transitions) {
    it(t.name, () => {
      const store = newStore();
      for (const obj of t.start) store.upsert(obj);
      expect(t.act(store)).toEqual(t.expected.result);
      expect(names(store.list("team-a"))).toEqual(t.expected.teamA);
      expect(names(store.byIndex("byOwner", "r1"))).toEqual(t.expected.ownerR1);
    });
  }

  it("keeps namespaces apart and lists all of them without a namespace", () => {
    const store = newStore();
    store.upsert(job("a", "1", undefined, "team-a"));
    store.upsert(job("a", "1", undefined, "team-b"));
    expect(store.get("team-b", "a")?.metadata?.namespace).toBe("team-b");
    expect(store.list("team-c")).toEqual([]);
    expect(store.list().map(keyOf).sort()).toEqual(["team-a/a", "team-b/a"]);
    expect(store.getByKey("team-a/a")).toBe(store.get("team-a", "a"));
  });

  it("hands out frozen objects, so a caller cannot corrupt the cache", () => {
    const store = newStore();
    store.upsert(job("a", "1", "r1"));
    const cached = store.get("team-a", "a")!;
    expect(() => {
      cached.metadata!.name = "b";
    }).toThrow(TypeError);
    expect(() => cached.metadata!.ownerReferences!.push({ apiVersion: "v1", kind: "X", name: "x", uid: "x" })).toThrow(TypeError);
    expect(store.get("team-a", "a")?.metadata?.ownerReferences).toHaveLength(1);
  });

  it("rejects an unknown index name", () => {
    expect(() => newStore().byIndex("byColour", "red")).toThrow(/no indexer/);
  });

  it("takes a second controller's indexes before it fills, and refuses a clashing or late one", () => {
    const store = newStore();
    const byName = (o: KubeObject) => [o.metadata?.name ?? ""];
    store.addIndexers({ byName });
    store.addIndexers({ byName });
    expect(() => store.addIndexers({ byOwner: () => [] })).toThrow(/already defined/);
    store.upsert(job("a", "1", "u1"));
    expect(names(store.byIndex("byName", "a"))).toEqual(["a"]);
    expect(names(store.byIndex("byOwner", "u1"))).toEqual(["a"]);
    expect(() => store.addIndexers({ late: () => [] })).toThrow(/after the cache was filled/);
  });
});
