import { describe, expect, it } from "vitest";
import { formatObject, resourceNameOf } from "../../../../../operator/kubectl-plugin/cli/object-output.ts";

const created = {
  apiVersion: "exhaust.sunbird.org/v1alpha1",
  kind: "ExhaustRequest",
  metadata: { name: "p1", managedFields: [{ manager: "kubectl-exhaust" }] },
  spec: { report: "progress" },
};

describe("resourceNameOf", () => {
  const cases = [
    { name: "a grouped kind -> kind.group/name, as kubectl -o name", object: created, want: "exhaustrequest.exhaust.sunbird.org/p1" },
    { name: "a core kind -> kind/name", object: { apiVersion: "v1", kind: "Secret", metadata: { name: "s" } }, want: "secret/s" },
    { name: "not yet named -> the generateName prefix and <generated>", object: { apiVersion: "v1", kind: "Pod", metadata: { generateName: "p-" } }, want: "pod/p-<generated>" },
  ];
  for (const c of cases) it(c.name, () => expect(resourceNameOf(c.object)).toBe(c.want));
});

describe("formatObject", () => {
  const cases = [
    { name: "yaml -> YAML without managedFields", format: "yaml" as const, want: "apiVersion: exhaust.sunbird.org/v1alpha1\nkind: ExhaustRequest\nmetadata:\n  name: p1\nspec:\n  report: progress\n" },
    { name: "json -> indented JSON without managedFields", format: "json" as const, want: `${JSON.stringify({ apiVersion: created.apiVersion, kind: created.kind, metadata: { name: "p1" }, spec: created.spec }, null, 2)}\n` },
    { name: "name -> one line", format: "name" as const, want: "exhaustrequest.exhaust.sunbird.org/p1\n" },
  ];
  for (const c of cases) it(c.name, () => expect(formatObject(created, c.format)).toBe(c.want));
});
