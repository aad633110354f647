import { constants } from "node:os";

// How a process ending maps onto a container's terminated state, with kubelet/containerd semantics
// (test-environment.md §9.3): exit 0 Completed, exit N Error, a signal 128+S Error, failure to start 128 StartError.

export type ProcessOutcome =
  | { kind: "exited"; code: number }
  | { kind: "signalled"; signal: NodeJS.Signals }
  | { kind: "start-failed"; message: string };

export interface Terminated {
  exitCode: number;
  reason: "Completed" | "Error" | "StartError" | "ContainerStatusUnknown";
  message?: string;
}

/** The processes's outcome as a container's terminated state (without times and termination message). */
export function terminatedFor(outcome: ProcessOutcome): Terminated {
  switch (outcome.kind) {
    case "exited":
      return { exitCode: outcome.code, reason: outcome.code === 0 ? "Completed" : "Error" };
    case "signalled":
      return { exitCode: 128 + (constants.signals[outcome.signal] ?? 9), reason: "Error" };
    case "start-failed":
      return { exitCode: 128, reason: "StartError", message: `failed to start container process: ${outcome.message}` };
  }
}

/** Node's `exit` event arguments as an outcome. */
export const outcomeOfExit = (code: number | null, signal: NodeJS.Signals | null): ProcessOutcome =>
  signal ? { kind: "signalled", signal } : { kind: "exited", code: code ?? 0 };

/** A container the pod ended without (never started, or lost): what the kubelet reports for it. */
export const lostContainer = (message: string): Terminated => ({ exitCode: 137, reason: "ContainerStatusUnknown", message });
