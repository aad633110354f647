import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { outcomeOfExit, type ProcessOutcome } from "./exit-outcome.ts";

// One container as one local process: its own process group (so the whole tree can be signalled), stdout and
// stderr appended to the container's log file, and nothing in its environment but what the caller passes.

export interface ContainerProcess {
  readonly pid: number;
  readonly startedAt: Date;
  /** Resolves when the process has exited; the rest of its group is then killed, as a runtime kills a container. */
  readonly exited: Promise<{ outcome: ProcessOutcome; finishedAt: Date }>;
  signal(sig: NodeJS.Signals): void;
}

export interface Launch {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  logFile: string;
}

const killGroup = (pid: number, sig: NodeJS.Signals): void => {
  try {
    process.kill(-pid, sig);
  } catch {
    // The group is already gone.
  }
};

/** Starts the process; resolves once it runs, or with the start failure (ENOENT, EACCES, …). */
export async function startContainerProcess(launch: Launch): Promise<{ proc: ContainerProcess } | { failed: ProcessOutcome }> {
  const [command, ...args] = launch.argv;
  if (!command) return { failed: { kind: "start-failed", message: "no command to run" } };
  const fd = openSync(launch.logFile, "a");
  try {
    const child = spawn(command, args, { cwd: launch.cwd, env: launch.env, detached: true, stdio: ["ignore", fd, fd] });
    // Listen for the exit before anything is awaited, so even an instant exit is seen.
    const exited = new Promise<{ outcome: ProcessOutcome; finishedAt: Date }>((resolve) => {
      child.once("exit", (code, signal) => {
        if (child.pid !== undefined) killGroup(child.pid, "SIGKILL");
        resolve({ outcome: outcomeOfExit(code, signal), finishedAt: new Date() });
      });
    });
    const started = await new Promise<{ ok: true; at: Date } | { ok: false; message: string }>((resolve) => {
      child.once("spawn", () => resolve({ ok: true, at: new Date() }));
      child.once("error", (err) => resolve({ ok: false, message: err.message }));
    });
    if (!started.ok || child.pid === undefined) return { failed: { kind: "start-failed", message: started.ok ? "no pid" : started.message } };
    const pid = child.pid;
    return { proc: { pid, startedAt: started.at, exited, signal: (sig) => killGroup(pid, sig) } };
  } finally {
    closeSync(fd);
  }
}
