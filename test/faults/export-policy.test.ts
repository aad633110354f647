import { randomBytes } from "node:crypto";
import type { V1Job } from "@kubernetes/client-node";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import { submitJobRequest } from "../data/job-request.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { postgresPool } from "../env/store-clients.ts";
import { bindBridgeRole, bridgeEnv, bridgeOperatorConfig, freshJobRequestTable, rowOutcome } from "../e2e/support/bridge.ts";
import { REQUESTS_PATH, type TestCluster } from "../e2e/support/cluster.ts";
import { testStores, type TestStores } from "../e2e/support/stores.ts";
import { progressSpec, runnerNamespace, tearDownSuite } from "../e2e/support/suite.ts";
import { exportPolicyObjects } from "../../charts/export-policy.ts";
import { allowsChannel, channelPolicyOf, channelRefusal, CHANNELS_ANNOTATION } from "../../crds/export-policy.ts";
import { endpoints } from "../env/endpoints.ts";
import { eventually } from "../env/process.ts";
import { kubeApi, pathFor, type ApiResponse, type Json } from "../integration/api/kube-api.ts";
import { validRequest, validSchedule } from "../unit/crds/invalid-manifests.ts";

// Scenario 8, "who may export what", at admission: the chart's ValidatingAdmissionPolicy (the same objects
// charts/export-policy.ts renders into the chart) against the real apiserver. Every namespace policy x channel x
// kind is tried; the expected outcome is the operator's own TypeScript decision (crds/export-policy.ts), so the CEL
// and the controller's check cannot drift apart. The binding selects only this file's namespaces (a label), so the
// policy cannot touch other tests sharing the stack.

const run = randomBytes(3).toString("hex");
const TEST_LABEL = "exhaust.sunbird.org/export-policy-test";
const policyName = `export-policy-test-${run}`;
/** Namespace policies under test: the annotation's value, or undefined for none. */
const policies: Record<string, string | undefined> = { unannotated: undefined, empty: "", one: "ch-a", two: "ch-a, ch-b", any: "*" };
const channels = ["ch-a", "ch-b", "ch-c"];
const kinds = ["ExhaustRequest", "ExhaustSchedule"] as const;

interface Row {
  tried: string;
  forbidden: boolean;
  refused: boolean;
  message: string;
}

const withChannel = (kind: (typeof kinds)[number], channel: string): Json => {
  const m = (kind === "ExhaustRequest" ? validRequest() : validSchedule()) as Json;
  if (kind === "ExhaustRequest") m["spec"].requestedChannel = channel;
  else m["spec"].template.spec.requestedChannel = channel;
  return m;
};
const fieldOf = (kind: (typeof kinds)[number]) => (kind === "ExhaustRequest" ? "spec.requestedChannel" : "spec.template.spec.requestedChannel");
const refusedBy = (res: ApiResponse) => res.status === 403 || res.status === 422;

