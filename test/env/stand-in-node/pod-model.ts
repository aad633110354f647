import type { V1ContainerStatus, V1Pod } from "@kubernetes/client-node";
import { lostContainer, type Terminated } from "./exit-outcome.ts";

// What the stand-in knows about one pod it runs: plain data the pod worker updates and pod-status.ts turns into
// a kubelet-shaped status. Every status write renders the latest model, so a write can never go backwards.

export interface TerminatedState {
  terminated: Terminated;
  startedAt?: Date;
  finishedAt: Date;
}

export type ContainerState =
  | { kind: "waiting"; reason: string; message?: string }
  | { kind: "running"; startedAt: Date }
  | ({ kind: "terminated" } & TerminatedState);

export interface ContainerModel {
  name: string;
  image: string;
  state: ContainerState;
  restartCount: number;
  lastState?: TerminatedState;
}

export interface PodModel {
  startTime: Date;
  init: ContainerModel[];
  main: ContainerModel[];
  /** The pod will run nothing more: its phase is terminal from now on. */
  final: boolean;
  disruption?: { reason: string; message: string };
}

const waiting = (reason: string, message?: string): ContainerState => ({ kind: "waiting", reason, ...(message ? { message } : {}) });

/** A freshly bound pod: main containers wait for the init containers (PodInitializing) or are being created. */
export function initialModel(pod: V1Pod, startTime: Date): PodModel {
  const init = pod.spec?.initContainers ?? [];
  const mainReason = init.length > 0 ? "PodInitializing" : "ContainerCreating";
  return {
    startTime,
    init: init.map((c, i) => ({ name: c.name, image: c.image ?? "", state: waiting(i === 0 ? "ContainerCreating" : "PodInitializing"), restartCount: 0 })),
    main: (pod.spec?.containers ?? []).map((c) => ({ name: c.name, image: c.image ?? "", state: waiting(mainReason), restartCount: 0 })),
    final: false,
  };
}

/** The model with one container changed (init and main containers have distinct names). */
export function withContainer(model: PodModel, name: string, change: (c: ContainerModel) => ContainerModel): PodModel {
  const apply = (cs: ContainerModel[]): ContainerModel[] => cs.map((c) => (c.name === name ? change(c) : c));
  return { ...model, init: apply(model.init), main: apply(model.main) };
}

export const setState = (state: ContainerState) => (c: ContainerModel): ContainerModel => ({ ...c, state });

/** A terminated container that will start again: its termination moves to lastState (restartCount grows on start). */
export const restarting = (reason: string) => (c: ContainerModel): ContainerModel =>
  c.state.kind === "terminated"
    ? { ...c, lastState: { terminated: c.state.terminated, finishedAt: c.state.finishedAt, ...(c.state.startedAt ? { startedAt: c.state.startedAt } : {}) }, state: waiting(reason) }
    : c;

/** The container's process runs; a start after an earlier run counts as a restart. */
export const started = (startedAt: Date) => (c: ContainerModel): ContainerModel => ({
  ...c,
  restartCount: c.lastState ? c.restartCount + 1 : c.restartCount,
  state: { kind: "running", startedAt },
});

const isDone = (c: ContainerModel): boolean => c.state.kind === "terminated";
const succeeded = (c: ContainerModel): boolean => c.state.kind === "terminated" && c.state.terminated.exitCode === 0;

export const allInitSucceeded = (m: PodModel): boolean => m.init.every(succeeded);
export const allMainDone = (m: PodModel): boolean => m.main.every(isDone);
export const allSucceeded = (m: PodModel): boolean => allInitSucceeded(m) && m.main.every(succeeded);

const hasRun = (c: ContainerModel): boolean => c.state.kind !== "waiting" || c.lastState !== undefined;

/**
 * The model once the pod runs nothing more, settled as the kubelet's TerminatePod does: a container that was
 * running ends 137 Error (its process is gone); one that never ran ends 137 ContainerStatusUnknown, except main
 * containers of a pod that never finished initializing and init containers after the last one that ran, which
 * stay waiting.
 */
export function finalModel(model: PodModel, now: Date, lostMessage: string): PodModel {
  const settle = (c: ContainerModel): ContainerModel => {
    if (c.state.kind === "terminated") return c;
    const startedAt = c.state.kind === "running" ? c.state.startedAt : undefined;
    const terminated = c.state.kind === "running" ? { exitCode: 137, reason: "Error" as const, message: lostMessage } : lostContainer(lostMessage);
    return { ...c, state: { kind: "terminated", terminated, finishedAt: now, ...(startedAt ? { startedAt } : {}) } };
  };
  const lastInit = model.init.at(-1);
  const initialized = !lastInit || model.main.some(hasRun) || (lastInit.state.kind === "terminated" && lastInit.state.terminated.exitCode === 0);
  const lastRunInit = Math.max(0, model.init.findLastIndex(hasRun));
  return {
    ...model,
    init: model.init.map((c, i) => (i <= lastRunInit ? settle(c) : c)),
    main: initialized ? model.main.map(settle) : model.main,
    final: true,
  };
}

function containerFromStatus(name: string, image: string, status: V1ContainerStatus | undefined): ContainerModel {
  const s = status?.state;
  const state: ContainerState = s?.running
    ? { kind: "running", startedAt: s.running.startedAt ?? new Date(0) }
    : s?.terminated
      ? {
          kind: "terminated",
          terminated: { exitCode: s.terminated.exitCode, reason: (s.terminated.reason ?? "Error") as Terminated["reason"], ...(s.terminated.message ? { message: s.terminated.message } : {}) },
          finishedAt: s.terminated.finishedAt ?? new Date(0),
          ...(s.terminated.startedAt ? { startedAt: s.terminated.startedAt } : {}),
        }
      : waiting(s?.waiting?.reason ?? "ContainerCreating");
  return { name, image, state, restartCount: status?.restartCount ?? 0 };
}

/** Whether a pod that is bound here already had a container started (by an earlier stand-in process). */
export const anyContainerStarted = (pod: V1Pod): boolean =>
  [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].some((s) => s.state?.running || s.state?.terminated);

/**
 * Recovery (§9.1 step 5): the pod's processes died with an earlier stand-in, so it ends Failed the way a node that
 * lost its containers reports it; a container that was running gets 137 Error.
 */
export function recoveredModel(pod: V1Pod, now: Date): PodModel {
  const of = (specs: { name: string; image?: string }[], statuses: V1ContainerStatus[] | undefined): ContainerModel[] =>
    specs.map((c) => containerFromStatus(c.name, c.image ?? "", statuses?.find((s) => s.name === c.name)));
  const model: PodModel = {
    startTime: pod.status?.startTime ?? now,
    init: of(pod.spec?.initContainers ?? [], pod.status?.initContainerStatuses),
    main: of(pod.spec?.containers ?? [], pod.status?.containerStatuses),
    final: false,
  };
  return finalModel(model, now, "the stand-in node restarted; the container's process was lost");
}
