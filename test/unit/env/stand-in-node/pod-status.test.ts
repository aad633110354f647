import type { V1Pod, V1PodCondition, V1PodStatus } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { finalModel, initialModel, restarting, setState, started as startedAgain, withContainer, type PodModel } from "../../../env/stand-in-node/pod-model.ts";
import { mergeConditions, phaseOf, podStatusFor, unschedulableStatus } from "../../../env/stand-in-node/pod-status.ts";

const bound = new Date("2026-11-24T10:00:00.250Z");
const started = new Date("2026-11-24T10:00:01.900Z");
const finished = new Date("2026-11-24T10:00:05.100Z");
const later = new Date("2026-11-24T10:01:00.000Z");
const sec = (iso: string): Date => new Date(iso);

const pod: V1Pod = { metadata: { name: "p", namespace: "n" }, spec: { containers: [{ name: "main", image: "exhaust-runner:1" }] } };
const twoContainers: V1Pod = { spec: { containers: [{ name: "a", image: "img-a" }, { name: "b", image: "img-b" }] } };
const withInit: V1Pod = { spec: { initContainers: [{ name: "prep", image: "img-i" }], containers: [{ name: "main", image: "img" }] } };

const running = (m: PodModel, name: string): PodModel => withContainer(m, name, setState({ kind: "running", startedAt: started }));
const exited = (m: PodModel, name: string, exitCode: number): PodModel =>
  withContainer(m, name, setState({ kind: "terminated", terminated: { exitCode, reason: exitCode === 0 ? "Completed" : "Error" }, startedAt: started, finishedAt: finished }));
const status = (m: PodModel, current?: V1PodStatus): V1PodStatus => {
  const s = podStatusFor(current, m, later);
  if (!s) throw new Error("no status");
  return s;
};
const cond = (s: V1PodStatus, type: string): V1PodCondition | undefined => s.conditions?.find((c) => c.type === type);

describe("phaseOf", () => {
  const fresh = initialModel(pod, bound);
  const cases: { name: string; model: PodModel; want: string }[] = [
    { name: "created, not started -> Pending", model: fresh, want: "Pending" },
    { name: "running -> Running", model: running(fresh, "main"), want: "Running" },
    { name: "exited 0 but not final (OnFailure deciding) -> Running", model: exited(fresh, "main", 0), want: "Running" },
    { name: "final, exit 0 -> Succeeded", model: { ...exited(fresh, "main", 0), final: true }, want: "Succeeded" },
    { name: "final, exit 42 -> Failed", model: { ...exited(fresh, "main", 42), final: true }, want: "Failed" },
    { name: "final, one of two failed -> Failed", model: { ...exited(exited(initialModel(twoContainers, bound), "a", 0), "b", 1), final: true }, want: "Failed" },
    { name: "final, never started -> Failed", model: finalModel(fresh, later, "deleted"), want: "Failed" },
    { name: "init running -> Pending", model: running(initialModel(withInit, bound), "prep"), want: "Pending" },
    { name: "final, init failed -> Failed", model: finalModel(exited(initialModel(withInit, bound), "prep", 3), later, "x"), want: "Failed" },
    { name: "restarted and waiting in backoff -> Running", model: withContainer(exited(fresh, "main", 1), "main", restarting("CrashLoopBackOff")), want: "Running" },
  ];
  for (const c of cases) it(c.name, () => expect(phaseOf(c.model)).toBe(c.want));
});

