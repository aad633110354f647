import { azureBlobEndpoint } from "../../crds/azure-blob-endpoint.ts";
import type { StorageProvider } from "../../crds/exhaust-request.ts";

export type ObjectLocation =
  | { provider: "s3" | "gcs"; bucket: string }
  | { provider: "azure"; account: string; container: string; scheme: "wasb" | "https"; endpoint?: string };

const schemes: Record<Exclude<StorageProvider, "azure">, string> = { s3: "s3", gcs: "gs" };

/**
 * An object's URI in status as Sunbird's jobs write it (reports-spec §3.5-§3.6): `s3://bucket/key`, `gs://bucket/key`,
 * and for Azure the Hadoop form `wasb://container@account.blob.core.windows.net/key` or the blob's https URL
 * `<endpoint>/container/key`. Sunbird's analytics service strips scheme and host (wasb) or scheme, host and container
 * (http) and signs the rest as the key, so both forms lead it to the same object.
 */
export function objectUri(location: ObjectLocation, key: string): string {
  if (location.provider !== "azure") return `${schemes[location.provider]}://${location.bucket}/${key}`;
  if (location.scheme === "wasb") return `wasb://${location.container}@${location.account}.blob.core.windows.net/${key}`;
  const endpoint = (location.endpoint ?? azureBlobEndpoint(location.account)).replace(/\/+$/, "");
  return `${endpoint}/${location.container}/${key}`;
}
