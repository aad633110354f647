import type { V1Job } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { addCollection } from "./support/catalog-rows.ts";
import type { TestCluster } from "./support/cluster.ts";
import { eventually } from "../env/process.ts";
import { operatorConfigFor, testStores, type TestStores } from "./support/stores.ts";
import { runnerNamespace, tearDownSuite } from "./support/suite.ts";

// What a user sees when a request cannot succeed: a non-retryable runner failure ends at once with the runner's
// message; what the operator can check itself (retired collection, unknown batches, too many batches) ends before
// any Job; a missing password Secret stalls the request until the Secret exists.

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
    await addCollection(stores, "do_e2e_retired", "e2e-retired-batch", { status: "Retired" });
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

  const early: { name: string; spec: () => Record<string, unknown>; reason: string; message: string }[] = [
    {
      name: "a retired collection",
      spec: () => ({ ...base(), report: "progress", collectionId: "do_e2e_retired", batches: { ids: ["e2e-retired-batch"] } }),
      reason: "AllBatchesFailed",
      message: "The request is made for retired collection",
    },
    {
      name: "batches that do not exist",
      spec: () => ({ ...base(), report: "progress", batches: { ids: ["no-such-batch"] } }),
      reason: "NoDataFound",
      message: "No data found",
    },
    {
      name: "more batches than the limit (20)",
      spec: () => ({ ...base(), report: "progress", batches: { ids: Array.from({ length: 21 }, (_, i) => `b${i}`) } }),
      reason: "TooManyBatches",
      message: "Number of batches in request exceeded. It should be within 20",
    },
  ];
  it.each(early)("$name -> Failed ($reason) without starting a Job", async ({ name, spec, reason, message }) => {
    const requestName = name.replaceAll(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40);
    await cluster.createRequest(requestName, spec() as never);
    await cluster.waitForCondition(requestName, "Failed", 60);
    const failed = condition(await cluster.getRequest(requestName), "Failed");
    expect({ reason: failed?.reason, message: failed?.message }).toEqual({ reason, message: expect.stringContaining(message) });
    expect(await jobsOf(requestName)).toHaveLength(0);
  });

  it("a missing password Secret stalls the request with a clear condition; creating the Secret recovers it", async () => {
    await cluster.createRequest("late-secret", { ...base(), report: "progress", password: { secretKeyRef: { name: "late-password", key: "password" } } });
    const stalled = await eventually("Stalled=True", async () => {
      const c = condition(await cluster.getRequest("late-secret"), "Stalled");
      return c?.status === "True" ? c : undefined;
    });
    expect({ reason: stalled.reason, message: stalled.message }).toEqual({ reason: "SecretNotFound", message: "Secret late-password not found or missing key password" });
    expect(await jobsOf("late-secret")).toHaveLength(0);

    await cluster.createSecret("late-password", { password: "now-it-exists" });
    await cluster.waitForCondition("late-secret", "Succeeded", 120);
    const request = await cluster.getRequest("late-secret");
    expect(condition(request, "Stalled")).toBeUndefined();
    expect(request?.status?.batches?.[0]?.phase).toBe("Succeeded");
  });
});
