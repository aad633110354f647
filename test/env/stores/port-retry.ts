import { readFile } from "node:fs/promises";
import { freePort } from "../ports.ts";
import type { Managed } from "../process.ts";

/** A child died because a port chosen by freePort was taken in between: worth another try with new ports. */
export class PortInUseError extends Error {}

const BIND_FAILURE = /address already in use|BindException|failed to bind|Could not bind|port .* in use/i;

/** True when a process log shows the bind failure that a port race produces. */
export async function logShowsPortClash(logFile: string): Promise<boolean> {
  const text = await readFile(logFile, "utf8").catch(() => "");
  return BIND_FAILURE.test(text);
}

/**
 * Runs `start` with `count` fresh free ports; on PortInUseError picks new ports and tries again, at most
 * `attempts` times in all (test-environment.md §13: freePort releases the port before the child binds it).
 */
export async function withFreePorts<T>(count: number, start: (ports: number[], attempt: number) => Promise<T>, attempts = 3): Promise<T> {
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const ports: number[] = [];
    while (ports.length < count) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    try {
      return await start(ports, attempt);
    } catch (err) {
      if (!(err instanceof PortInUseError)) throw err;
      last = err;
    }
  }
  throw last instanceof Error ? last : new Error(String(last));
}

/** Log file name for one attempt, so a retry's log does not mix with the failed attempt's. */
export const attemptLog = (runDir: string, name: string, attempt: number): string =>
  `${runDir}/${name}${attempt === 1 ? "" : `.${attempt}`}.log`;

/** Awaits readiness; on failure stops the process and turns a bind failure in its log into PortInUseError. */
export async function readyOrStop(proc: Managed, ready: () => Promise<void>): Promise<void> {
  try {
    await ready();
  } catch (err) {
    await proc.stop(2_000);
    if (await logShowsPortClash(proc.logFile)) throw new PortInUseError(`${proc.name}: a port was taken; see ${proc.logFile}`);
    throw err;
  }
}
