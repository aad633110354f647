import { describe, expect, it } from "vitest";
import { exhaustDownloadSchema, type ExhaustDownloadInput } from "../../../crds/exhaust-download.ts";

const download = (spec: Record<string, unknown>): ExhaustDownloadInput =>
  ({ apiVersion: "exhaust.sunbird.org/v1alpha1", kind: "ExhaustDownload", metadata: { name: "r1-abcde" }, spec }) as ExhaustDownloadInput;

describe("ExhaustDownload schema (zod, the CRD's source)", () => {
  it("expiryMinutes defaults to Sunbird's 30", () => {
    expect(exhaustDownloadSchema.parse(download({ requestName: "r1" })).spec).toEqual({ requestName: "r1", expiryMinutes: 30 });
  });

  const rejected: { name: string; spec: Record<string, unknown>; path: string }[] = [
    { name: "no requestName", spec: {}, path: "spec.requestName" },
    { name: "a requestName that is no DNS label", spec: { requestName: "R_1" }, path: "spec.requestName" },
    { name: "expiryMinutes 0", spec: { requestName: "r1", expiryMinutes: 0 }, path: "spec.expiryMinutes" },
    { name: "expiryMinutes above a day", spec: { requestName: "r1", expiryMinutes: 1441 }, path: "spec.expiryMinutes" },
    { name: "a fractional expiryMinutes", spec: { requestName: "r1", expiryMinutes: 1.5 }, path: "spec.expiryMinutes" },
    { name: "a batchId outside Sunbird's id alphabet", spec: { requestName: "r1", batchId: "a b" }, path: "spec.batchId" },
  ];
  it.each(rejected)("$name: rejected at $path", ({ spec, path }) => {
    const result = exhaustDownloadSchema.safeParse(download(spec));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });
});
