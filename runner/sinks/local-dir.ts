import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** Writes each object under a local directory: to a temporary name first, renamed on success, so a reader never
 * sees a partial file. The S3 sink's alternative for terminal use and tests. */
export function localDirSink(dir: string): { put(key: string, body: Readable, contentType: string): Promise<{ uri: string }> } {
  return {
    async put(key, body) {
      const target = resolve(join(dir, key));
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.partial-${randomUUID()}`;
      try {
        await pipeline(body, createWriteStream(temp));
        await rename(temp, target);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      return { uri: `file://${target}` };
    },
  };
}
