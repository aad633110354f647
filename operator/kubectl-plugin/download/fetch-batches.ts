import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { SignedUrl } from "../../../crds/exhaust-download.ts";
import { PluginError } from "../cli/plugin-error.ts";

export interface FetchedFile {
  batchId: string;
  path: string;
  bytes: number;
  sha256: string;
}

/** The file name of a signed URL's object (the last key segment, e.g. `B1_progress_20260101.zip`), or `<batchId>.zip`. */
export function fileNameOf(url: SignedUrl): string {
  const last = decodeURIComponent(new URL(url.url).pathname.split("/").pop() ?? "");
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(last) ? last : `${url.batchId}.zip`;
}

/**
 * `kubectl exhaust download`: GETs each signed URL and streams it into `dir` (created 0700, files 0600: reports hold
 * PII) under a temporary name, hashing on the way; the file is renamed into place only when its sha256 equals the
 * one in the request's status, otherwise it is removed and the command fails naming the batch.
 */
export async function fetchBatches(urls: readonly SignedUrl[], dir: string): Promise<FetchedFile[]> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const out: FetchedFile[] = [];
  for (const url of urls) out.push(await fetchOne(url, dir));
  return out;
}

async function fetchOne(url: SignedUrl, dir: string): Promise<FetchedFile> {
  const path = join(dir, fileNameOf(url));
  const partial = `${path}.part`;
  const response = await fetch(url.url);
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    throw new PluginError(`batch ${url.batchId}: the storage answered HTTP ${response.status} to the signed URL (valid until ${url.expiresAt})`, { hint: "run the command again for fresh URLs; if it persists, the operator's storage credentials may lack read access" });
  }
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    await pipeline(
      Readable.fromWeb(response.body),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          bytes += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(partial, { mode: 0o600 }),
    );
    const sha256 = hash.digest("hex");
    // Every object the runner writes has its sha256 in status; a file with nothing to check it against is not kept.
    if (url.sha256 === undefined) {
      throw new PluginError(`batch ${url.batchId}: the request's status has no sha256 to check the file against; the file was removed`, { hint: "the batch's result predates sha256 in status: export it again" });
    }
    if (sha256 !== url.sha256 || (url.bytes !== undefined && bytes !== url.bytes)) {
      throw new PluginError(`batch ${url.batchId}: the downloaded file's sha256 ${sha256} (${bytes} bytes) differs from the request's status (${url.sha256}, ${url.bytes ?? "?"} bytes); the file was removed`, { hint: "download again; if it persists, the stored object was changed after the export" });
    }
    await rename(partial, path);
    return { batchId: url.batchId, path, bytes, sha256 };
  } finally {
    await rm(partial, { force: true });
  }
}
