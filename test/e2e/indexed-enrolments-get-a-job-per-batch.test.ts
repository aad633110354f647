import type { V1Job } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import type { TestCluster } from "./support/cluster.ts";
import { operatorConfigFor, testStores, type TestStores } from "./support/stores.ts";
import { runnerNamespace, tearDownSuite } from "./support/suite.ts";

// D18: where user_enrolments has an index on batchid (detected in system_schema.indexes, not configured), each batch
// is read on its own, so each gets its own runner Job. Without one, batches share a Job and a scan (see
// report-requests-produce-zips-in-s3.test.ts).

describe("enrolments with a batchid index", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess;

  beforeAll(async () => {
    stores = await testStores(e, { seed: 47, collections: 1, batchesPerCollection: 3, enrolments: 60 }, { batchIdIndex: true });
    cluster = await runnerNamespace(e, "indexed", stores);
    operator = await startOperator({ endpoints: e, config: operatorConfigFor(e, stores, cluster.namespace), leaseName: `lease-${cluster.namespace}` });
  });
  afterAll(async () => {
    await tearDownSuite({ operator, cluster, stores });
  });

  it("one runner Job per batch, each batch Succeeded with the rows of its own enrolments", async () => {
    const collection = stores.data.collections[0];
    if (collection === undefined) throw new Error("no collection in the sample data");
    await cluster.createRequest("per-batch", {
      report: "progress",
      collectionId: collection.id,
      batches: { all: {} },
      requestedBy: "e2e-user",
      requestedChannel: collection.channel,
      password: { secretKeyRef: { name: "zip-password", key: "password" } },
    });
    await cluster.waitForCondition("per-batch", "Succeeded", 180);
    const jobs = await cluster.list<V1Job>(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs?labelSelector=exhaust.sunbird.org/request=per-batch`);
    const exported = jobs.map((j) => j.metadata?.annotations?.["exhaust.sunbird.org/batch-ids"]).sort();
    expect(exported).toEqual([...collection.batchIds].sort());
    const status = (await cluster.getRequest("per-batch"))?.status;
    expect(status?.batches?.map((b) => b.phase)).toEqual(collection.batchIds.map(() => "Succeeded"));
    // Progress keeps every cached, active, dated enrolment when the requesting org is the collection's channel.
    const planned = (batchId: string) => stores.data.batches.find((b) => b.id === batchId)?.exportableInCache;
    expect(status?.batches?.map((b) => [b.batchId, b.rows])).toEqual(status?.batches?.map((b) => [b.batchId, planned(b.batchId)]));
    expect(status?.totals?.rows).toBeGreaterThan(0);
  });
});