describe("podStatusFor", () => {
  it("a new pod: Pending, ContainerCreating, not ready, startTime in whole seconds, loopback IPs", () => {
    const s = status(initialModel(pod, bound));
    expect(s).toMatchObject({
      phase: "Pending",
      startTime: sec("2026-11-24T10:00:00Z"),
      hostIP: "127.0.0.1",
      podIP: "127.0.0.1",
      podIPs: [{ ip: "127.0.0.1" }],
      containerStatuses: [{ name: "main", image: "exhaust-runner:1", imageID: "", ready: false, started: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } }],
    });
    expect(cond(s, "Initialized")).toMatchObject({ status: "True" });
    expect(cond(s, "Ready")).toMatchObject({ status: "False", reason: "ContainersNotReady", message: "containers with unready status: [main]" });
    expect(cond(s, "ContainersReady")).toMatchObject({ status: "False", reason: "ContainersNotReady" });
    expect(cond(s, "PodScheduled")).toMatchObject({ status: "True" });
    expect(s.initContainerStatuses).toBeUndefined();
  });

  it("running: Running, ready and started, running.startedAt", () => {
    const s = status(running(initialModel(pod, bound), "main"));
    expect(s.phase).toBe("Running");
    expect(s.containerStatuses?.[0]).toMatchObject({ ready: true, started: true, state: { running: { startedAt: sec("2026-11-24T10:00:01Z") } } });
    for (const t of ["Initialized", "Ready", "ContainersReady"]) expect(cond(s, t)?.status).toBe("True");
  });

  it("succeeded: terminated Completed with times, Ready False PodCompleted", () => {
    const s = status({ ...exited(initialModel(pod, bound), "main", 0), final: true });
    expect(s.phase).toBe("Succeeded");
    expect(s.containerStatuses?.[0]).toMatchObject({
      ready: false,
      started: false,
      state: { terminated: { exitCode: 0, reason: "Completed", startedAt: sec("2026-11-24T10:00:01Z"), finishedAt: sec("2026-11-24T10:00:05Z") } },
    });
    expect(cond(s, "Ready")).toMatchObject({ status: "False", reason: "PodCompleted" });
    expect(cond(s, "ContainersReady")).toMatchObject({ status: "False", reason: "PodCompleted" });
  });

  it("failed with a termination message: exit code and message in the state", () => {
    const m = withContainer(initialModel(pod, bound), "main", setState({ kind: "terminated", terminated: { exitCode: 10, reason: "Error", message: '{"result":"no data"}' }, startedAt: started, finishedAt: finished }));
    const s = status({ ...m, final: true });
    expect(s.phase).toBe("Failed");
    expect(s.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 10, reason: "Error", message: '{"result":"no data"}' });
  });

  it("waiting with a reason and message (ErrImagePull) stays Pending", () => {
    const s = status(withContainer(initialModel(pod, bound), "main", setState({ kind: "waiting", reason: "ErrImagePull", message: "image not mapped" })));
    expect(s.phase).toBe("Pending");
    expect(s.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: "ErrImagePull", message: "image not mapped" } });
  });

  it("init containers: Initialized False while running, statuses listed, main PodInitializing", () => {
    const s = status(running(initialModel(withInit, bound), "prep"));
    expect(cond(s, "Initialized")).toMatchObject({ status: "False", reason: "ContainersNotInitialized", message: "containers with incomplete status: [prep]" });
    expect(s.initContainerStatuses?.[0]?.state?.running).toBeDefined();
    expect(s.containerStatuses?.[0]?.state?.waiting?.reason).toBe("PodInitializing");
  });

  it("in CrashLoopBackOff: the last termination is kept, the restart is not counted yet, the pod stays Running", () => {
    const m = withContainer(exited(initialModel(pod, bound), "main", 1), "main", restarting("CrashLoopBackOff"));
    const s = status(m);
    expect(s.phase).toBe("Running");
    expect(s.containerStatuses?.[0]).toMatchObject({
      restartCount: 0,
      state: { waiting: { reason: "CrashLoopBackOff" } },
      lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: sec("2026-11-24T10:00:05Z") } },
    });
  });

  it("restarted: running again with restartCount 1", () => {
    const m = withContainer(withContainer(exited(initialModel(pod, bound), "main", 1), "main", restarting("ContainerCreating")), "main", startedAgain(later));
    expect(status(m).containerStatuses?.[0]).toMatchObject({ restartCount: 1, state: { running: { startedAt: later } }, lastState: { terminated: { exitCode: 1 } } });
  });

  it("disruption adds DisruptionTarget=True", () => {
    const m: PodModel = { ...finalModel(running(initialModel(pod, bound), "main"), later, "x"), disruption: { reason: "TerminationByKubelet", message: "disrupted by test" } };
    const s = status(m);
    expect(s.phase).toBe("Failed");
    expect(cond(s, "DisruptionTarget")).toMatchObject({ status: "True", reason: "TerminationByKubelet", message: "disrupted by test" });
    expect(s.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(137);
  });

  it("keeps fields it does not own (qosClass, PodScheduled from binding)", () => {
    const current: V1PodStatus = { qosClass: "BestEffort", phase: "Pending", conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: bound }] };
    const s = status(running(initialModel(pod, bound), "main"), current);
    expect(s.qosClass).toBe("BestEffort");
    expect(s.conditions?.filter((c) => c.type === "PodScheduled")).toEqual([{ type: "PodScheduled", status: "True", lastTransitionTime: bound }]);
  });

  it("never rewrites a terminal phase (the late-Running race of §0)", () => {
    const current: V1PodStatus = { phase: "Succeeded" };
    expect(podStatusFor(current, running(initialModel(pod, bound), "main"), later)).toBeUndefined();
    expect(podStatusFor({ phase: "Failed" }, initialModel(pod, bound), later)).toBeUndefined();
  });
});

describe("mergeConditions", () => {
  const old: V1PodCondition[] = [
    { type: "Ready", status: "False", reason: "ContainersNotReady", lastTransitionTime: bound },
    { type: "Custom", status: "True", lastTransitionTime: bound },
  ];
  const cases: { name: string; desired: V1PodCondition[]; want: V1PodCondition[] }[] = [
    {
      name: "same status keeps the transition time, reason may change",
      desired: [{ type: "Ready", status: "False", reason: "PodCompleted" }],
      want: [{ type: "Custom", status: "True", lastTransitionTime: bound }, { type: "Ready", status: "False", reason: "PodCompleted", lastTransitionTime: bound }],
    },
    {
      name: "a status change moves the transition time to now (whole seconds)",
      desired: [{ type: "Ready", status: "True" }],
      want: [{ type: "Custom", status: "True", lastTransitionTime: bound }, { type: "Ready", status: "True", lastTransitionTime: later }],
    },
    {
      name: "a new type is added with now",
      desired: [{ type: "Initialized", status: "True" }],
      want: [...old, { type: "Initialized", status: "True", lastTransitionTime: later }],
    },
  ];
  for (const c of cases) it(c.name, () => expect(mergeConditions(old, c.desired, new Date(later.getTime() + 400))).toEqual(c.want));
});

describe("unschedulableStatus", () => {
  const msg = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.";
  it("adds PodScheduled=False Unschedulable to a pending pod", () => {
    expect(unschedulableStatus({ phase: "Pending", qosClass: "BestEffort" }, msg, later)).toEqual({
      phase: "Pending",
      qosClass: "BestEffort",
      conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: msg, lastTransitionTime: later }],
    });
  });
  it("writes nothing when the same condition is there", () => {
    const current: V1PodStatus = { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: msg }] };
    expect(unschedulableStatus(current, msg, later)).toBeUndefined();
  });
});
