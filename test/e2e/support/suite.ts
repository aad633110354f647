import type { ExhaustRequestInput } from "../../../crds/exhaust-request.ts";
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

/** A progress report of every batch of the sample data's first collection, the zip password from `zip-password`. */
export function progressSpec(stores: TestStores): ExhaustRequestInput["spec"] {
  const collection = stores.data.collections[0];
  if (collection === undefined) throw new Error("no collection in the sample data");
  return {
    report: "progress",
    collectionId: collection.id,
    batches: { ids: collection.batchIds },
    requestedBy: "e2e-user",
    requestedChannel: collection.channel,
    password: { secretKeyRef: { name: "zip-password", key: "password" } },
  };
}

/** Waits until the request Succeeded; how many batches it has and how many name an object that is in the bucket. */
export async function succeededWithObjects(cluster: TestCluster, stores: TestStores, name: string, timeoutSeconds: number): Promise<{ batches: number; withObject: number }> {
  await cluster.waitForCondition(name, "Succeeded", timeoutSeconds);
  const batches = (await cluster.getRequest(name))?.status?.batches ?? [];
  const keys = [...(await stores.objects()).keys()];
  return { batches: batches.length, withObject: batches.filter((b) => b.phase === "Succeeded" && keys.some((k) => b.objectUri?.endsWith(k))).length };
}

/** progressSpec as a new request that must succeed with its objects in the bucket. */
export async function progressRequestSucceeds(cluster: TestCluster, stores: TestStores, name: string, timeoutSeconds: number): Promise<{ batches: number; withObject: number }> {
  await cluster.createRequest(name, progressSpec(stores));
  return succeededWithObjects(cluster, stores, name, timeoutSeconds);
}
