import { describe, expect, it } from "vitest";
import { crdServed, OWN_CRD_NAMES, planCrdApply, type LiveCrd } from "../../../../operator/crd-upgrade/crd-apply-plan.ts";

const REQUESTS = "exhaustrequests.exhaust.sunbird.org";
const SCHEDULES = "exhaustschedules.exhaust.sunbird.org";
const DOWNLOADS = "exhaustdownloads.exhaust.sunbird.org";

const crd = (name: string, versions = ["v1alpha1"]) => ({
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name },
  spec: { group: "exhaust.sunbird.org", versions: versions.map((v) => ({ name: v, served: true, storage: v === versions[0] })) },
});
const file = (doc: unknown, name = "x.yaml") => ({ file: name, doc });
const ownFiles = [file(crd(REQUESTS), "requests.yaml"), file(crd(SCHEDULES), "schedules.yaml"), file(crd(DOWNLOADS), "downloads.yaml")];
const stored = (...versions: string[]): LiveCrd => ({ status: { storedVersions: versions } });
const none = new Map<string, LiveCrd | undefined>();
const allLive = new Map([[REQUESTS, stored("v1alpha1")], [SCHEDULES, stored("v1alpha1")], [DOWNLOADS, stored("v1alpha1")]]);

describe("planCrdApply", () => {
  it("names the CRDs the hook's ClusterRole names", () => expect(OWN_CRD_NAMES).toEqual([REQUESTS, SCHEDULES, DOWNLOADS]));

  const cases: { name: string; files: { file: string; doc: unknown }[]; live: Map<string, LiveCrd | undefined>; actions?: [string, string][]; errors?: string[] }[] = [
    { name: "a fresh cluster: every CRD is created", files: ownFiles, live: none, actions: [[REQUESTS, "create"], [SCHEDULES, "create"], [DOWNLOADS, "create"]] },
    { name: "an upgrade: every CRD is updated", files: ownFiles, live: allLive, actions: [[REQUESTS, "update"], [SCHEDULES, "update"], [DOWNLOADS, "update"]] },
    { name: "an upgrade from a release without ExhaustDownload: it is created, the others updated", files: ownFiles, live: new Map([[REQUESTS, stored("v1alpha1")], [SCHEDULES, stored("v1alpha1")]]), actions: [[REQUESTS, "update"], [SCHEDULES, "update"], [DOWNLOADS, "create"]] },
    { name: "files in any order: applied in OWN_CRD_NAMES order", files: [...ownFiles].reverse(), live: allLive, actions: [[REQUESTS, "update"], [SCHEDULES, "update"], [DOWNLOADS, "update"]] },
    { name: "a new version added beside the stored one: updated", files: [file(crd(REQUESTS, ["v1beta1", "v1alpha1"])), ...ownFiles.slice(1)], live: allLive, actions: [[REQUESTS, "update"], [SCHEDULES, "update"], [DOWNLOADS, "update"]] },
    { name: "a missing manifest: refused", files: ownFiles.slice(0, 2), live: none, errors: [`no manifest for ${DOWNLOADS}`] },
    { name: "another CRD's manifest: refused, the hook may not touch it", files: [...ownFiles, file(crd("widgets.example.org"), "w.yaml")], live: none, errors: [`w.yaml: widgets.example.org is not one of this operator's CRDs (${REQUESTS}, ${SCHEDULES}, ${DOWNLOADS})`] },
    { name: "a manifest that is not a CRD: refused", files: [...ownFiles, file({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }, "c.yaml")], live: none, errors: ["c.yaml: not an apiextensions.k8s.io/v1 CustomResourceDefinition"] },
    { name: "an empty file: refused", files: [...ownFiles, file(null, "empty.yaml")], live: none, errors: ["empty.yaml: not an apiextensions.k8s.io/v1 CustomResourceDefinition"] },
    { name: "a CRD defined twice: refused", files: [...ownFiles, file(crd(REQUESTS), "again.yaml")], live: none, errors: [`again.yaml: ${REQUESTS} is defined twice`] },
    {
      name: "a CRD that drops a stored version: refused",
      files: [file(crd(REQUESTS, ["v1beta1"])), ...ownFiles.slice(1)],
      live: new Map([[REQUESTS, stored("v1alpha1", "v1beta1")], [SCHEDULES, stored("v1alpha1")], [DOWNLOADS, stored("v1alpha1")]]),
      errors: [`${REQUESTS}: the new CRD drops v1alpha1, which objects are still stored in (status.storedVersions); migrate them first`],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = planCrdApply(c.files, c.live);
      if (c.errors !== undefined) expect(plan).toEqual({ ok: false, errors: c.errors });
      else expect(plan.ok ? plan.applies.map((a) => [a.name, a.action]) : plan.errors).toEqual(c.actions);
    });
  }

  it("applies each manifest as read", () => {
    const plan = planCrdApply(ownFiles, none);
    expect(plan.ok ? plan.applies.map((a) => a.manifest) : plan.errors).toEqual(ownFiles.map((f) => f.doc));
  });
});

describe("crdServed", () => {
  const condition = (type: string, status: string) => ({ type, status });
  const cases: { name: string; crd: LiveCrd; served: boolean }[] = [
    { name: "Established and NamesAccepted: served", crd: { status: { conditions: [condition("NamesAccepted", "True"), condition("Established", "True")] } }, served: true },
    { name: "names accepted, not yet established: not served", crd: { status: { conditions: [condition("NamesAccepted", "True"), condition("Established", "False")] } }, served: false },
    { name: "established, names in conflict: not served", crd: { status: { conditions: [condition("NamesAccepted", "False"), condition("Established", "True")] } }, served: false },
    { name: "no status yet: not served", crd: {}, served: false },
  ];
  for (const c of cases) it(c.name, () => expect(crdServed(c.crd)).toBe(c.served));
});
