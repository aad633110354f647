import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createWriteStream } from "node:fs";
import { once } from "node:events";

/** A child process of the harness: its own process group, output in a log file, stopped by signal. */
export interface Managed {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** SIGTERM to the whole group, SIGKILL after graceMs; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  exited(): boolean;
}

export function startProcess(name: string, command: string, args: string[], logFile: string, options: SpawnOptions = {}): Managed {
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let done = false;
  const exit = once(child, "exit").then(() => {
    done = true;
    log.end();
  });
  child.on("error", (err) => log.write(`spawn error: ${String(err)}\n`));
  const signal = (sig: NodeJS.Signals): void => {
    if (done || child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // The group is already gone.
    }
  };
  return {
    name,
    child,
    logFile,
    exited: () => done,
    async stop(graceMs = 10_000) {
      if (done) return;
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` until it resolves true; fails with the component's name, the last error and its log file. */
export async function waitUntil(what: string, check: () => Promise<boolean>, opts: { timeoutMs: number; intervalMs?: number; proc?: Managed }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (opts.proc?.exited()) throw new Error(`${what}: process exited early; see ${opts.proc.logFile}`);
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
  const where = opts.proc ? `; see ${opts.proc.logFile}` : "";
  throw new Error(`${what} not ready after ${opts.timeoutMs} ms (last error: ${String(last)})${where}`);
}

/** Polls until `check` returns a value other than undefined, and returns it; fails as waitUntil does. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 250): Promise<T> {
  let value: T | undefined;
  await waitUntil(what, async () => (value = await check()) !== undefined, { timeoutMs, intervalMs });
  return value as T; // waitUntil returned, so the last check produced a value
}
