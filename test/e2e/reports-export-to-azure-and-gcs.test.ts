import type { Bucket } from "@google-cloud/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StorageProvider } from "../../crds/exhaust-request.ts";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { azureService, gcsStorage } from "../env/store-clients.ts";
import { throwAwayServiceAccountKey } from "../env/stores/gcs.ts";
import type { TestCluster } from "./support/cluster.ts";
import { csvOf, sha256 } from "./support/outputs.ts";
import { operatorConfigFor, testStores, type TestStores } from "./support/stores.ts";
import { runnerNamespace, tearDownSuite } from "./support/suite.ts";

// One operator holding all three providers' settings; one Progress request per provider (S3 by default, Azure Blob on
// Azurite and GCS on fake-gcs-server by spec.output.provider). Each ends Succeeded with the provider's URI form in
// status, status bytes and sha256 equal to the stored object, and the same CSV inside on all three.

const PASSWORD = "e2e-Zip-Passw0rd";

describe("the operator exports to Azure Blob and GCS beside S3", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess;
  let bucket: Bucket;
  const container = azureService(e.azure).getContainerClient(`t-e2e-${Date.now().toString(36)}`);

  beforeAll(async () => {
    stores = await testStores(e, { seed: 15, collections: 1, batchesPerCollection: 1, enrolments: 80 });
    cluster = await runnerNamespace(e, "providers", stores, PASSWORD);
    await container.create();
    const key = throwAwayServiceAccountKey();
    [bucket] = await gcsStorage(e.gcs, key).createBucket(`t-e2e-${Date.now().toString(36)}`);
    await cluster.createSecret("exhaust-azure", { key: e.azure.accountKey });
    await cluster.createSecret("exhaust-gcs", { "sa.json": JSON.stringify(key) });
    const config = operatorConfigFor(e, stores, cluster.namespace);
    const runner = config.runner;
    if (runner === undefined) throw new Error("no runner config");
    runner.settings = { ...runner.settings, azureAccountName: e.azure.accountName, azureContainer: container.containerName, azureBlobEndpoint: e.azure.endpoint, gcsBucket: bucket.name, gcsEndpoint: e.gcs.endpoint };
    runner.secrets = { ...runner.secrets, azureAccountKey: { name: "exhaust-azure", key: "key" }, gcsCredentialsJson: { name: "exhaust-gcs", key: "sa.json" } };
    operator = await startOperator({ endpoints: e, config, leaseName: `lease-${cluster.namespace}` });
  });

  afterAll(async () => {
    await tearDownSuite({ operator, cluster, stores });
    await container.delete().catch(() => undefined);
    await bucket?.deleteFiles({ force: true }).catch(() => undefined);
  });

  const stored = async (provider: StorageProvider, uri: string): Promise<Buffer> => {
    if (provider === "azure") return container.getBlobClient(uri.replace(/^wasb:\/\/[^/]+\//, "")).downloadToBuffer();
    if (provider === "gcs") return (await bucket.file(uri.replace(/^gs:\/\/[^/]+\//, "")).download())[0];
    const objects = await stores.objects();
    return objects.get(uri.replace(/^s3:\/\/[^/]+\//, "")) ?? Buffer.alloc(0);
  };

  it("a Progress request per provider: Succeeded, the provider's URI, sha256 of the stored object, the same CSV", async () => {
    const collection = stores.data.collections[0];
    if (collection === undefined) throw new Error("no collection in the sample data");
    const uriOf: Record<StorageProvider, RegExp> = {
      s3: new RegExp(`^s3://${stores.bucket}/progress-exhaust/`),
      azure: new RegExp(`^wasb://${container.containerName}@${e.azure.accountName}\\.blob\\.core\\.windows\\.net/progress-exhaust/`),
      gcs: new RegExp(`^gs://${bucket.name}/progress-exhaust/`),
    };
    const csvs: string[] = [];
    for (const provider of ["s3", "azure", "gcs"] as const) {
      const name = `progress-to-${provider}`;
      await cluster.createRequest(name, {
        report: "progress",
        collectionId: collection.id,
        batches: { ids: collection.batchIds },
        requestedBy: "e2e-user",
        requestedChannel: collection.channel,
        password: { secretKeyRef: { name: "zip-password", key: "password" } },
        ...(provider === "s3" ? {} : { output: { provider } }),
      });
      await cluster.waitForCondition(name, "Succeeded", 180);
      const [batch] = (await cluster.getRequest(name))?.status?.batches ?? [];
      expect(batch?.objectUri, provider).toMatch(uriOf[provider]);
      const bytes = await stored(provider, batch?.objectUri ?? "");
      expect({ bytes: bytes.length, sha256: sha256(bytes) }).toEqual({ bytes: batch?.bytes, sha256: batch?.sha256 });
      const csv = await csvOf(bytes, PASSWORD);
      expect(csv.records.length).toBeGreaterThan(0);
      csvs.push(JSON.stringify(csv));
    }
    expect(new Set(csvs).size).toBe(1);
  }, 600_000);
});
