import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exhaustRequestCrd } from "../../../crds/exhaust-request.ts";
import { exhaustScheduleCrd } from "../../../crds/exhaust-schedule.ts";
import { exhaustDownloadCrd } from "../../../crds/exhaust-download.ts";
import { crdFiles, crdManifestFor, toStructural } from "../../../crds/to-crd-yaml.ts";

type Node = { [key: string]: unknown };
const crdsDir = join(import.meta.dirname, "..", "..", "..", "crds");

/** Every schema node under `node`, with its path. */
const walk = (node: Node, path = ""): [string, Node][] => {
  const props = (node["properties"] ?? {}) as { [name: string]: Node };
  const children = [
    ...Object.entries(props).map(([k, v]) => walk(v, `${path}.${k}`)),
    node["items"] ? walk(node["items"] as Node, `${path}[*]`) : [],
    typeof node["additionalProperties"] === "object" ? walk(node["additionalProperties"] as Node, `${path}{*}`) : [],
  ];
  return [[path, node], ...children.flat()];
};

const rootSchemaOf = (crd: ReturnType<typeof crdManifestFor>) => crd.spec.versions[0]!.schema.openAPIV3Schema as Node;

describe("CRD generation", () => {
  it.each([
    ["exhaustrequests", exhaustRequestCrd],
    ["exhaustschedules", exhaustScheduleCrd],
    ["exhaustdownloads", exhaustDownloadCrd],
  ] as const)("%s: names, status subresource and category", (plural, source) => {
    const crd = crdManifestFor(source);
    expect(crd.metadata.name).toBe(`${plural}.exhaust.sunbird.org`);
    expect(crd.spec.scope).toBe("Namespaced");
    expect(crd.spec.names.categories).toEqual(["exhaust"]);
    expect(crd.spec.versions).toHaveLength(1);
    expect(crd.spec.versions[0]).toMatchObject({ name: "v1alpha1", served: true, storage: true, subresources: { status: {} } });
  });

  it("uses the short names exr, exs and exd", () => {
    expect(crdManifestFor(exhaustRequestCrd).spec.names.shortNames).toEqual(["exr"]);
    expect(crdManifestFor(exhaustScheduleCrd).spec.names.shortNames).toEqual(["exs"]);
    expect(crdManifestFor(exhaustDownloadCrd).spec.names.shortNames).toEqual(["exd"]);
  });

  it.each([exhaustRequestCrd, exhaustScheduleCrd, exhaustDownloadCrd].map((s) => [s.kind, s] as const))(
    "%s: structural schema, every node typed, every string bounded, no JSON-Schema-only keywords",
    (_kind, source) => {
      for (const [path, node] of walk(rootSchemaOf(crdManifestFor(source)))) {
        expect(typeof node["type"], path).toBe("string");
        for (const k of ["$ref", "$schema", "anyOf", "oneOf", "allOf", "const", "propertyNames"]) expect(node, path).not.toHaveProperty(k);
        expect(node["additionalProperties"], path).not.toBe(false);
        if (node["type"] === "string" && !path.startsWith(".apiVersion") && !path.startsWith(".kind") && path !== ".metadata.name") {
          expect(node["maxLength"] ?? node["enum"], path).toBeDefined();
        }
        if (node["type"] === "array") expect(node["maxItems"], path).toBeDefined();
      }
    },
  );

  it("names the field in every CEL message", () => {
    for (const source of [exhaustRequestCrd, exhaustScheduleCrd, exhaustDownloadCrd]) {
      let checked = 0;
      for (const [path, node] of walk(rootSchemaOf(crdManifestFor(source)))) {
        for (const v of (node["x-kubernetes-validations"] ?? []) as { message: string }[]) {
          expect(v.message, path).toMatch(/^(spec|metadata)\.[A-Za-z.]+/);
          checked++;
        }
      }
      expect(checked, `${source.kind} has CEL rules`).toBeGreaterThan(0);
    }
  });

  it("declares the printer columns kubectl shows", () => {
    const columns = (s: typeof exhaustRequestCrd) => crdManifestFor(s).spec.versions[0]!.additionalPrinterColumns.map((c) => c.name);
    expect(columns(exhaustRequestCrd)).toEqual(["Report", "Collection", "Phase", "Progress", "Rows", "Age"]);
    expect(columns(exhaustDownloadCrd)).toEqual(["Request", "Batch", "Phase", "Expires", "Age"]);
    expect(columns(exhaustScheduleCrd)).toEqual(["Schedule", "TimeZone", "Suspend", "Last Run", "Next Run", "Last Result", "Age"]);
  });

  const rejected: { name: string; node: unknown; error: RegExp }[] = [
    { name: "a union", node: { anyOf: [{ type: "string" }] }, error: /\.x: 'anyOf' is not allowed/ },
    { name: "a reference", node: { $ref: "#/$defs/a" }, error: /\$ref/ },
    { name: "a string without maxLength", node: { type: "string" }, error: /\.x: string without maxLength/ },
    { name: "a node without type", node: { description: "?" }, error: /\.x: every node needs a type/ },
  ];
  it.each(rejected.map((r) => [r.name, r] as const))("refuses %s, naming the path", (_name, r) => {
    expect(() => toStructural({ type: "object", properties: { x: r.node } }, "")).toThrow(r.error);
  });

  it("drops what a structural schema cannot hold", () => {
    const out = toStructural(
      { type: "object", additionalProperties: false, $schema: "x", properties: { n: { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER }, e: { type: "number", enum: [0, 1] } } },
      "",
    );
    expect(out).toEqual({ type: "object", properties: { n: { type: "integer", minimum: 0 }, e: { type: "integer", enum: [0, 1] } } });
  });

  it.each(crdFiles().map((f) => [f.name, f.yaml] as const))("committed crds/%s matches the generator (run npm run crds:generate)", (name, yaml) => {
    const committed = readFileSync(join(crdsDir, name), "utf8");
    expect(committed).toBe(yaml);
  });
});
