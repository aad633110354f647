import type { StorageProvider } from "../../crds/exhaust-request.ts";

/** Where one stored report object is: the provider that signs it, its bucket (Azure: container) and key. */
export interface StoredObject {
  provider: StorageProvider;
  bucket: string;
  key: string;
  /** Azure only: the storage account the URI names (wasb) or the configured one (https). */
  account?: string;
}

const AZURE_HOST = /^([a-z0-9-]+)@([a-z0-9]+)\.blob\.core\.windows\.net$/;

const splitBucket = (rest: string): { bucket: string; key: string } | undefined => {
  const slash = rest.indexOf("/");
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
};

/**
 * Reads an objectUri as the runner writes it (runner/sinks/object-uri.ts): `s3://bucket/key`, `gs://bucket/key`,
 * `wasb://container@account.blob.core.windows.net/key`, or `<azureBlobEndpoint>/container/key` when the runner
 * wrote https URIs. Undefined for anything else: the operator signs only objects it can place.
 */
export function storedObjectOf(uri: string, azureBlobEndpoint?: string): StoredObject | undefined {
  const scheme = /^([a-z0-9]+):\/\/(.*)$/.exec(uri);
  if (scheme === null) return undefined;
  const [, protocol = "", rest = ""] = scheme;
  if (protocol === "s3" || protocol === "gs") {
    const parts = splitBucket(rest);
    return parts === undefined ? undefined : { provider: protocol === "s3" ? "s3" : "gcs", ...parts };
  }
  if (protocol === "wasb" || protocol === "wasbs") {
    const slash = rest.indexOf("/");
    const host = AZURE_HOST.exec(slash < 0 ? rest : rest.slice(0, slash));
    const key = slash < 0 ? "" : rest.slice(slash + 1);
    if (host === null || key === "") return undefined;
    return { provider: "azure", bucket: host[1] ?? "", key, account: host[2] ?? "" };
  }
  const endpoint = azureBlobEndpoint?.replace(/\/+$/, "");
  if (endpoint !== undefined && uri.startsWith(`${endpoint}/`)) {
    const parts = splitBucket(uri.slice(endpoint.length + 1));
    return parts === undefined ? undefined : { provider: "azure", ...parts };
  }
  return undefined;
}
