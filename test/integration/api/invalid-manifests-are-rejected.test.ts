import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { endpoints } from "../../env/endpoints.ts";
import { invalidCreates, invalidUpdates, manifestFor, validRequest, validSchedule } from "../../unit/crds/invalid-manifests.ts";
import type { Json } from "./kube-api.ts";
import { kubeApi, newNamespace, pathFor } from "./kube-api.ts";

// One invalid manifest per validation rule; the apiserver must refuse each and name the offending field.
describe("admission validation", () => {
  const api = kubeApi(endpoints().k8s);
  let ns: Awaited<ReturnType<typeof newNamespace>>;
  beforeEach(async () => (ns = await newNamespace(api)));
  afterEach(() => ns.remove());

  const createIn = (namespace: string, manifest: Json, dryRun = true) =>
    api.call("POST", `${pathFor(namespace, manifest["kind"])}?fieldValidation=Strict${dryRun ? "&dryRun=All" : ""}`, manifest);

  it("the table has at least 30 rules", () => {
    expect(invalidCreates.length + invalidUpdates.length).toBeGreaterThanOrEqual(30);
  });

  it.each([validRequest(), validSchedule()].map((m) => [m["kind"], m] as const))("the valid base %s is accepted", async (_kind, m) => {
    const res = await createIn(ns.name, m);
    expect(res.body["message"]).toBeUndefined();
    expect(res.status).toBe(201);
  });

  it.each(invalidCreates.map((c) => [c.name, c] as const))("create: %s -> rejected, naming the field", async (_name, c) => {
    const res = await createIn(ns.name, manifestFor(c));
    expect([400, 422]).toContain(res.status);
    expect(res.body["message"]).toContain(c.field);
  });

  it.each(invalidUpdates.map((u) => [u.name, u] as const))("update: %s -> rejected as immutable", async (_name, u) => {
    const created = await createIn(ns.name, validRequest(), false);
    expect(created.status).toBe(201);
    const changed = structuredClone(created.body);
    u.mutate(changed["spec"]);
    const res = await api.call("PUT", `${pathFor(ns.name, "ExhaustRequest")}/${changed["metadata"].name}`, changed);
    expect(res.status).toBe(422);
    expect(res.body["message"]).toContain(`${u.field} is immutable`);
  });

  it("update: suspend and ttlSecondsAfterFinished may change", async () => {
    const created = await createIn(ns.name, validRequest(), false);
    const path = `${pathFor(ns.name, "ExhaustRequest")}/${created.body["metadata"].name}`;
    const res = await api.call("PATCH", path, { spec: { suspend: true, ttlSecondsAfterFinished: 60 } }, "application/merge-patch+json");
    expect(res.body["message"]).toBeUndefined();
    expect(res.body["spec"]).toMatchObject({ suspend: true, ttlSecondsAfterFinished: 60 });
  });

  it("update: a schedule's template stays editable", async () => {
    const created = await createIn(ns.name, validSchedule(), false);
    const path = `${pathFor(ns.name, "ExhaustSchedule")}/${created.body["metadata"].name}`;
    const patch = { spec: { schedules: ["0 4 * * *"], template: { spec: { collectionId: "do_2", batches: { ids: ["b9"] } } } } };
    const res = await api.call("PATCH", path, patch, "application/merge-patch+json");
    expect(res.body["message"]).toBeUndefined();
    expect(res.body["spec"].template.spec.collectionId).toBe("do_2");
  });
});
