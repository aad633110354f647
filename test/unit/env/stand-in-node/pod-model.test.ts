import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { allSucceeded, anyContainerStarted, finalModel, initialModel, recoveredModel, restarting, started as runningSince, withContainer } from "../../../env/stand-in-node/pod-model.ts";

const bound = new Date("2026-11-24T10:00:00Z");
const started = new Date("2026-11-24T10:00:01Z");
const crashed = new Date("2026-11-24T10:05:00Z");

const spec: V1Pod["spec"] = { initContainers: [{ name: "prep", image: "i" }], containers: [{ name: "main", image: "m" }, { name: "side", image: "s" }] };

describe("initialModel", () => {
  it("first init container is being created, the rest wait for init", () => {
    const m = initialModel({ spec }, bound);
    expect(m.init.map((c) => c.state)).toEqual([{ kind: "waiting", reason: "ContainerCreating" }]);
    expect(m.main.map((c) => c.state)).toEqual([{ kind: "waiting", reason: "PodInitializing" }, { kind: "waiting", reason: "PodInitializing" }]);
    expect(m).toMatchObject({ startTime: bound, final: false });
  });
});

describe("finalModel", () => {
  const m = withContainer(initialModel({ spec: { containers: [{ name: "run", image: "r" }, { name: "wait", image: "w" }] } }, bound), "run", (c) => ({ ...c, state: { kind: "running", startedAt: started } }));
  const f = finalModel(m, crashed, "lost");
  it("a running container ends 137 Error keeping its start", () => {
    expect(f.main[0]?.state).toEqual({ kind: "terminated", terminated: { exitCode: 137, reason: "Error", message: "lost" }, startedAt: started, finishedAt: crashed });
  });
  it("a waiting container ends 137 ContainerStatusUnknown", () => {
    expect(f.main[1]?.state).toEqual({ kind: "terminated", terminated: { exitCode: 137, reason: "ContainerStatusUnknown", message: "lost" }, finishedAt: crashed });
  });
  it("is final and not succeeded", () => {
    expect(f.final).toBe(true);
    expect(allSucceeded(f)).toBe(false);
  });
});

describe("finalModel with init containers (the kubelet's TerminatePod)", () => {
  const threeInits: V1Pod = { spec: { initContainers: [{ name: "i1" }, { name: "i2" }, { name: "i3" }], containers: [{ name: "main" }] } };
  const ran = (m: ReturnType<typeof initialModel>, name: string, exitCode: number) =>
    withContainer(m, name, (c) => ({ ...c, state: { kind: "terminated", terminated: { exitCode, reason: exitCode === 0 ? "Completed" : "Error" }, startedAt: started, finishedAt: started } }));
  const kinds = (m: ReturnType<typeof initialModel>) => [...m.init, ...m.main].map((c) => (c.state.kind === "terminated" ? `${c.name}:${c.state.terminated.exitCode}/${c.state.terminated.reason}` : `${c.name}:${c.state.kind}`));
  const cases: { name: string; model: ReturnType<typeof initialModel>; want: string[] }[] = [
    {
      name: "an init container failed: later inits and main stay waiting",
      model: ran(ran(initialModel(threeInits, bound), "i1", 0), "i2", 9),
      want: ["i1:0/Completed", "i2:9/Error", "i3:waiting", "main:waiting"],
    },
    {
      name: "deleted before anything ran: only the first init container is settled",
      model: initialModel(threeInits, bound),
      want: ["i1:137/ContainerStatusUnknown", "i2:waiting", "i3:waiting", "main:waiting"],
    },
    {
      name: "initialized (last init succeeded): main is settled",
      model: ran(ran(ran(initialModel(threeInits, bound), "i1", 0), "i2", 0), "i3", 0),
      want: ["i1:0/Completed", "i2:0/Completed", "i3:0/Completed", "main:137/ContainerStatusUnknown"],
    },
  ];
  for (const c of cases) it(c.name, () => expect(kinds(finalModel(c.model, crashed, "lost"))).toEqual(c.want));
});

describe("restarting and starting again", () => {
  it("a first start is not a restart; a start after a run is", () => {
    const fresh = initialModel({ spec: { containers: [{ name: "c", image: "x" }] } }, bound);
    const first = withContainer(fresh, "c", runningSince(crashed));
    expect(first.main[0]?.restartCount).toBe(0);
    const exited = withContainer(first, "c", (c) => ({ ...c, state: { kind: "terminated", terminated: { exitCode: 1, reason: "Error" }, startedAt: crashed, finishedAt: crashed } }));
    const again = withContainer(withContainer(exited, "c", restarting("CrashLoopBackOff")), "c", runningSince(crashed));
    expect(again.main[0]).toMatchObject({ restartCount: 1, state: { kind: "running" }, lastState: { terminated: { exitCode: 1 } } });
  });
  it("does nothing to a container that has not terminated", () => {
    const m = initialModel({ spec: { containers: [{ name: "c", image: "x" }] } }, bound);
    expect(withContainer(m, "c", restarting("CrashLoopBackOff"))).toEqual(m);
  });
});

describe("recovery after a stand-in restart", () => {
  const pod: V1Pod = {
    spec: { containers: [{ name: "main", image: "m" }, { name: "done", image: "d" }] },
    status: {
      phase: "Running",
      startTime: bound,
      containerStatuses: [
        { name: "main", image: "m", imageID: "", ready: true, restartCount: 0, state: { running: { startedAt: started } } },
        { name: "done", image: "d", imageID: "", ready: false, restartCount: 2, state: { terminated: { exitCode: 0, reason: "Completed", startedAt: started, finishedAt: started } } },
      ],
    },
  };
  const cases: { name: string; pod: V1Pod; started: boolean }[] = [
    { name: "a running pod had a container started", pod, started: true },
    { name: "a pending pod without statuses had none", pod: { spec: pod.spec, status: { phase: "Pending" } }, started: false },
    { name: "waiting containers do not count", pod: { spec: pod.spec, status: { containerStatuses: [{ name: "main", image: "m", imageID: "", ready: false, restartCount: 0, state: { waiting: { reason: "ErrImagePull" } } }] } }, started: false },
  ];
  for (const c of cases) it(c.name, () => expect(anyContainerStarted(c.pod)).toBe(c.started));

  it("the running container is lost (137 Error), the finished one keeps its state and restarts", () => {
    const m = recoveredModel(pod, crashed);
    expect(m.final).toBe(true);
    expect(m.startTime).toEqual(bound);
    expect(m.main[0]?.state).toMatchObject({ kind: "terminated", terminated: { exitCode: 137, reason: "Error" }, startedAt: started, finishedAt: crashed });
    expect(m.main[1]).toMatchObject({ restartCount: 2, state: { kind: "terminated", terminated: { exitCode: 0, reason: "Completed" }, finishedAt: started } });
  });
});
