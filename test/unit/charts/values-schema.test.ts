import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chartCrds } from "../../../charts/chart-crds.ts";
import { configSchema } from "../../../charts/values-schema.ts";
import { crdFiles } from "../../../crds/to-crd-yaml.ts";
import { runnerSettings } from "../../../crds/runner-contract.ts";

type Schema = { properties: Record<string, Schema>; propertyNames?: { enum: string[] }; required?: string[] };

describe("the values schema's config part (from operator/config.ts)", () => {
  const runner = (configSchema() as unknown as Schema).properties.runner as Schema;
  const settings = runner.properties.settings?.propertyNames?.enum ?? [];
  const secrets = runner.properties.secrets?.propertyNames?.enum ?? [];

  const cases: { name: string; key: string; inSettings: boolean; inSecrets: boolean }[] = [
    { name: "a store setting is a setting", key: "cassandraContactPoints", inSettings: true, inSecrets: false },
    { name: "the bucket is a setting", key: "s3Bucket", inSettings: true, inSecrets: false },
    { name: "the PII key is a secret only", key: "piiKey", inSettings: false, inSecrets: true },
    { name: "the S3 secret key is a secret only", key: "s3SecretAccessKey", inSettings: false, inSecrets: true },
    { name: "the report is set per request, neither", key: "report", inSettings: false, inSecrets: false },
    { name: "the zip password is set per request, neither", key: "zipPassword", inSettings: false, inSecrets: false },
    { name: "the termination path is set per request, neither", key: "terminationMessagePath", inSettings: false, inSecrets: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(settings.includes(c.key)).toBe(c.inSettings);
      expect(secrets.includes(c.key)).toBe(c.inSecrets);
    });
  }
  it("names only keys of the runner contract", () => expect([...settings, ...secrets].filter((k) => !Object.hasOwn(runnerSettings, k))).toEqual([]));
  it("leaves runner.image to the chart (its own image)", () => expect(runner.required ?? []).not.toContain("image"));
});

describe("the chart's CRD templates", () => {
  it("wrap each generated CRD in crds.install and add only the keep policy", () => {
    const templates = chartCrds();
    expect(templates.map((t) => t.name)).toEqual(crdFiles().map((f) => f.name));
    for (const [i, t] of templates.entries()) {
      const lines = t.template.split("\n");
      expect(lines[1]).toBe("{{- if .Values.crds.install }}");
      expect(lines.at(-2)).toBe("{{- end }}");
      const body = parse(lines.slice(2, -2).join("\n")) as { metadata: { annotations: Record<string, string>; name: string } };
      const source = parse(crdFiles()[i]?.yaml ?? "") as { metadata: { name: string } };
      expect(body.metadata.annotations).toEqual({ "helm.sh/resource-policy": "keep" });
      expect({ ...body, metadata: { name: body.metadata.name } }).toEqual(source);
    }
  });
});
