import { describe, expect, it } from "vitest";
import type { StorageProvider } from "../../../../../crds/exhaust-request.ts";
import { runnerEnv } from "../../../../../operator/requests/runner-job/runner-env.ts";
import { configWith, requestWith } from "../request-fixtures.ts";

// One operator holds the settings and Secrets of every provider a request may choose; a Job gets only its own.
const config = configWith({
  runner: {
    image: "ghcr.io/sunbird/exhaust:1.0.0",
    settings: {
      cassandraContactPoints: ["10.0.0.1:9042"],
      hierarchyKeyspace: "dev_hierarchy_store",
      redisUserHost: "redis",
      storageProvider: "azure",
      s3Bucket: "s3-reports",
      s3Endpoint: "https://storage.googleapis.com",
      azureAccountName: "sbdev",
      azureContainer: "reports",
      gcsBucket: "gcs-reports",
    },
    secrets: {
      piiKey: { name: "pii", key: "key" },
      s3AccessKeyId: { name: "s3", key: "id" },
      s3SecretAccessKey: { name: "s3", key: "secret" },
      azureAccountKey: { name: "azure", key: "key" },
      gcsCredentialsJson: { name: "gcs", key: "sa.json" },
    },
  },
});

const envOf = (provider: StorageProvider | undefined, bucket?: string): Record<string, unknown> => {
  const output = provider === undefined && bucket === undefined ? undefined : { format: "zip" as const, encryption: "zipcrypto" as const, ...(provider === undefined ? {} : { provider }), ...(bucket === undefined ? {} : { bucket }) };
  const request = requestWith(output === undefined ? {} : { output });
  const env = runnerEnv({ request, requestId: "req-1", collectionId: "do_course", batchIds: ["b1"], runner: config.runner });
  return Object.fromEntries(env.map((e) => [e.name, e.value ?? e.valueFrom]));
};

const providerEnv = { s3: ["EXHAUST_S3_BUCKET", "EXHAUST_S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], azure: ["EXHAUST_AZURE_STORAGE_ACCOUNT", "EXHAUST_AZURE_CONTAINER", "AZURE_STORAGE_KEY"], gcs: ["EXHAUST_GCS_BUCKET", "EXHAUST_GCS_CREDENTIALS_JSON"] };

describe("runnerEnv storage provider", () => {
  const cases: { name: string; provider: StorageProvider | undefined; bucket?: string; expect: StorageProvider; bucketEnv?: [string, string] }[] = [
    { name: "no output.provider -> the configured provider (azure) and only its settings and Secrets", provider: undefined, expect: "azure" },
    { name: "output.provider gcs -> gcs settings and the key file Secret only", provider: "gcs", expect: "gcs" },
    { name: "output.provider s3 -> S3 settings and credentials only", provider: "s3", expect: "s3" },
    { name: "output.bucket with provider gcs -> overrides the GCS bucket", provider: "gcs", bucket: "other", expect: "gcs", bucketEnv: ["EXHAUST_GCS_BUCKET", "other"] },
    { name: "output.bucket without provider -> overrides the configured provider's container", provider: undefined, bucket: "other", expect: "azure", bucketEnv: ["EXHAUST_AZURE_CONTAINER", "other"] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const env = envOf(c.provider, c.bucket);
      expect(env.EXHAUST_STORAGE_PROVIDER).toBe(c.expect);
      for (const [provider, names] of Object.entries(providerEnv)) {
        for (const name of names) expect(name in env, `${name} for provider ${c.expect}`).toBe(provider === c.expect);
      }
      // A progress request: no report but UserInfo reads the PII key.
      expect("EXHAUST_PII_KEY" in env).toBe(false);
      if (c.bucketEnv !== undefined) expect(env[c.bucketEnv[0]]).toBe(c.bucketEnv[1]);
    });
  }

  it.each(["userinfo", "response", "progress"] as const)("%s -> the PII key and salt only for userinfo", (report) => {
    const withSalt = configWith({ runner: { ...config.runner, secrets: { ...config.runner.secrets, piiSalt: { name: "pii", key: "salt" } } } });
    const env = runnerEnv({ request: requestWith({ report }), requestId: "r", collectionId: "c", batchIds: ["b1"], runner: withSalt.runner });
    const names = env.map((e) => e.name);
    expect(names.includes("EXHAUST_PII_KEY")).toBe(report === "userinfo");
    expect(names.includes("EXHAUST_PII_SALT")).toBe(report === "userinfo");
    expect(names.includes("AZURE_STORAGE_KEY")).toBe(true);
  });

  it("with no provider configured at all -> s3", () => {
    const plain = configWith({ runner: { image: "x", settings: { s3Bucket: "reports" } } });
    const env = runnerEnv({ request: requestWith(), requestId: "r", collectionId: "c", batchIds: ["b1"], runner: plain.runner });
    expect(env.find((e) => e.name === "EXHAUST_STORAGE_PROVIDER")?.value).toBe("s3");
  });
});
