import type { Endpoints } from "../../env/endpoints.ts";
import type { OperatorProcess } from "../../env/operator-process.ts";
import { testCluster, type TestCluster } from "./cluster.ts";
import { runnerSecretData, type TestStores } from "./stores.ts";

/** A fresh namespace holding what the runners of `stores` read: the S3 and PII Secrets and the `zip-password` Secret. */
export async function runnerNamespace(e: Endpoints, suite: string, stores: TestStores, password = "e2e-password"): Promise<TestCluster> {
  const cluster = await testCluster(e, suite);
  for (const [name, data] of Object.entries(runnerSecretData(e, stores))) await cluster.createSecret(name, data);
  await cluster.createSecret("zip-password", { password });
  return cluster;
}

/** Stops what a suite started, newest first; any part is missing when its beforeAll failed half-way. */
export async function tearDownSuite(parts: { operator?: OperatorProcess; cluster?: TestCluster; stores?: TestStores }): Promise<void> {
  await parts.operator?.stop();
  await parts.cluster?.deleteNamespace();
  await parts.stores?.cleanup();
}
