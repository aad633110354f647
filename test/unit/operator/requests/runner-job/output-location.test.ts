import { describe, expect, it } from "vitest";
import type { ExhaustRequestSpec } from "../../../../../crds/exhaust-request.ts";
import { outputLocationOf, type OutputLocation } from "../../../../../operator/requests/runner-job/output-location.ts";
import { configWith, requestWith } from "../request-fixtures.ts";

const runnerWith = (settings: Record<string, string>) => configWith({ runner: { image: "ghcr.io/sunbird/exhaust:1.0.0", settings, secrets: {} } }).runner;
const zip = { format: "zip" as const, encryption: "zipcrypto" as const };

describe("outputLocationOf: where the Jobs write, spec.output before the operator's settings", () => {
  const cases: { name: string; output?: ExhaustRequestSpec["output"]; settings: Record<string, string>; location: OutputLocation }[] = [
    { name: "no settings, no output -> s3, no bucket, no prefix", settings: {}, location: { provider: "s3" } },
    { name: "settings only -> the configured provider's bucket and the prefix", settings: { storageProvider: "gcs", s3Bucket: "s3b", gcsBucket: "gcsb", s3KeyPrefix: "p/" }, location: { provider: "gcs", bucket: "gcsb", prefix: "p/" } },
    { name: "output provider -> that provider's bucket setting", output: { ...zip, provider: "azure" }, settings: { s3Bucket: "s3b", azureContainer: "cont" }, location: { provider: "azure", bucket: "cont" } },
    { name: "output bucket and prefix -> they win over the settings", output: { ...zip, bucket: "mine", prefix: "x/" }, settings: { s3Bucket: "s3b", s3KeyPrefix: "p/" }, location: { provider: "s3", bucket: "mine", prefix: "x/" } },
    { name: "output prefix empty -> empty, not the setting's", output: { ...zip, prefix: "" }, settings: { s3KeyPrefix: "p/" }, location: { provider: "s3", prefix: "" } },
    { name: "empty prefix setting -> no prefix", settings: { s3Bucket: "s3b", s3KeyPrefix: "" }, location: { provider: "s3", bucket: "s3b" } },
  ];
  it.each(cases)("$name", ({ output, settings, location }) => expect(outputLocationOf(requestWith(output === undefined ? {} : { output }), runnerWith(settings))).toEqual(location));
});
