import { describe, expect, it } from "vitest";
import type { OperatorConfig } from "../../../../operator/config/operator-config.ts";
import { signingSettings } from "../../../../operator/storage/signing-settings.ts";

const runner = (settings: OperatorConfig["runner"]["settings"]): OperatorConfig["runner"] => ({ settings }) as OperatorConfig["runner"];

describe("signingSettings: the runners' provider settings from config, their credentials from the operator's env", () => {
  const cases: { name: string; settings: OperatorConfig["runner"]["settings"]; env: Record<string, string>; expected: ReturnType<typeof signingSettings> }[] = [
    {
      name: "nothing configured: S3 with the SDK's defaults (region us-east-1, virtual-host style), Azure and GCS empty",
      settings: {},
      env: {},
      expected: { s3: { region: "us-east-1", forcePathStyle: false }, azure: {}, gcs: {} },
    },
    {
      name: "every provider configured, credentials under the runner's env names; other env is ignored",
      settings: { s3Endpoint: "http://127.0.0.1:9000", s3Region: "ap-south-1", s3ForcePathStyle: true, azureAccountName: "acct", azureBlobEndpoint: "http://127.0.0.1:10000/acct", gcsEndpoint: "http://127.0.0.1:4443", gcsProjectId: "p1" },
      env: { AWS_ACCESS_KEY_ID: "AK", AWS_SECRET_ACCESS_KEY: "SK", AZURE_STORAGE_KEY: "AZ", EXHAUST_GCS_CREDENTIALS_JSON: "{}", EXHAUST_PII_KEY: "not-for-signing" },
      expected: {
        s3: { endpoint: "http://127.0.0.1:9000", region: "ap-south-1", forcePathStyle: true, accessKeyId: "AK", secretAccessKey: "SK" },
        azure: { accountName: "acct", blobEndpoint: "http://127.0.0.1:10000/acct", accountKey: "AZ" },
        gcs: { endpoint: "http://127.0.0.1:4443", projectId: "p1", credentialsJson: "{}" },
      },
    },
    {
      name: "an empty env value (an optional secretKeyRef whose Secret is absent) counts as unset",
      settings: { s3ForcePathStyle: "true" },
      env: { AWS_ACCESS_KEY_ID: "", AZURE_STORAGE_KEY: "" },
      expected: { s3: { region: "us-east-1", forcePathStyle: true }, azure: {}, gcs: {} },
    },
  ];
  it.each(cases)("$name", ({ settings, env, expected }) => {
    expect(signingSettings(runner(settings), env)).toEqual(expected);
  });
});