describe("scenario 8 at admission: a namespace exports only the channels it lists", () => {
  const api = kubeApi(endpoints().k8s);
  const ns = (key: string) => `ep-${key}-${run}`;
  const rows: Row[] = [];

  beforeAll(async () => {
    for (const [key, value] of Object.entries(policies)) {
      const annotations = value === undefined ? {} : { annotations: { [CHANNELS_ANNOTATION]: value } };
      const res = await api.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns(key), labels: { [TEST_LABEL]: run }, ...annotations } });
      expect(res.status).toBe(201);
    }
    const [policy, binding] = exportPolicyObjects(policyName, { matchLabels: { [TEST_LABEL]: run } });
    for (const [plural, object] of [["validatingadmissionpolicies", policy], ["validatingadmissionpolicybindings", binding]] as const) {
      const res = await api.call("POST", `/apis/admissionregistration.k8s.io/v1/${plural}`, object);
      expect(res.body["message"]).toBeUndefined();
    }
    // The apiserver compiles a new policy asynchronously: wait until it refuses what it must.
    await eventually("the export policy is in force", async () => (refusedBy(await dryRunCreate(ns("unannotated"), withChannel("ExhaustRequest", "ch-a"))) ? true : undefined), 60_000, 500);
  });

  afterAll(async () => {
    await api.call("DELETE", `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/${policyName}`);
    await api.call("DELETE", `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${policyName}`);
    for (const key of Object.keys(policies)) await api.call("DELETE", `/api/v1/namespaces/${ns(key)}`);
    const forbidden = rows.filter((r) => r.forbidden);
    console.log(`scenario 8 (admission): ${rows.length} combinations tried, ${forbidden.length} forbidden, ${forbidden.filter((r) => r.refused && r.message !== "").length} refused with a message, ${rows.filter((r) => !r.forbidden && r.refused).length} allowed ones refused`);
    for (const r of rows) console.log(`  ${r.tried.padEnd(64)} ${r.refused ? "refused" : "allowed"}${r.message === "" ? "" : `: ${r.message.replace(/^.*denied request: /, "")}`}`);
  });

  const dryRunCreate = (namespace: string, manifest: Json) => api.call("POST", `${pathFor(namespace, manifest["kind"])}?dryRun=All`, manifest);

  const combos = Object.keys(policies).flatMap((key) => channels.flatMap((channel) => kinds.map((kind) => ({ key, channel, kind }))));
  it.each(combos)("create $kind for $channel in the $key namespace", async ({ key, channel, kind }) => {
    const policy = channelPolicyOf(policies[key] === undefined ? undefined : { [CHANNELS_ANNOTATION]: policies[key] });
    const forbidden = !allowsChannel(policy, channel);
    const res = await dryRunCreate(ns(key), withChannel(kind, channel));
    const message = refusedBy(res) ? String(res.body["message"]) : "";
    rows.push({ tried: `create ${kind} ${channel} in ${key} (${policies[key] ?? "no annotation"})`, forbidden, refused: refusedBy(res), message });
    if (forbidden) {
      expect(res.status).toBe(403);
      expect(message).toContain(channelRefusal(fieldOf(kind), channel, ns(key), policy));
    } else {
      expect(res.body["message"]).toBeUndefined();
      expect(res.status).toBe(201);
    }
  });

  it("a schedule's update that moves its template to a forbidden channel is refused; one that keeps its channel is not", async () => {
    const created = await api.call("POST", pathFor(ns("one"), "ExhaustSchedule"), withChannel("ExhaustSchedule", "ch-a"));
    expect(created.status).toBe(201);
    const path = `${pathFor(ns("one"), "ExhaustSchedule")}/${created.body["metadata"].name}`;
    const moved = await api.call("PATCH", path, { spec: { template: { spec: { requestedChannel: "ch-c" } } } }, "application/merge-patch+json");
    rows.push({ tried: "update ExhaustSchedule ch-a -> ch-c in one (ch-a)", forbidden: true, refused: refusedBy(moved), message: String(moved.body["message"] ?? "") });
    expect(moved.status).toBe(403);
    expect(moved.body["message"]).toContain(channelRefusal("spec.template.spec.requestedChannel", "ch-c", ns("one"), { kind: "listed", channels: ["ch-a"] }));

    // Withdrawing the channel later does not freeze the schedule's other fields; the operator refuses its runs.
    await api.call("PATCH", `/api/v1/namespaces/${ns("one")}`, { metadata: { annotations: { [CHANNELS_ANNOTATION]: "ch-b" } } }, "application/merge-patch+json");
    const kept = await api.call("PATCH", path, { spec: { schedules: ["0 5 * * *"] } }, "application/merge-patch+json");
    rows.push({ tried: "update ExhaustSchedule keeping ch-a after one lists only ch-b", forbidden: false, refused: refusedBy(kept), message: refusedBy(kept) ? String(kept.body["message"]) : "" });
    expect(kept.body["message"]).toBeUndefined();
    expect(kept.status).toBe(200);
  });

  it("every forbidden combination was refused with the field and the namespace's allowed channels in its message", () => {
    const forbidden = rows.filter((r) => r.forbidden);
    expect(forbidden.length).toBeGreaterThanOrEqual(19);
    expect(forbidden.filter((r) => !r.refused || !r.message.includes("requestedChannel: channel") || !r.message.includes("(allowed: "))).toEqual([]);
    expect(rows.filter((r) => !r.forbidden && r.refused)).toEqual([]);
  });
});

