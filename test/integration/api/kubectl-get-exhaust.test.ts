import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { endpoints } from "../../env/endpoints.ts";
import { validRequest, validSchedule } from "../../unit/crds/invalid-manifests.ts";
import { exhaustCategoryListed, kubeApi, newNamespace, pathFor } from "./kube-api.ts";

// `kubectl get exhaust` lists both kinds (category exhaust) with their printer columns.
describe("kubectl get exhaust", () => {
  const api = kubeApi(endpoints().k8s);
  let ns: Awaited<ReturnType<typeof newNamespace>>;
  beforeAll(() => exhaustCategoryListed(api));
  beforeEach(async () => (ns = await newNamespace(api)));
  afterEach(() => ns.remove());

  it("shows both kinds with their printer columns", async () => {
    const r = await api.call("POST", pathFor(ns.name, "ExhaustRequest"), validRequest());
    const s = await api.call("POST", pathFor(ns.name, "ExhaustSchedule"), validSchedule());
    expect([r.status, s.status]).toEqual([201, 201]);
    const rPath = `${pathFor(ns.name, "ExhaustRequest")}/${r.body["metadata"].name}/status`;
    const rStatus = { status: { phase: "Running", progress: "3/5", totals: { batches: 5, succeeded: 3, failed: 0, running: 2, queued: 0, rows: 1234, bytes: 99 } } };
    expect((await api.call("PATCH", rPath, rStatus, "application/merge-patch+json")).status).toBe(200);
    const sPath = `${pathFor(ns.name, "ExhaustSchedule")}/${s.body["metadata"].name}/status`;
    const condition = { type: "LastRunSucceeded", status: "True", reason: "Succeeded", message: "run-progress-exhaust-29538090 succeeded", lastTransitionTime: "2026-03-01T04:00:00Z" };
    const sStatus = { status: { lastScheduleTime: "2026-03-01T03:30:00Z", nextScheduleTime: "2026-03-02T03:30:00Z", conditions: [condition] } };
    expect((await api.call("PATCH", sPath, sStatus, "application/merge-patch+json")).status).toBe(200);

    const out = await api.kubectl(["get", "exhaust", "-n", ns.name]);
    const lines = out.split("\n");
    const headers = lines.filter((l) => l.startsWith("NAME")).map((l) => l.split(/\s{2,}/));
    expect(headers).toContainEqual(["NAME", "REPORT", "COLLECTION", "PHASE", "PROGRESS", "ROWS", "AGE"]);
    expect(headers).toContainEqual(["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "LAST RUN", "NEXT RUN", "LAST RESULT", "AGE"]);
    const rowOf = (prefix: string) => lines.find((l) => l.startsWith(prefix))?.split(/\s{2,}/) ?? [];
    expect(rowOf("exhaustrequest.exhaust.sunbird.org/").slice(1, 6)).toEqual(["progress", "do_1130928636168192001667", "Running", "3/5", "1234"]);
    const scheduleRow = rowOf("exhaustschedule.exhaust.sunbird.org/");
    expect(scheduleRow.slice(1, 4)).toEqual(['["30 3 * * *"]', "Etc/UTC", "false"]);
    expect(scheduleRow.slice(5, 7)).toEqual(["2026-03-02T03:30:00Z", "Succeeded"]);
  });

  it("knows the short names exr and exs", async () => {
    await api.call("POST", pathFor(ns.name, "ExhaustRequest"), validRequest());
    await api.call("POST", pathFor(ns.name, "ExhaustSchedule"), validSchedule());
    expect(await api.kubectl(["get", "exr", "-n", ns.name, "-o", "name"])).toBe("exhaustrequest.exhaust.sunbird.org/progress-0130928650617569280\n");
    expect(await api.kubectl(["get", "exs", "-n", ns.name, "-o", "name"])).toBe("exhaustschedule.exhaust.sunbird.org/run-progress-exhaust\n");
  });
});
