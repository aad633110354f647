import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// Where a pod lives on the stand-in node: <podsDir>/<namespace>/<pod>/ holds HOME, TMPDIR (also backing emptyDir
// volumes), and per container `<container>.log` and `<container>.termination-log`.

export interface PodFiles {
  dir: string;
  home: string;
  tmp: string;
  log(container: string): string;
  terminationLog(container: string): string;
  /** The process-group id of the container's last process, so a restarted stand-in can kill what it lost. */
  pid(container: string): string;
}

export function podFiles(podsDir: string, namespace: string, name: string): PodFiles {
  const dir = join(podsDir, namespace, name);
  return {
    dir,
    home: join(dir, "home"),
    tmp: join(dir, "tmp"),
    log: (container) => join(dir, `${container}.log`),
    terminationLog: (container) => join(dir, `${container}.termination-log`),
    pid: (container) => join(dir, `${container}.pid`),
  };
}

export function createPodDirs(files: PodFiles): void {
  mkdirSync(files.home, { recursive: true });
  mkdirSync(files.tmp, { recursive: true });
}

/** Removes a termination message left by an earlier run of the container. */
export const clearFile = (path: string): void => rmSync(path, { force: true });

export function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** The last `bytes` bytes of a file as text (for FallbackToLogsOnError). */
export function readTail(path: string, bytes: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const size = fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    return buf.toString("utf8");
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export const writePid = (path: string, pid: number): void => writeFileSync(path, String(pid));

/** Kills the process group recorded in a pid file (left by a stand-in that died) and removes the file. */
export function killRecordedGroup(path: string): void {
  const pid = Number(readIfExists(path)?.toString("utf8"));
  if (Number.isInteger(pid) && pid > 1) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  rmSync(path, { force: true });
}
