import type { V1Job } from "@kubernetes/client-node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ExhaustRequest, ExhaustRequestInput } from "../../crds/exhaust-request.ts";
import { jobNameFor } from "../../operator/requests/runner-job/job-name.ts";
import { addCollection } from "../e2e/support/catalog-rows.ts";
import type { TestCluster } from "../e2e/support/cluster.ts";
import { operatorConfigFor, testStores, type TestStores } from "../e2e/support/stores.ts";
import { progressSpec, runnerNamespace, tearDownSuite } from "../e2e/support/suite.ts";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { eventually } from "../env/process.ts";
import { invalidCreates, invalidUpdates, manifestFor, validRequest, validSchedule } from "../unit/crds/invalid-manifests.ts";
import type { Json } from "../integration/api/kube-api.ts";
import { kubeApi, newNamespace, pathFor } from "../integration/api/kube-api.ts";

// Scenario 5, bad input. At admission: one invalid manifest per validation rule (test/unit/crds/invalid-manifests.ts,
// which the zod unit tests share), each refused by the real apiserver with a message naming the field. In the
// controller: inputs only the operator can judge, each giving a condition with reason and message, and each
// recovering once the input is fixed. The row printed at the end is the scenario's line in docs/bad-input.md.

const tally = { tried: 0, refused: 0, controllerCases: 0, conditions: 0, recovered: 0 };
const lines: string[] = [];

afterAll(() => {
  console.log("scenario | manifests tried | refused at admission | controller cases | conditions with reason and message | recovered");
  console.log(`bad input | ${tally.tried} | ${tally.refused} | ${tally.controllerCases} | ${tally.conditions} | ${tally.recovered}`);
  for (const line of lines) console.log(`  ${line}`);
});

describe("scenario 5 at admission: invalid manifests are refused, naming the field", () => {
  const api = kubeApi(endpoints().k8s);
  let ns: Awaited<ReturnType<typeof newNamespace>>;
  beforeEach(async () => (ns = await newNamespace(api)));
  afterEach(() => ns.remove());

  const createIn = (namespace: string, manifest: Json, dryRun = true) =>
    api.call("POST", `${pathFor(namespace, manifest["kind"])}?fieldValidation=Strict${dryRun ? "&dryRun=All" : ""}`, manifest);
  const record = (name: string, refused: boolean, message: string) => {
    tally.tried += 1;
    if (refused) tally.refused += 1;
    lines.push(`admission: ${name} -> ${refused ? "refused" : "ACCEPTED"}: ${message.slice(0, 160)}`);
  };

  it("the table has at least 40 manifests", () => {
    expect(invalidCreates.length + invalidUpdates.length).toBeGreaterThanOrEqual(40);
  });

  it.each([validRequest(), validSchedule()].map((m) => [m["kind"], m] as const))("the valid base %s is accepted", async (_kind, m) => {
    const res = await createIn(ns.name, m);
    expect(res.body["message"]).toBeUndefined();
    expect(res.status).toBe(201);
  });

  it.each(invalidCreates.map((c) => [c.name, c] as const))("create: %s -> rejected, naming the field", async (_name, c) => {
    const res = await createIn(ns.name, manifestFor(c));
    const message = String(res.body["message"] ?? "");
    record(`create ${c.name}`, [400, 422].includes(res.status) && message.includes(c.field), message);
    expect([400, 422]).toContain(res.status);
    expect(message).toContain(c.field);
  });

  it.each(invalidUpdates.map((u) => [u.name, u] as const))("update: %s -> rejected as immutable", async (_name, u) => {
    const created = await createIn(ns.name, validRequest(), false);
    expect(created.status).toBe(201);
    const changed = structuredClone(created.body);
    u.mutate(changed["spec"]);
    const res = await api.call("PUT", `${pathFor(ns.name, "ExhaustRequest")}/${changed["metadata"].name}`, changed);
    const message = String(res.body["message"] ?? "");
    record(`update ${u.name}`, res.status === 422 && message.includes(`${u.field} is immutable`), message);
    expect(res.status).toBe(422);
    expect(message).toContain(`${u.field} is immutable`);
  });

  it("update: suspend and ttlSecondsAfterFinished may change", async () => {
    const created = await createIn(ns.name, validRequest(), false);
    const path = `${pathFor(ns.name, "ExhaustRequest")}/${created.body["metadata"].name}`;
    const res = await api.call("PATCH", path, { spec: { suspend: true, ttlSecondsAfterFinished: 60 } }, "application/merge-patch+json");
    expect(res.body["message"]).toBeUndefined();
    expect(res.body["spec"]).toMatchObject({ suspend: true, ttlSecondsAfterFinished: 60 });
  });

  it("update: a schedule's template stays editable", async () => {
    const created = await createIn(ns.name, validSchedule(), false);
    const path = `${pathFor(ns.name, "ExhaustSchedule")}/${created.body["metadata"].name}`;
    const patch = { spec: { schedules: ["0 4 * * *"], template: { spec: { collectionId: "do_2", batches: { ids: ["b9"] } } } } };
    const res = await api.call("PATCH", path, patch, "application/merge-patch+json");
    expect(res.body["message"]).toBeUndefined();
    expect(res.body["spec"].template.spec.collectionId).toBe("do_2");
  });
});

