import type { V1Job } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { addCollection } from "./support/catalog-rows.ts";
import type { TestCluster } from "./support/cluster.ts";
import { operatorConfigFor, testStores, type TestStores } from "./support/stores.ts";
import { runnerNamespace, tearDownSuite } from "./support/suite.ts";

// What a user sees when a request cannot succeed: a non-retryable runner failure ends at once with the runner's
// message. What the operator can check itself (retired collection, unknown batches, too many batches, a missing
// password Secret, ...) and how each recovers is scenario 5 of the fault suite, test/faults/bad-input.test.ts.

const condition = (r: ExhaustRequest | undefined, type: string) => r?.status?.conditions?.find((c) => c.type === type);

describe("requests that cannot succeed say why", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess;
  let collectionId = "";
  let channel = "";
  let batchIds: string[] = [];

  const jobsOf = (name: string) => cluster.list<V1Job>(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs?labelSelector=exhaust.sunbird.org/request=${name}`);
  const base = () => ({ collectionId, batches: { ids: batchIds.slice(0, 1) }, requestedBy: "e2e-user", requestedChannel: channel });

  beforeAll(async () => {
    stores = await testStores(e, { seed: 23, collections: 1, batchesPerCollection: 2, enrolments: 40 });
    const first = stores.data.collections[0];
    if (first === undefined) throw new Error("no collection in the sample data");
    ({ id: collectionId, channel, batchIds } = first);
    await addCollection(stores, "do_e2e_no_consent", "e2e-no-consent-batch", { userConsent: "No" });
    cluster = await runnerNamespace(e, "problems", stores);
    operator = await startOperator({ endpoints: e, config: operatorConfigFor(e, stores, cluster.namespace), leaseName: `lease-${cluster.namespace}` });
  });

  afterAll(async () => {
    await tearDownSuite({ operator, cluster, stores });
  });

  it("a non-retryable runner failure fails the request after one attempt, with the runner's message", async () => {
    await cluster.createRequest("no-consent", {
      ...base(),
      report: "userinfo",
      collectionId: "do_e2e_no_consent",
      batches: { ids: ["e2e-no-consent-batch"] },
      password: { secretKeyRef: { name: "zip-password", key: "password" } },
    });
    await cluster.waitForCondition("no-consent", "Failed", 120);
    const request = await cluster.getRequest("no-consent");
    const message = "Invalid request. User info exhaust is not applicable for collections which don't request for user consent to share data";
    expect(request?.status?.phase).toBe("Failed");
    expect(request?.status?.batches?.[0]).toMatchObject({ phase: "Failed", attempts: 1, lastError: { message, retryable: false } });
    expect(condition(request, "Failed")?.message).toContain(message);
    expect(await jobsOf("no-consent")).toHaveLength(1);
  });
});
