import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { InvalidConfigurationError } from "../outcome/errors.ts";
import type { Sink } from "./sink.ts";

/**
 * Writes each object under a local directory: to a temporary name first, renamed on success, so a reader never
 * sees a partial file. The S3 sink's alternative for terminal use and tests. Reports hold PII: files are 0600 and
 * the directories it creates 0700. A key that would land outside the directory (a prefix with `../`) is refused.
 */
export function localDirSink(dir: string): Sink {
  const root = resolve(dir);
  return {
    async put(key: string, body: Readable) {
      const target = resolve(root, key);
      const inside = relative(root, target);
      if (inside === "" || inside === ".." || inside.startsWith("../") || isAbsolute(inside)) {
        throw new InvalidConfigurationError("object key resolves outside outputDir (check s3KeyPrefix)");
      }
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      const temp = `${target}.partial-${randomUUID()}`;
      try {
        await pipeline(body, createWriteStream(temp, { flags: "wx", mode: 0o600 }));
        await rename(temp, target);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      return { uri: `file://${target}` };
    },
  };
}
