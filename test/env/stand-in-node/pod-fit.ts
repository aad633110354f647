import type { V1NodeSelectorRequirement, V1NodeSelectorTerm, V1Pod } from "@kubernetes/client-node";
import { parseQuantity } from "./resource-field.ts";

// The part of kube-scheduler's filtering the stand-in node needs: node selector, required node affinity and
// resource requests against the node's allocatable. A pod that fails gets PodScheduled=False/Unschedulable with
// the scheduler's message shape; the pod-count cap is handled separately (those pods simply wait).

export interface NodeFacts {
  name: string;
  labels: Readonly<Record<string, string>>;
  allocatable: Readonly<Record<string, string>>;
}

function matchesRequirement(req: V1NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      const [n, limit] = [Number(value), Number(values[0])];
      if (value === undefined || Number.isNaN(n) || Number.isNaN(limit)) return false;
      return req.operator === "Gt" ? n > limit : n < limit;
    }
    default:
      return false;
  }
}

function matchesTerm(term: V1NodeSelectorTerm, node: NodeFacts): boolean {
  const labels = (term.matchExpressions ?? []).every((r) => matchesRequirement(r, node.labels[r.key]));
  const fields = (term.matchFields ?? []).every((r) => matchesRequirement(r, r.key === "metadata.name" ? node.name : undefined));
  return labels && fields && ((term.matchExpressions ?? []).length > 0 || (term.matchFields ?? []).length > 0);
}

function fitsResources(pod: V1Pod, node: NodeFacts): string[] {
  const containers = pod.spec?.containers ?? [];
  const short: string[] = [];
  for (const resource of ["cpu", "memory", "ephemeral-storage"]) {
    const main = containers.reduce((sum, c) => sum + (parseQuantity(c.resources?.requests?.[resource] ?? "0") ?? 0), 0);
    const init = Math.max(0, ...(pod.spec?.initContainers ?? []).map((c) => parseQuantity(c.resources?.requests?.[resource] ?? "0") ?? 0));
    const have = parseQuantity(node.allocatable[resource] ?? "0") ?? 0;
    if (Math.max(main, init) > have) short.push(`Insufficient ${resource}`);
  }
  return short;
}

/** Why this node can never run the pod, in kube-scheduler's words; undefined when it can. */
export function unfitReason(pod: V1Pod, node: NodeFacts): string | undefined {
  const selector = pod.spec?.nodeSelector ?? {};
  const selectorOk = Object.entries(selector).every(([k, v]) => node.labels[k] === v);
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const affinityOk = !terms || terms.some((t) => matchesTerm(t, node));
  if (!selectorOk || !affinityOk) return "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.";
  const short = fitsResources(pod, node);
  if (short.length > 0) return `0/1 nodes are available: ${short.map((s) => `1 ${s}`).join(", ")}.`;
  return undefined;
}

/** Whether the stand-in should schedule this pod: unbound, not being deleted, for the default scheduler. */
export const isSchedulable = (pod: V1Pod): boolean =>
  !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp && (pod.spec?.schedulerName ?? "default-scheduler") === "default-scheduler" && !pod.status?.phase?.match(/^(Succeeded|Failed)$/);

/** Pods to bind now, oldest first, within the cap on running pods. */
export function podsToBind(candidates: readonly V1Pod[], active: number, maxPods: number): V1Pod[] {
  const room = Math.max(0, maxPods - active);
  const created = (p: V1Pod): number => p.metadata?.creationTimestamp?.getTime() ?? 0;
  return [...candidates].sort((a, b) => created(a) - created(b) || (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? "")).slice(0, room);
}
