import type { V1ContainerState, V1ContainerStatus, V1PodCondition, V1PodStatus } from "@kubernetes/client-node";
import { POD_IP } from "./field-ref.ts";
import { allInitSucceeded, allSucceeded, type ContainerModel, type ContainerState, type PodModel, type TerminatedState } from "./pod-model.ts";

// The pod status a kubelet would write for a PodModel (test-environment.md §9.1 steps 3-4, §9.2, §9.3).
// Timestamps have whole seconds, as metav1.Time serializes them.

export const isTerminalPhase = (phase: string | undefined): boolean => phase === "Succeeded" || phase === "Failed";

const seconds = (d: Date): Date => new Date(Math.floor(d.getTime() / 1000) * 1000);

export function phaseOf(model: PodModel): "Pending" | "Running" | "Succeeded" | "Failed" {
  if (model.final) return allSucceeded(model) ? "Succeeded" : "Failed";
  const started = model.main.some((c) => c.state.kind !== "waiting" || c.lastState !== undefined);
  return started ? "Running" : "Pending";
}

const terminatedState = (t: TerminatedState): V1ContainerState => ({
  terminated: {
    exitCode: t.terminated.exitCode,
    reason: t.terminated.reason,
    ...(t.terminated.message ? { message: t.terminated.message } : {}),
    ...(t.startedAt ? { startedAt: seconds(t.startedAt) } : {}),
    finishedAt: seconds(t.finishedAt),
  },
});

function apiState(s: ContainerState): V1ContainerState {
  switch (s.kind) {
    case "waiting":
      return { waiting: { reason: s.reason, ...(s.message ? { message: s.message } : {}) } };
    case "running":
      return { running: { startedAt: seconds(s.startedAt) } };
    case "terminated":
      return terminatedState(s);
  }
}

function containerStatus(c: ContainerModel): V1ContainerStatus {
  const running = c.state.kind === "running";
  return {
    name: c.name,
    image: c.image,
    imageID: "",
    ready: running,
    started: running,
    restartCount: c.restartCount,
    state: apiState(c.state),
    lastState: c.lastState ? terminatedState(c.lastState) : {},
  };
}

const condition = (type: string, ok: boolean, reason?: string, message?: string): V1PodCondition => ({
  type,
  status: ok ? "True" : "False",
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

const namesOf = (cs: ContainerModel[]): string => `[${cs.map((c) => c.name).join(" ")}]`;

function desiredConditions(model: PodModel): V1PodCondition[] {
  const terminal = isTerminalPhase(phaseOf(model));
  const incomplete = model.init.filter((c) => !(c.state.kind === "terminated" && c.state.terminated.exitCode === 0));
  const unready = model.main.filter((c) => c.state.kind !== "running");
  const ready = terminal
    ? { ok: false, reason: "PodCompleted" }
    : unready.length === 0
      ? { ok: true }
      : { ok: false, reason: "ContainersNotReady", message: `containers with unready status: ${namesOf(unready)}` };
  return [
    allInitSucceeded(model) ? condition("Initialized", true) : condition("Initialized", false, "ContainersNotInitialized", `containers with incomplete status: ${namesOf(incomplete)}`),
    condition("Ready", ready.ok, ready.reason, ready.message),
    condition("ContainersReady", ready.ok, ready.reason, ready.message),
    ...(model.disruption ? [condition("DisruptionTarget", true, model.disruption.reason, model.disruption.message)] : []),
  ];
}

/**
 * Conditions with `desired` set over `existing`: other types are kept as they are, and lastTransitionTime moves
 * only when a condition's status changes.
 */
export function mergeConditions(existing: readonly V1PodCondition[], desired: readonly V1PodCondition[], now: Date): V1PodCondition[] {
  const merged = existing.filter((e) => !desired.some((d) => d.type === e.type));
  for (const d of desired) {
    const old = existing.find((e) => e.type === d.type);
    const since = old && old.status === d.status && old.lastTransitionTime ? old.lastTransitionTime : seconds(now);
    merged.push({ ...d, lastTransitionTime: since });
  }
  return merged;
}

/**
 * The full status to PUT for a pod the stand-in runs, built over the current status (qosClass etc. are kept), or
 * undefined once the pod's phase is terminal: a terminal phase is never left.
 */
export function podStatusFor(current: V1PodStatus | undefined, model: PodModel, now: Date): V1PodStatus | undefined {
  if (isTerminalPhase(current?.phase)) return undefined;
  const existing = current?.conditions ?? [];
  const scheduled = existing.some((c) => c.type === "PodScheduled") ? [] : [condition("PodScheduled", true)];
  return {
    ...current,
    phase: phaseOf(model),
    conditions: mergeConditions(existing, [...scheduled, ...desiredConditions(model)], now),
    hostIP: POD_IP,
    hostIPs: [{ ip: POD_IP }],
    podIP: POD_IP,
    podIPs: [{ ip: POD_IP }],
    startTime: seconds(model.startTime),
    ...(model.init.length > 0 ? { initContainerStatuses: model.init.map(containerStatus) } : {}),
    containerStatuses: model.main.map(containerStatus),
  };
}

/** PodScheduled=False/Unschedulable for a pod this node can never take; undefined when already recorded. */
export function unschedulableStatus(current: V1PodStatus | undefined, message: string, now: Date): V1PodStatus | undefined {
  const old = current?.conditions?.find((c) => c.type === "PodScheduled");
  if (old?.status === "False" && old.reason === "Unschedulable" && old.message === message) return undefined;
  return {
    ...current,
    phase: current?.phase ?? "Pending",
    conditions: mergeConditions(current?.conditions ?? [], [condition("PodScheduled", false, "Unschedulable", message)], now),
  };
}
