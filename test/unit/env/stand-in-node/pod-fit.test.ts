import type { V1Pod, V1PodSpec } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { isSchedulable, podsToBind, unfitReason, type NodeFacts } from "../../../env/stand-in-node/pod-fit.ts";

const node: NodeFacts = {
  name: "local-node",
  labels: { "kubernetes.io/hostname": "local-node", "kubernetes.io/os": "linux", cores: "2" },
  allocatable: { cpu: "2", memory: "8Gi", "ephemeral-storage": "100Gi", pods: "4" },
};
const withSpec = (spec: Partial<V1PodSpec>): V1Pod => ({ spec: { containers: [{ name: "c", image: "x" }], ...spec } });
const affinity = (terms: NonNullable<NonNullable<NonNullable<V1PodSpec["affinity"]>["nodeAffinity"]>["requiredDuringSchedulingIgnoredDuringExecution"]>["nodeSelectorTerms"]): Partial<V1PodSpec> => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } },
});
const MISMATCH = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.";

describe("unfitReason", () => {
  const cases: { name: string; spec: Partial<V1PodSpec>; want: string | undefined }[] = [
    { name: "no constraints fits", spec: {}, want: undefined },
    { name: "a matching nodeSelector fits", spec: { nodeSelector: { "kubernetes.io/os": "linux" } }, want: undefined },
    { name: "a nodeSelector it lacks -> affinity/selector", spec: { nodeSelector: { pool: "big" } }, want: MISMATCH },
    { name: "affinity In matching", spec: affinity([{ matchExpressions: [{ key: "kubernetes.io/os", operator: "In", values: ["linux"] }] }]), want: undefined },
    { name: "affinity In not matching", spec: affinity([{ matchExpressions: [{ key: "kubernetes.io/os", operator: "In", values: ["windows"] }] }]), want: MISMATCH },
    { name: "affinity NotIn", spec: affinity([{ matchExpressions: [{ key: "kubernetes.io/os", operator: "NotIn", values: ["windows"] }] }]), want: undefined },
    { name: "affinity Exists", spec: affinity([{ matchExpressions: [{ key: "cores", operator: "Exists" }] }]), want: undefined },
    { name: "affinity DoesNotExist fails on a present label", spec: affinity([{ matchExpressions: [{ key: "cores", operator: "DoesNotExist" }] }]), want: MISMATCH },
    { name: "affinity Gt", spec: affinity([{ matchExpressions: [{ key: "cores", operator: "Gt", values: ["1"] }] }]), want: undefined },
    { name: "affinity Lt fails", spec: affinity([{ matchExpressions: [{ key: "cores", operator: "Lt", values: ["2"] }] }]), want: MISMATCH },
    { name: "terms are ORed", spec: affinity([{ matchExpressions: [{ key: "x", operator: "Exists" }] }, { matchFields: [{ key: "metadata.name", operator: "In", values: ["local-node"] }] }]), want: undefined },
    { name: "an empty term matches nothing", spec: affinity([{}]), want: MISMATCH },
    { name: "requests within allocatable fit", spec: { containers: [{ name: "c", resources: { requests: { cpu: "1500m", memory: "4Gi" } } }, { name: "d", resources: { requests: { cpu: "500m" } } }] }, want: undefined },
    { name: "too much cpu across containers", spec: { containers: [{ name: "c", resources: { requests: { cpu: "1500m" } } }, { name: "d", resources: { requests: { cpu: "600m" } } }] }, want: "0/1 nodes are available: 1 Insufficient cpu." },
    { name: "too much cpu and memory", spec: { containers: [{ name: "c", resources: { requests: { cpu: "3", memory: "9Gi" } } }] }, want: "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory." },
    { name: "a big init container counts", spec: { initContainers: [{ name: "i", resources: { requests: { memory: "10Gi" } } }] }, want: "0/1 nodes are available: 1 Insufficient memory." },
  ];
  for (const c of cases) it(c.name, () => expect(unfitReason(withSpec(c.spec), node)).toBe(c.want));
});

describe("isSchedulable", () => {
  const cases: { name: string; pod: V1Pod; want: boolean }[] = [
    { name: "unbound default-scheduler pod", pod: withSpec({ schedulerName: "default-scheduler" }), want: true },
    { name: "unbound without a schedulerName", pod: withSpec({}), want: true },
    { name: "already bound", pod: withSpec({ nodeName: "local-node" }), want: false },
    { name: "another scheduler", pod: withSpec({ schedulerName: "kueue" }), want: false },
    { name: "being deleted", pod: { ...withSpec({}), metadata: { deletionTimestamp: new Date(0) } }, want: false },
    { name: "terminal", pod: { ...withSpec({}), status: { phase: "Failed" } }, want: false },
  ];
  for (const c of cases) it(c.name, () => expect(isSchedulable(c.pod)).toBe(c.want));
});

describe("podsToBind", () => {
  const at = (name: string, iso: string): V1Pod => ({ metadata: { name, creationTimestamp: new Date(iso) } });
  const pods = [at("c", "2026-01-01T00:00:03Z"), at("a", "2026-01-01T00:00:01Z"), at("b2", "2026-01-01T00:00:02Z"), at("b1", "2026-01-01T00:00:02Z")];
  const cases: { name: string; active: number; max: number; want: string[] }[] = [
    { name: "room for all -> oldest first, name breaks ties", active: 0, max: 4, want: ["a", "b1", "b2", "c"] },
    { name: "room for two", active: 2, max: 4, want: ["a", "b1"] },
    { name: "full -> none", active: 4, max: 4, want: [] },
    { name: "over the cap -> none", active: 5, max: 4, want: [] },
  ];
  for (const c of cases) it(c.name, () => expect(podsToBind(pods, c.active, c.max).map((p) => p.metadata?.name)).toEqual(c.want));
});
