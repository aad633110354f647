import type { V1Job } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { freePort } from "../env/ports.ts";
import type { TestCluster } from "./support/cluster.ts";
import { eventually } from "../env/process.ts";
import { operatorConfigFor, testStores, type TestStores } from "./support/stores.ts";
import { runnerNamespace, tearDownSuite } from "./support/suite.ts";

// A batch that fails transiently is retried and succeeds; an operator killed (SIGKILL, Lease not released) in the
// middle of a request is replaced and the request completes without a duplicate Job.

describe("transient failures and operator crashes do not lose or duplicate work", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess | undefined;
  let collectionId = "";
  let channel = "";
  let batchIds: string[] = [];

  const jobsOf = (name: string) => cluster.list<V1Job>(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs?labelSelector=exhaust.sunbird.org/request=${name}`);
  const lease = () => `lease-${cluster.namespace}`;
  const spec = (initialBackoffSeconds = 2) => ({
    report: "progress" as const,
    collectionId,
    batches: { ids: batchIds },
    requestedBy: "e2e-user",
    requestedChannel: channel,
    password: { secretKeyRef: { name: "zip-password", key: "password" } },
    retry: { maxAttempts: 3, initialBackoffSeconds, maxBackoffSeconds: initialBackoffSeconds, factor: 1 },
  });

  beforeAll(async () => {
    stores = await testStores(e, { seed: 31, collections: 1, batchesPerCollection: 2, enrolments: 60 });
    const first = stores.data.collections[0];
    if (first === undefined) throw new Error("no collection in the sample data");
    ({ id: collectionId, channel, batchIds } = first);
    cluster = await runnerNamespace(e, "recover", stores);
  });

  afterAll(async () => {
    await tearDownSuite({ operator, cluster, stores });
  });

  it("a batch whose store is unreachable is retried and succeeds once the store is reachable", async () => {
    // Nothing listens on this port: the runner's Redis is "down" for the first operator's Jobs.
    const deadPort = await freePort();
    operator = await startOperator({ endpoints: e, config: operatorConfigFor(e, stores, cluster.namespace, { redisPort: deadPort }), leaseName: lease() });
    // The retry waits long enough for the first replica to go and the second to lead, so attempt 2 is the second's.
    await cluster.createRequest("transient", spec(10));
    const retrying = await eventually(
      "a failed, retryable first attempt",
      async () => {
        const b = (await cluster.getRequest("transient"))?.status?.batches?.[0];
        return b?.attempts === 1 && b.lastError?.retryable === true ? b : undefined;
      },
      90_000,
    );
    // Both Redis roles are down; the relation cache is read first, and the message names it and where it is.
    expect(retrying.lastError?.message).toMatch(new RegExp(`^Redis unavailable \\(relation cache at [^ ]+:${deadPort} db \\d+\\): `));
    // The store "comes back": a replica whose runners reach Redis takes over.
    await operator.stop();
    operator = await startOperator({ endpoints: e, config: operatorConfigFor(e, stores, cluster.namespace), leaseName: lease() });

    await cluster.waitForCondition("transient", "Succeeded", 180);
    const request = await cluster.getRequest("transient");
    expect((request?.status?.batches ?? []).map((b) => b.batchId).sort()).toEqual([...batchIds].sort());
    for (const b of request?.status?.batches ?? []) expect({ batch: b.batchId, phase: b.phase, attempts: b.attempts }).toEqual({ batch: b.batchId, phase: "Succeeded", attempts: 2 });
    const jobs = await jobsOf("transient");
    const names = jobs.map((j) => j.metadata?.name ?? "").sort();
    expect(names).toHaveLength(new Set(names).size);
    expect(jobs.map((j) => j.metadata?.labels?.["exhaust.sunbird.org/attempt"]).sort()).toEqual(["1", "2"]);
  });

  it("an operator killed while a Job runs is replaced; the request completes with one Job per attempt", async () => {
    await cluster.createRequest("crash", spec());
    await eventually("the first Job", async () => ((await jobsOf("crash")).length > 0 ? true : undefined), 30_000, 100);
    await operator?.kill();
    operator = await startOperator({ endpoints: e, config: operatorConfigFor(e, stores, cluster.namespace), leaseName: lease() });
    await cluster.waitForCondition("crash", "Succeeded", 180);
    const request: ExhaustRequest | undefined = await cluster.getRequest("crash");
    expect(request?.status?.batches?.map((b) => b.attempts)).toEqual(batchIds.map(() => 1));
    expect(await jobsOf("crash")).toHaveLength(1);
  });
});