type Spec = ExhaustRequestInput["spec"];

/**
 * An input only the controller can judge: `bad` gets the condition `expected`; `fix` repairs it in place (the same
 * request then proceeds) or `good` is the corrected manifest a user applies after deleting the failed one (the
 * spec is immutable, and a Failed request is final).
 */
interface ControllerCase {
  name: string;
  /** Sets the scene before the request is created. */
  prepare?: (cluster: TestCluster, requestName: string) => Promise<void>;
  bad: () => Spec;
  expected: { type: "Stalled" | "Failed"; reason: string; message: string };
  fix?: (cluster: TestCluster, requestName: string) => Promise<void>;
  good?: () => Spec;
}

describe("scenario 5 in the controller: what only the operator can judge gives a condition, and recovers when fixed", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess;
  let channel = "";
  let batchIds: string[] = [];

  beforeAll(async () => {
    stores = await testStores(e, { seed: 55, collections: 1, batchesPerCollection: 2, enrolments: 30 }, { batchIdIndex: true });
    const first = stores.data.collections[0];
    if (first === undefined) throw new Error("no collection in the sample data");
    ({ channel, batchIds } = first);
    await addCollection(stores, "do_bad_retired", "bad-retired-batch", { status: "Retired" });
    cluster = await runnerNamespace(e, "bad-input", stores);
    await cluster.setChannels(channel);
    const config = operatorConfigFor(e, stores, cluster.namespace);
    operator = await startOperator({
      endpoints: e,
      // One Job per batch with a name the test can predict (the job-conflict case); no per-channel queueing.
      config: { ...config, scan: { enrolmentsHaveBatchIdIndex: true, gatherSeconds: 0 }, limits: { maxConcurrentBatches: 20, maxConcurrentBatchesPerChannel: 20 } },
      leaseName: `lease-${cluster.namespace}`,
    });
  });

  afterAll(async () => {
    await tearDownSuite({ operator, cluster, stores });
  });

  const one = () => ({ ...progressSpec(stores), batches: { ids: batchIds.slice(0, 1) } });
  const noRetry = { retry: { maxAttempts: 1 } };
  const cases: ControllerCase[] = [
    {
      name: "password Secret missing",
      bad: () => ({ ...one(), password: { secretKeyRef: { name: "late-password", key: "password" } } }),
      expected: { type: "Stalled", reason: "SecretNotFound", message: "Secret late-password not found or missing key password" },
      fix: (c) => c.createSecret("late-password", { password: "now-it-exists" }),
    },
    {
      name: "password Secret without the key",
      prepare: (c) => c.createSecret("keyless-password", { other: "not-the-password" }),
      bad: () => ({ ...one(), password: { secretKeyRef: { name: "keyless-password", key: "password" } } }),
      expected: { type: "Stalled", reason: "SecretKeyNotFound", message: "Secret keyless-password not found or missing key password" },
      fix: async (c) => {
        const body = { stringData: { password: "now-it-has-the-key" } };
        await c.api.request("PATCH", `/api/v1/namespaces/${c.namespace}/secrets/keyless-password`, { body, contentType: "application/merge-patch+json" });
      },
    },
    {
      name: "channel not allowed by the namespace",
      bad: () => ({ ...one(), requestedChannel: "org-of-another-tenant" }),
      expected: { type: "Stalled", reason: "ChannelNotAllowed", message: "spec.requestedChannel: channel org-of-another-tenant may not be exported from namespace" },
      fix: (c) => c.setChannels(`${channel},org-of-another-tenant`),
    },
    {
      name: "a Job of another owner holds the runner Job's name",
      prepare: async (c, name) => {
        const container = { name: "x", image: "exhaust-runner:test" };
        const job = { apiVersion: "batch/v1", kind: "Job", metadata: { name: jobNameFor(name, batchIds.slice(1, 2), 1) }, spec: { suspend: true, template: { spec: { restartPolicy: "Never", containers: [container] } } } };
        await c.api.request("POST", `/apis/batch/v1/namespaces/${c.namespace}/jobs`, { body: job });
      },
      bad: () => ({ ...one(), batches: { ids: batchIds.slice(1, 2) } }),
      expected: { type: "Stalled", reason: "JobOwnedByOther", message: "is not controlled by this request; delete or rename it" },
      fix: (c, name) => c.api.request("DELETE", `/apis/batch/v1/namespaces/${c.namespace}/jobs/${jobNameFor(name, batchIds.slice(1, 2), 1)}`, { query: { propagationPolicy: "Background" } }),
    },
    {
      name: "unknown collection (no batch found)",
      bad: () => ({ ...one(), collectionId: "do_no_such_collection", batches: { all: {} } }),
      expected: { type: "Failed", reason: "NoDataFound", message: "No data found" },
      good: () => ({ ...one(), batches: { all: { statuses: [1] } } }),
    },
    {
      name: "unknown batch ids",
      bad: () => ({ ...one(), batches: { ids: ["no-such-batch"] } }),
      expected: { type: "Failed", reason: "NoDataFound", message: "No data found" },
      good: one,
    },
    {
      name: "empty batch list (no batch has the status asked for)",
      bad: () => ({ ...one(), batches: { all: { statuses: [0] } } }),
      expected: { type: "Failed", reason: "NoDataFound", message: "No data found" },
      good: () => ({ ...one(), batches: { all: { statuses: [1] } } }),
    },
    {
      name: "retired collection",
      bad: () => ({ ...one(), collectionId: "do_bad_retired", batches: { ids: ["bad-retired-batch"] } }),
      expected: { type: "Failed", reason: "AllBatchesFailed", message: "The request is made for retired collection" },
      good: one,
    },
    {
      name: "more batches than the operator's limit (20)",
      bad: () => ({ ...one(), batches: { ids: Array.from({ length: 21 }, (_, i) => `b${i}`) } }),
      expected: { type: "Failed", reason: "TooManyBatches", message: "Number of batches in request exceeded. It should be within 20" },
      good: one,
    },
    {
      name: "wrong bucket (does not exist)",
      bad: () => ({ ...one(), ...noRetry, output: { bucket: "no-such-bucket" } }),
      expected: { type: "Failed", reason: "AllBatchesFailed", message: "" },
      good: () => ({ ...one(), ...noRetry }),
    },
    {
      name: "a storage provider the operator has no settings for",
      bad: () => ({ ...one(), ...noRetry, output: { provider: "azure" } }),
      expected: { type: "Failed", reason: "AllBatchesFailed", message: "" },
      good: () => ({ ...one(), ...noRetry }),
    },
  ];

  const conditionOf = async (name: string, type: string) => (await cluster.getRequest(name))?.status?.conditions?.find((c) => c.type === type && c.status === "True");
  const jobsOf = (name: string) => cluster.list<V1Job>(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs?labelSelector=exhaust.sunbird.org/request=${name}`);
  const requestName = (c: ControllerCase) => `bad-${c.name.replaceAll(/[^a-z0-9]+/g, "-").replace(/-$/, "")}`.slice(0, 40).replace(/-$/, "");

  it("at least 10 cases", () => expect(cases.length).toBeGreaterThanOrEqual(10));

  it.concurrent.each(cases)("$name -> $expected.type $expected.reason; fixed -> proceeds", { timeout: 300_000 }, async (c) => {
    const name = requestName(c);
    tally.controllerCases += 1;
    await c.prepare?.(cluster, name);
    await cluster.createRequest(name, c.bad());
    const condition = await eventually(`${name}: ${c.expected.type}`, () => conditionOf(name, c.expected.type), 180_000, 500);
    lines.push(`controller: ${c.name} -> ${condition.type} ${condition.reason}: ${condition.message.slice(0, 200)}`);
    expect(condition.reason).toBe(c.expected.reason);
    expect(condition.message).toContain(c.expected.message);
    expect(condition.message.length).toBeGreaterThan(0);
    if (c.expected.type === "Stalled") expect((await jobsOf(name)).filter((j) => j.metadata?.ownerReferences !== undefined)).toHaveLength(0);
    tally.conditions += 1;

    if (c.fix !== undefined) {
      await c.fix(cluster, name);
    } else {
      await cluster.api.request("DELETE", `${pathFor(cluster.namespace, "ExhaustRequest")}/${name}`);
      await eventually(`${name} deleted`, async () => ((await cluster.getRequest(name)) === undefined ? true : undefined), 60_000, 250);
      await cluster.createRequest(name, c.good?.() ?? one());
    }
    await cluster.waitForCondition(name, "Succeeded", 240);
    const recovered: ExhaustRequest | undefined = await cluster.getRequest(name);
    expect(recovered?.status?.phase).toBe("Succeeded");
    expect(await conditionOf(name, "Stalled")).toBeUndefined();
    tally.recovered += 1;
    lines.push(`controller: ${c.name} -> recovered (${c.fix === undefined ? "corrected manifest re-applied" : "fixed in place"}), Succeeded`);
  });
});
