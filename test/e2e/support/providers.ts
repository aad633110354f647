import { STORAGE_PROVIDERS, type StorageProvider } from "../../../crds/exhaust-request.ts";
import { runnerSettings, type RunnerSettingKey } from "../../../crds/runner-contract.ts";
import type { OperatorConfigInput } from "../../../operator/config/operator-config.ts";
import { readSecretData } from "../../../operator/kube/client/secret-data.ts";
import type { Endpoints } from "../../env/endpoints.ts";
import { azureService, gcsStorage } from "../../env/store-clients.ts";
import { throwAwayServiceAccountKey } from "../../env/stores/gcs.ts";
import type { TestCluster } from "./cluster.ts";
import type { TestStores } from "./stores.ts";

/** Where a test's (or the demo's) runners write on one provider: its settings and Secrets, and what it holds. */
export interface ProviderTarget {
  provider: StorageProvider;
  /** The bucket or container. */
  bucket: string;
  /** Adds this provider's settings and Secrets to an operator configuration; `asDefault` makes it storageProvider. */
  configure(config: OperatorConfigInput, asDefault: boolean): OperatorConfigInput;
  /** The objects it holds, key -> bytes. */
  objects(): Promise<Map<string, Buffer>>;
  cleanup(): Promise<void>;
}

/**
 * A fresh container (Azurite) or bucket (GCS emulator), with the Secret its runners read created in the test
 * namespace; S3 is the test stores' own bucket, which operatorConfigFor already configures.
 */
export async function providerTarget(e: Endpoints, cluster: TestCluster, stores: TestStores, provider: StorageProvider): Promise<ProviderTarget> {
  const name = `t-${cluster.namespace}`.slice(0, 63);
  const withRunner = (config: OperatorConfigInput, asDefault: boolean, settings: Record<string, string>, secrets: Record<string, { name: string; key: string }>): OperatorConfigInput => {
    const runner = config.runner ?? { image: "exhaust-runner:test" };
    return { ...config, runner: { ...runner, settings: { ...runner.settings, ...settings, ...(asDefault ? { storageProvider: provider } : {}) }, secrets: { ...runner.secrets, ...secrets } } };
  };
  if (provider === "azure") {
    const container = azureService(e.azure).getContainerClient(name);
    await container.create();
    await cluster.createSecret("exhaust-azure", { key: e.azure.accountKey });
    return {
      provider,
      bucket: name,
      configure: (config, asDefault) =>
        withRunner(config, asDefault, { azureAccountName: e.azure.accountName, azureContainer: name, azureBlobEndpoint: e.azure.endpoint }, { azureAccountKey: { name: "exhaust-azure", key: "key" } }),
      async objects() {
        const out = new Map<string, Buffer>();
        for await (const blob of container.listBlobsFlat()) out.set(blob.name, await container.getBlobClient(blob.name).downloadToBuffer());
        return out;
      },
      cleanup: async () => void (await container.delete().catch(() => undefined)),
    };
  }
  if (provider === "gcs") {
    const key = throwAwayServiceAccountKey();
    const [bucket] = await gcsStorage(e.gcs, key).createBucket(name);
    await cluster.createSecret("exhaust-gcs", { "sa.json": JSON.stringify(key) });
    return {
      provider,
      bucket: name,
      configure: (config, asDefault) => withRunner(config, asDefault, { gcsBucket: name, gcsEndpoint: e.gcs.endpoint }, { gcsCredentialsJson: { name: "exhaust-gcs", key: "sa.json" } }),
      async objects() {
        const out = new Map<string, Buffer>();
        for (const file of (await bucket.getFiles())[0]) out.set(file.name, (await file.download())[0]);
        return out;
      },
      cleanup: async () => void (await bucket.deleteFiles({ force: true }).catch(() => undefined)),
    };
  }
  return { provider, bucket: stores.bucket, configure: (config, asDefault) => withRunner(config, asDefault, {}, {}), objects: () => stores.objects(), cleanup: async () => undefined };
}

/** A target on every provider, and `config` with all their settings (S3 stays the default provider). */
export async function everyProviderTarget(e: Endpoints, cluster: TestCluster, stores: TestStores, config: OperatorConfigInput): Promise<{ config: OperatorConfigInput; targets: Map<StorageProvider, ProviderTarget> }> {
  const targets = new Map<StorageProvider, ProviderTarget>();
  let configured = config;
  for (const provider of STORAGE_PROVIDERS) {
    const target = await providerTarget(e, cluster, stores, provider);
    targets.set(provider, target);
    configured = target.configure(configured, false);
  }
  return { config: configured, targets };
}

const SIGNING_SECRETS: readonly RunnerSettingKey[] = ["s3AccessKeyId", "s3SecretAccessKey", "azureAccountKey", "gcsCredentialsJson"];

/**
 * The operator's storage env for signing ExhaustDownload URLs, as the chart's Deployment gives it (a secretKeyRef per
 * storage Secret of runner.secrets, under the runner's env name), resolved here from the Secrets the runners read.
 */
export async function operatorStorageEnv(cluster: TestCluster, config: OperatorConfigInput): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const key of SIGNING_SECRETS) {
    const ref = config.runner?.secrets?.[key];
    if (ref === undefined) continue;
    const value = (await readSecretData(cluster.api, cluster.namespace, ref.name))[ref.key];
    if (value !== undefined) env[runnerSettings[key].env] = Buffer.from(value, "base64").toString("utf8");
  }
  return env;
}
