import { describe, expect, it } from "vitest";
import { gitOpsManagerOf } from "../../../../../operator/requests/plan/gitops-managed.ts";
import { requestWith } from "../request-fixtures.ts";

describe("gitOpsManagerOf", () => {
  const cases: { name: string; labels?: Record<string, string>; annotations?: Record<string, string>; expected: ReturnType<typeof gitOpsManagerOf> }[] = [
    { name: "applied by hand -> none", expected: undefined },
    { name: "Flux kustomization label -> Flux", labels: { "kustomize.toolkit.fluxcd.io/name": "apps" }, expected: { tool: "Flux", marker: "label kustomize.toolkit.fluxcd.io/name" } },
    { name: "Flux helm-release label -> Flux", labels: { "helm.toolkit.fluxcd.io/name": "apps" }, expected: { tool: "Flux", marker: "label helm.toolkit.fluxcd.io/name" } },
    { name: "Argo CD label -> Argo CD", labels: { "argocd.argoproj.io/instance": "apps" }, expected: { tool: "Argo CD", marker: "label argocd.argoproj.io/instance" } },
    {
      name: "Argo CD annotation tracking -> Argo CD",
      annotations: { "argocd.argoproj.io/tracking-id": "apps:exhaust.sunbird.org/ExhaustRequest:ns/r" },
      expected: { tool: "Argo CD", marker: "annotation argocd.argoproj.io/tracking-id" },
    },
    { name: "Helm's own labels -> none (a Helm release does not re-create on a timer)", labels: { "app.kubernetes.io/managed-by": "Helm" }, expected: undefined },
  ];
  it.each(cases)("$name", ({ labels, annotations, expected }) => {
    const request = requestWith({}, undefined, labels);
    const withAnnotations = annotations === undefined ? request : { ...request, metadata: { ...request.metadata, annotations } };
    expect(gitOpsManagerOf(withAnnotations)).toEqual(expected);
  });
});
