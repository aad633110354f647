import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { endpoints } from "../../env/endpoints.ts";
import { exampleDocuments } from "../../unit/crds/examples.ts";
import { kubeApi, newNamespace, pathFor } from "./kube-api.ts";

// Every manifest in examples/ is created for real against the apiserver, with the CRDs as committed.
describe("examples/", () => {
  const api = kubeApi(endpoints().k8s);
  let ns: Awaited<ReturnType<typeof newNamespace>>;
  beforeEach(async () => (ns = await newNamespace(api)));
  afterEach(() => ns.remove());

  const files = [...new Set(exampleDocuments().map((e) => e.file))];
  it("covers three requests and three schedules", () => {
    const kinds = exampleDocuments().map((e) => e.doc.kind).filter((k) => k !== "Secret").sort();
    expect(kinds).toEqual(["ExhaustRequest", "ExhaustRequest", "ExhaustRequest", "ExhaustSchedule", "ExhaustSchedule", "ExhaustSchedule"]);
  });

  it.each(files)("%s is accepted", async (file) => {
    for (const { doc } of exampleDocuments().filter((e) => e.file === file)) {
      const res = await api.call("POST", `${pathFor(ns.name, doc.kind ?? "")}?fieldValidation=Strict`, doc);
      expect(res.body["message"]).toBeUndefined();
      expect(res.status).toBe(201);
      expect(res.warnings).toEqual([]);
    }
  });

  it("gets the schema defaults from the apiserver", async () => {
    const doc = exampleDocuments().find((e) => e.file === "exhaustrequest-response.yaml")!.doc;
    const created = await api.call("POST", pathFor(ns.name, "ExhaustRequest"), doc);
    expect(created.status).toBe(201);
    expect(created.body["spec"].suspend).toBe(false);
    expect(created.body["spec"].output).toBeUndefined();

    const schedule = exampleDocuments().find((e) => e.file === "exhaustschedule-run-response-exhaust.yaml")!.doc;
    const s = await api.call("POST", pathFor(ns.name, "ExhaustSchedule"), schedule);
    expect(s.status).toBe(201);
    expect(s.body["spec"]).toMatchObject({ missedRunPolicy: "RunLatest", maxMissedRuns: 10, suspend: false, successfulRunsHistoryLimit: 3, failedRunsHistoryLimit: 1 });
    expect(s.body["spec"].template.spec.suspend).toBe(false);
  });
});
