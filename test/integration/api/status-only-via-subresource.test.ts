import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { endpoints } from "../../env/endpoints.ts";
import { validRequest, validSchedule } from "../../unit/crds/invalid-manifests.ts";
import type { Json } from "./kube-api.ts";
import { kubeApi, newNamespace, pathFor } from "./kube-api.ts";

const requestStatus = {
  observedGeneration: 1,
  phase: "Running",
  progress: "1/2",
  totals: { batches: 2, succeeded: 1, failed: 0, running: 1, queued: 0, rows: 42, bytes: 1024 },
  conditions: [{ type: "Progressing", status: "True", reason: "BatchesRunning", message: "1 of 2 batches running", lastTransitionTime: "2026-03-01T12:00:00Z", observedGeneration: 1 }],
  batches: [{ batchId: "0130928650617569280", phase: "Running", attempts: 1, jobName: "progress-0130928650617569280-a1", startTime: "2026-03-01T12:00:00Z" }],
};

// Spec and status go through separate endpoints: the main resource ignores status, /status ignores spec.
describe("status subresource", () => {
  const api = kubeApi(endpoints().k8s);
  let ns: Awaited<ReturnType<typeof newNamespace>>;
  beforeEach(async () => (ns = await newNamespace(api)));
  afterEach(() => ns.remove());

  const create = async (m: Json) => {
    const res = await api.call("POST", pathFor(ns.name, m["kind"]), { ...m, status: requestStatus });
    expect(res.status).toBe(201);
    return `${pathFor(ns.name, m["kind"])}/${res.body["metadata"].name}`;
  };
  const merge = (path: string, body: unknown) => api.call("PATCH", path, body, "application/merge-patch+json");

  it("ExhaustRequest: status sent on create or through the main resource is dropped", async () => {
    const path = await create(validRequest());
    expect((await api.call("GET", path)).body["status"]).toBeUndefined();
    const res = await merge(path, { spec: { suspend: true }, status: requestStatus });
    expect(res.status).toBe(200);
    expect(res.body["spec"].suspend).toBe(true);
    expect(res.body["status"]).toBeUndefined();
  });

  it("ExhaustRequest: /status sets status, ignores spec and keeps the generation", async () => {
    const path = await create(validRequest());
    const before = (await api.call("GET", path)).body;
    const res = await merge(`${path}/status`, { spec: { suspend: true }, status: requestStatus });
    expect(res.body["message"]).toBeUndefined();
    expect(res.body["status"]).toMatchObject({ phase: "Running", progress: "1/2", totals: { rows: 42 } });
    expect(res.body["spec"].suspend).toBe(false);
    expect(res.body["metadata"].generation).toBe(before["metadata"].generation);
  });

  it("ExhaustRequest: /status validates status, naming the field", async () => {
    const path = await create(validRequest());
    const bad = await merge(`${path}/status`, { status: { phase: "Done" } });
    expect(bad.status).toBe(422);
    expect(bad.body["message"]).toContain("status.phase");
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ batchId: `b${i}`, phase: "Pending", attempts: 0 }));
    const unbounded = await merge(`${path}/status`, { status: { batches: tooMany } });
    expect(unbounded.status).toBe(422);
    expect(unbounded.body["message"]).toContain("status.batches");
  });

  it("ExhaustSchedule: status only through /status", async () => {
    const path = await create(validSchedule());
    const status = {
      lastScheduleTime: "2026-03-01T03:30:00Z",
      nextScheduleTime: "2026-03-02T03:30:00Z",
      active: [{ name: "run-progress-exhaust-29539530" }],
      history: [{ name: "run-progress-exhaust-29538090", scheduledTime: "2026-02-28T03:30:00Z", result: "Succeeded", rows: 10 }],
    };
    const ignored = await merge(path, { status });
    expect(ignored.body["status"]).toBeUndefined();
    const res = await merge(`${path}/status`, { status });
    expect(res.body["message"]).toBeUndefined();
    expect(res.body["status"]).toMatchObject(status);
    const bad = await merge(`${path}/status`, { status: { history: [{ name: "x", scheduledTime: "yesterday", result: "Succeeded" }] } });
    expect(bad.status).toBe(422);
    expect(bad.body["message"]).toContain("status.history[0].scheduledTime");
  });
});
