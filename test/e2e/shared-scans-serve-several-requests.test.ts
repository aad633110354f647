import type { V1Job } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import type { TestCluster } from "./support/cluster.ts";
import { operatorConfigFor, testStores, type TestStores } from "./support/stores.ts";
import { runnerNamespace, tearDownSuite } from "./support/suite.ts";

// D18 across requests: without a batchid index, requests applied together for batches of one collection wait out
// the gathering window and share one runner Job and one scan; each still gets its own status and its own objects.

describe("requests applied together share one scan", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess;

  beforeAll(async () => {
    stores = await testStores(e, { seed: 53, collections: 1, batchesPerCollection: 2, enrolments: 60 });
    cluster = await runnerNamespace(e, "shared-scan", stores);
    const config = operatorConfigFor(e, stores, cluster.namespace);
    operator = await startOperator({ endpoints: e, config: { ...config, scan: { ...config.scan, gatherSeconds: 5 } }, leaseName: `lease-${cluster.namespace}` });
  });
  afterAll(async () => {
    await tearDownSuite({ operator, cluster, stores });
  });

  it("one runner Job owned by both requests; both Succeeded with objects under their own request ids", async () => {
    const collection = stores.data.collections[0];
    const [first, second] = collection?.batchIds ?? [];
    if (collection === undefined || first === undefined || second === undefined) throw new Error("need two batches in the sample data");
    const spec = (batchId: string, requestId: string) => ({
      report: "progress" as const,
      collectionId: collection.id,
      batches: { ids: [batchId] },
      requestId,
      requestedBy: "e2e-user",
      requestedChannel: collection.channel,
      password: { secretKeyRef: { name: "zip-password", key: "password" } },
    });
    await cluster.createRequest("shared-a", spec(first, "req-shared-a"));
    await cluster.createRequest("shared-b", spec(second, "req-shared-b"));
    await cluster.waitForCondition("shared-a", "Succeeded", 180);
    await cluster.waitForCondition("shared-b", "Succeeded", 180);

    const jobs = await cluster.list<V1Job>(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs`);
    expect(jobs).toHaveLength(1);
    const owners = jobs[0]?.metadata?.ownerReferences ?? [];
    expect(owners.map((o) => o.name).sort()).toEqual(["shared-a", "shared-b"]);
    expect(owners.filter((o) => o.controller === true)).toHaveLength(1);
    expect(owners.every((o) => o.blockOwnerDeletion === true)).toBe(true);
    expect(JSON.parse(jobs[0]?.metadata?.annotations?.["exhaust.sunbird.org/members"] ?? "{}")).toEqual({ "shared-a": [first], "shared-b": [second] });

    const objects = [...(await stores.objects()).keys()];
    for (const [name, batchId, requestId] of [["shared-a", first, "req-shared-a"], ["shared-b", second, "req-shared-b"]] as const) {
      const status = (await cluster.getRequest(name))?.status;
      expect(status?.batches?.map((b) => [b.batchId, b.phase, b.jobName])).toEqual([[batchId, "Succeeded", jobs[0]?.metadata?.name]]);
      const uri = status?.batches?.[0]?.objectUri ?? "";
      expect(uri).toContain(`/progress-exhaust/${requestId}/${batchId}_progress_`);
      expect(objects.some((k) => uri.endsWith(k))).toBe(true);
    }
  });
});
