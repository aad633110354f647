import { spawn } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
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
  /**
   * SIGTERM goes only to the innermost processes of the group: `buildah run` and its chroot helper answer SIGTERM
   * by killing the container, so the process inside gets the signal itself and shuts down as under a kubelet.
   */
  termInnermostOnly?: boolean;
}

/** The members of a process group that have no child in it, from /proc/<pid>/stat (fields: state, ppid, pgrp). */
function innermostMembers(group: number): number[] {
  const members = new Map<number, number>();
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [, ppid, pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === group) members.set(Number(entry), Number(ppid));
    } catch {
      // Exited meanwhile.
    }
  }
  const parents = new Set(members.values());
  return [...members.keys()].filter((pid) => !parents.has(pid));
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
    const signal = (sig: NodeJS.Signals): void => {
      if (sig !== "SIGTERM" || launch.termInnermostOnly !== true) return killGroup(pid, sig);
      for (const member of innermostMembers(pid)) {
        try {
          process.kill(member, sig);
        } catch {
          // Gone meanwhile.
        }
      }
    };
    return { proc: { pid, startedAt: started.at, exited, signal } };
  } finally {
    closeSync(fd);
  }
}
