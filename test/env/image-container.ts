import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { IMAGE } from "./cache-paths.ts";

// Runs the image test/env/setup/image.sh built from the Dockerfile, the way shared/docs/test-environment.md §0
// measured it works on these machines: a buildah working container, `buildah run --isolation chroot` (podman and
// buildah's default isolation fail here), the host's loopback network, and the Dockerfile's user.

export interface ImageContainer {
  name: string;
  /** The `buildah` argv that runs `command` in the container as `user`, with these env and read-only host dirs. */
  runArgs(command: readonly string[], opts: { env?: Record<string, string>; readOnlyDirs?: readonly string[]; user?: string }): string[];
  remove(): void;
}

const buildah = (args: readonly string[]): string => execFileSync("buildah", args, { encoding: "utf8" }).trim();

/** A fresh working container of the image; remove() deletes it. */
export function imageContainer(image = IMAGE): ImageContainer {
  const name = `exhaust-test-${randomBytes(4).toString("hex")}`;
  buildah(["from", "--pull=never", "--quiet", "--name", name, image]);
  return {
    name,
    runArgs: (command, opts) => [
      "run",
      "--isolation", "chroot",
      "--network", "host",
      "--user", opts.user ?? "1000:1000",
      ...Object.entries(opts.env ?? {}).flatMap(([k, v]) => ["--env", `${k}=${v}`]),
      ...(opts.readOnlyDirs ?? []).flatMap((d) => ["--volume", `${d}:${d}:ro`]),
      name,
      "--",
      ...command,
    ],
    remove: () => void buildah(["rm", name]),
  };
}

/** Runs a command in the container to its end: exit code and output. */
export function runInImage(container: ImageContainer, command: readonly string[], opts: Parameters<ImageContainer["runArgs"]>[1]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn("buildah", container.runArgs(command, opts), { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on("close", (code) => done({ code, stdout, stderr })));
}

/**
 * A directory the image's user (uid 1000) can read, for files of the run directory (mode 0700) a process in the image
 * must read; share() copies one in and returns its path there.
 */
export function sharedDir(): { dir: string; share(file: string): string } {
  const dir = mkdtempSync(join(tmpdir(), "image-shared-"));
  chmodSync(dir, 0o755);
  return {
    dir,
    share(file) {
      const copy = join(dir, basename(file));
      copyFileSync(file, copy);
      chmodSync(copy, 0o644);
      return copy;
    },
  };
}
