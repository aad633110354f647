import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { Writable } from "node:stream";
import { BlobReader, ZipReader } from "@zip.js/zip.js";
import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import type { KubeApi } from "../../kube/client/api-client.ts";
import { isNotFound, statusCodeOf } from "../../kube/client/api-errors.ts";
import { readSecretData } from "../../kube/client/secret-data.ts";
import { PluginError } from "../cli/plugin-error.ts";

/**
 * The zip password of a request, read from its password Secret with the user's own rights: a user who may not read
 * that Secret gets an error saying so, and the download is kept (only --extract needs the password).
 */
export async function zipPasswordOf(api: KubeApi, request: ExhaustRequest): Promise<string | undefined> {
  const ref = request.spec.password?.secretKeyRef;
  if (ref === undefined) return undefined;
  const namespace = request.metadata.namespace ?? "";
  let data: Record<string, string>;
  try {
    data = await readSecretData(api, namespace, ref.name);
  } catch (err) {
    if (statusCodeOf(err) === 403) {
      throw new PluginError(`you may not read Secret ${ref.name} in namespace ${namespace}, which holds the zip password; the zips are downloaded but not extracted`, { hint: "open them with the password from the request's owner, or ask for get on that Secret" });
    }
    if (isNotFound(err)) throw new PluginError(`Secret ${ref.name} (the zip password) no longer exists in namespace ${namespace}; the zips are downloaded but not extracted`);
    throw err;
  }
  const value = data[ref.key];
  if (value === undefined) throw new PluginError(`Secret ${ref.name} in namespace ${namespace} has no key ${ref.key}; the zips are downloaded but not extracted`);
  return Buffer.from(value, "base64").toString("utf8");
}

/**
 * Writes every file of a downloaded zip into `dir` (0600), decrypting with the password (ZipCrypto or AES-256, as
 * the runner wrote them) given as UTF-8 bytes, as the runner encrypted it. Returns the paths written.
 */
export async function extractZip(zipPath: string, dir: string, password: string | undefined): Promise<string[]> {
  const reader = new ZipReader(new BlobReader(new Blob([await readFile(zipPath)])), { useWebWorkers: false });
  const written: string[] = [];
  try {
    for (const entry of await reader.getEntries()) {
      if (entry.directory) continue;
      if (entry.encrypted && password === undefined) throw new PluginError(`${basename(zipPath)} is password-protected but the request names no password Secret`);
      const path = join(dir, basename(entry.filename));
      const options = entry.encrypted && password !== undefined ? { rawPassword: new TextEncoder().encode(password) } : {};
      try {
        await entry.getData(Writable.toWeb(createWriteStream(path, { mode: 0o600 })), options);
      } catch (err) {
        if (/password/i.test((err as Error).message)) throw new PluginError(`${basename(zipPath)}: the password from the request's Secret does not open it`, { hint: "the Secret may have changed after the export; ask the request's owner for the password it was made with" });
        throw err;
      }
      written.push(path);
    }
  } finally {
    await reader.close();
  }
  return written;
}
