import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
