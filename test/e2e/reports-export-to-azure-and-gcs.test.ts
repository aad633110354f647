import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STORAGE_PROVIDERS, type StorageProvider } from "../../crds/exhaust-request.ts";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import type { TestCluster } from "./support/cluster.ts";
import { csvOf, sha256 } from "./support/outputs.ts";
import { everyProviderTarget, type ProviderTarget } from "./support/providers.ts";
import { operatorConfigFor, testStores, type TestStores } from "./support/stores.ts";
import { progressSpec, runnerNamespace, tearDownSuite } from "./support/suite.ts";

// One operator holding all three providers' settings; one Progress request per provider (S3 by default, Azure Blob on
// Azurite and GCS on fake-gcs-server by spec.output.provider). Each ends Succeeded with the provider's URI form in
// status, status bytes and sha256 equal to the stored object, and the same CSV inside on all three.

const PASSWORD = "e2e-Zip-Passw0rd";

describe("the operator exports to Azure Blob and GCS beside S3", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess;
  let targets = new Map<StorageProvider, ProviderTarget>();

  beforeAll(async () => {
    stores = await testStores(e, { seed: 15, collections: 1, batchesPerCollection: 1, enrolments: 80 });
    cluster = await runnerNamespace(e, "providers", stores, PASSWORD);
    const prepared = await everyProviderTarget(e, cluster, stores, operatorConfigFor(e, stores, cluster.namespace));
    targets = prepared.targets;
    operator = await startOperator({ endpoints: e, config: prepared.config, leaseName: `lease-${cluster.namespace}` });
  });

  afterAll(async () => {
    await tearDownSuite({ operator, cluster, stores });
    for (const target of targets.values()) await target.cleanup();
  });

  it("a Progress request per provider: Succeeded, the provider's URI, sha256 of the stored object, the same CSV", async () => {
    const uriPrefix: Record<StorageProvider, (bucket: string) => string> = {
      s3: (b) => `s3://${b}/`,
      azure: (b) => `wasb://${b}@${e.azure.accountName}.blob.core.windows.net/`,
      gcs: (b) => `gs://${b}/`,
    };
    const csvs: string[] = [];
    for (const provider of STORAGE_PROVIDERS) {
      const target = targets.get(provider);
      if (target === undefined) throw new Error(`no ${provider} target`);
      const name = `progress-to-${provider}`;
      await cluster.createRequest(name, { ...progressSpec(stores), ...(provider === "s3" ? {} : { output: { provider } }) });
      await cluster.waitForCondition(name, "Succeeded", 180);
      const [batch] = (await cluster.getRequest(name))?.status?.batches ?? [];
      const prefix = uriPrefix[provider](target.bucket);
      expect(batch?.objectUri, provider).toMatch(new RegExp(`^${prefix.replace(/\./g, "\\.")}progress-exhaust/`));
      const bytes = (await target.objects()).get((batch?.objectUri ?? "").slice(prefix.length)) ?? Buffer.alloc(0);
      expect({ bytes: bytes.length, sha256: sha256(bytes) }).toEqual({ bytes: batch?.bytes, sha256: batch?.sha256 });
      const csv = await csvOf(bytes, PASSWORD);
      expect(csv.records.length).toBeGreaterThan(0);
      csvs.push(JSON.stringify(csv));
    }
    expect(new Set(csvs).size).toBe(1);
  }, 600_000);
});
