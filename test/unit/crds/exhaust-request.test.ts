import { describe, expect, it } from "vitest";
import { exhaustRequestSchema, immutabilityRules } from "../../../crds/exhaust-request.ts";
import { exampleDocuments, fieldPathOf } from "./examples.ts";
import { invalidCreates, manifestFor, validRequest } from "./invalid-manifests.ts";

describe("ExhaustRequest schema", () => {
  const examples = exampleDocuments().filter((e) => e.doc.kind === "ExhaustRequest");

  it("has one example per report", () => {
    const reports = examples.map((e) => (e.doc["spec"] as { report: string }).report).sort();
    expect(reports).toEqual(["progress", "response", "userinfo"]);
  });

  it.each(examples.map((e) => [e.file, e.doc] as const))("accepts the example %s", (_file, doc) => {
    const result = exhaustRequestSchema.safeParse(doc);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it("fills the defaults the CRD declares", () => {
    const m = validRequest();
    (m["spec"] as { [k: string]: unknown })["retry"] = {};
    (m["spec"] as { [k: string]: unknown })["output"] = {};
    const spec = exhaustRequestSchema.parse(m).spec;
    expect(spec.suspend).toBe(false);
    expect(spec.outputReclaimPolicy).toBe("Retain");
    expect(spec.retry).toEqual({ maxAttempts: 3, initialBackoffSeconds: 60, maxBackoffSeconds: 1800, factor: 2 });
    expect(spec.output).toEqual({ format: "zip", encryption: "zipcrypto" });
  });

  const cases = invalidCreates.filter((c) => c.base === validRequest && !c.admissionOnly);
  it.each(cases.map((c) => [c.name, c] as const))("rejects %s, naming the field", (_name, c) => {
    const result = exhaustRequestSchema.safeParse(manifestFor(c));
    expect(result.success).toBe(false);
    const paths = (result.error?.issues ?? []).map((i) => fieldPathOf(i.path));
    expect(paths.some((p) => p.startsWith(c.field))).toBe(true);
  });

  it("makes every spec field immutable except suspend, ttlSecondsAfterFinished and outputReclaimPolicy", () => {
    const fields = immutabilityRules.map((r) => r.fieldPath);
    expect(fields).not.toContain(".suspend");
    expect(fields).not.toContain(".ttlSecondsAfterFinished");
    expect(fields).not.toContain(".outputReclaimPolicy");
    expect(fields).toEqual(expect.arrayContaining([".report", ".batches", ".password", ".output", ".requestId"]));
    for (const r of immutabilityRules) expect(r.message).toContain(`spec${r.fieldPath} is immutable`);
  });
});
