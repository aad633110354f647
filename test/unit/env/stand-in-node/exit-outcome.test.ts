import { describe, expect, it } from "vitest";
import { lostContainer, outcomeOfExit, terminatedFor, type ProcessOutcome, type Terminated } from "../../../env/stand-in-node/exit-outcome.ts";

describe("terminatedFor", () => {
  const cases: { name: string; outcome: ProcessOutcome; want: Terminated }[] = [
    { name: "exit 0 -> Completed", outcome: { kind: "exited", code: 0 }, want: { exitCode: 0, reason: "Completed" } },
    { name: "exit 1 -> Error", outcome: { kind: "exited", code: 1 }, want: { exitCode: 1, reason: "Error" } },
    { name: "exit 10 (runner non-retryable) -> Error", outcome: { kind: "exited", code: 10 }, want: { exitCode: 10, reason: "Error" } },
    { name: "exit 255 -> Error", outcome: { kind: "exited", code: 255 }, want: { exitCode: 255, reason: "Error" } },
    { name: "SIGINT -> 130", outcome: { kind: "signalled", signal: "SIGINT" }, want: { exitCode: 130, reason: "Error" } },
    { name: "SIGKILL -> 137", outcome: { kind: "signalled", signal: "SIGKILL" }, want: { exitCode: 137, reason: "Error" } },
    { name: "SIGSEGV -> 139", outcome: { kind: "signalled", signal: "SIGSEGV" }, want: { exitCode: 139, reason: "Error" } },
    { name: "SIGTERM -> 143", outcome: { kind: "signalled", signal: "SIGTERM" }, want: { exitCode: 143, reason: "Error" } },
    {
      name: "cannot start -> 128 StartError",
      outcome: { kind: "start-failed", message: "spawn /nope ENOENT" },
      want: { exitCode: 128, reason: "StartError", message: "failed to start container process: spawn /nope ENOENT" },
    },
  ];
  for (const c of cases) it(c.name, () => expect(terminatedFor(c.outcome)).toEqual(c.want));
});

describe("outcomeOfExit", () => {
  const cases: { name: string; code: number | null; signal: NodeJS.Signals | null; want: ProcessOutcome }[] = [
    { name: "a code", code: 3, signal: null, want: { kind: "exited", code: 3 } },
    { name: "a signal wins over a null code", code: null, signal: "SIGTERM", want: { kind: "signalled", signal: "SIGTERM" } },
  ];
  for (const c of cases) it(c.name, () => expect(outcomeOfExit(c.code, c.signal)).toEqual(c.want));
});

describe("lostContainer", () => {
  it("is the kubelet's 137 ContainerStatusUnknown", () => {
    expect(lostContainer("gone")).toEqual({ exitCode: 137, reason: "ContainerStatusUnknown", message: "gone" });
  });
});