// Scenario 8 in the operator and the bridge: what got past admission (the policy off, or the annotation changed
// since) starts no Job, and the bridge fails the rows its namespace may not export instead of creating requests.
describe("scenario 8 in the operator: a request whose channel its namespace does not allow starts no Job until it does", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess;
  let client: pg.Pool;
  let table: string;
  let channel = "";
  const refusals: string[] = [];

  beforeAll(async () => {
    stores = await testStores(e, { seed: 88, collections: 1, batchesPerCollection: 1, enrolments: 20 });
    channel = stores.data.collections[0]?.channel ?? "";
    cluster = await runnerNamespace(e, "policy", stores);
    await cluster.setChannels("some-other-org");
    await bindBridgeRole(cluster);
    client = postgresPool(e.postgres);
    table = await freshJobRequestTable(client);
    operator = await startOperator({ endpoints: e, config: bridgeOperatorConfig(e, stores, cluster.namespace, e.postgres, table), leaseName: `lease-${cluster.namespace}`, env: bridgeEnv(e.postgres, stores) });
  });

  afterAll(async () => {
    console.log(`scenario 8 (operator and bridge): ${refusals.length} forbidden combinations tried, ${refusals.filter((m) => m !== "").length} refused with a message`);
    for (const m of refusals) console.log(`  refused: ${m}`);
    await client?.end();
    await tearDownSuite({ operator, cluster, stores });
  });

  const stalled = async (name: string) => (await cluster.getRequest(name))?.status?.conditions?.find((c) => c.type === "Stalled" && c.status === "True");
  const jobsOf = (name: string) => cluster.list<V1Job>(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs?labelSelector=exhaust.sunbird.org/request=${name}`);

  it("the controller: Stalled ChannelNotAllowed with the allowed list and no Job; listing the channel lets it succeed", async () => {
    await cluster.createRequest("not-allowed", progressSpec(stores));
    const condition = await eventually("Stalled ChannelNotAllowed", () => stalled("not-allowed"));
    refusals.push(`controller: ${condition.reason}: ${condition.message}`);
    expect({ reason: condition.reason, message: condition.message }).toEqual({
      reason: "ChannelNotAllowed",
      message: channelRefusal("spec.requestedChannel", channel, cluster.namespace, { kind: "listed", channels: ["some-other-org"] }),
    });
    expect(await jobsOf("not-allowed")).toHaveLength(0);

    await cluster.setChannels(`some-other-org, ${channel}`);
    await cluster.waitForCondition("not-allowed", "Succeeded", 120);
    expect(await stalled("not-allowed")).toBeUndefined();
  });

  it("the bridge: a row whose channel its namespace does not list goes FAILED saying so, with no request; an allowed row succeeds", async () => {
    await cluster.setChannels(channel);
    const batchId = stores.data.collections[0]?.batchIds[0] ?? "";
    const row = (tag: string, rowChannel: string) => ({ tag, dataset: "progress-exhaust", datasetConfig: { batchId }, channel: rowChannel, requestedBy: "bridge-admin", submittedAt: new Date(), encryptionKey: "policy-Key1" });
    const refused = await submitJobRequest(client, table, row("policy-refused", "org-not-served"));
    const allowed = await submitJobRequest(client, table, row("policy-allowed", channel));
    const [failed, succeeded] = await Promise.all([rowOutcome(client, table, refused), rowOutcome(client, table, allowed)]);
    refusals.push(`bridge row: ${failed.row.err_message ?? ""}`);
    expect({ status: failed.row.status, err: failed.row.err_message }).toEqual({
      status: "FAILED",
      err: channelRefusal("requested_channel", "org-not-served", cluster.namespace, { kind: "listed", channels: [channel] }),
    });
    expect(succeeded.row.status).toBe("SUCCESS");
    const requests = await cluster.list<ExhaustRequest>(REQUESTS_PATH(cluster.namespace));
    expect(requests.filter((r) => r.spec.requestId === refused.requestId)).toHaveLength(0);
    expect(requests.filter((r) => r.spec.requestId === allowed.requestId)).toHaveLength(1);
  });
});
