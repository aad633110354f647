import { S3Client } from "@aws-sdk/client-s3";
import { StorageSharedKeyCredential } from "@azure/storage-blob";
import { Storage } from "@google-cloud/storage";
import { azureBlobEndpoint } from "../../crds/azure-blob-endpoint.ts";
import type { SigningSettings } from "./signing-settings.ts";

/**
 * The operator's storage clients, one per provider, made on first use and kept: the URL signer and the output
 * remover both act with the storage Secret's credentials from the operator's env.
 */
export interface StorageClients {
  s3(): S3Client;
  /** The account key credential and blob endpoint for `account` (the configured one when a URI names none), or why not. */
  azure(account?: string): { credential: StorageSharedKeyCredential; endpoint: string } | { problem: string };
  /** The GCS client, or why not (the key is not JSON; its text must not reach a status). */
  gcs(): Storage | { problem: string };
  /** The configured blob endpoint, or the configured account's default; undefined without either. */
  azureEndpoint: string | undefined;
  /** The GCS JSON API endpoint when not Google's (an emulator); signed URLs name it as their host. */
  gcsEndpoint: string | undefined;
}

export function storageClients(settings: SigningSettings): StorageClients {
  let s3: S3Client | undefined;
  let gcs: Storage | undefined;
  const azureEndpoint = settings.azure.blobEndpoint ?? (settings.azure.accountName === undefined ? undefined : azureBlobEndpoint(settings.azure.accountName));
  return {
    azureEndpoint,
    gcsEndpoint: settings.gcs.endpoint,
    s3() {
      const { endpoint, region, forcePathStyle, accessKeyId, secretAccessKey } = settings.s3;
      s3 ??= new S3Client({ region, endpoint, forcePathStyle, credentials: accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined });
      return s3;
    },
    azure(named) {
      const { accountKey } = settings.azure;
      const account = named ?? settings.azure.accountName;
      if (accountKey === undefined || account === undefined || azureEndpoint === undefined) {
        return { problem: "the operator needs the Azure storage account name and key (AZURE_STORAGE_KEY from the storage Secret; a SAS token cannot sign another)" };
      }
      // A wasb URI names the account; the endpoint is the configured one (an emulator) or the account's own.
      return { credential: new StorageSharedKeyCredential(account, accountKey), endpoint: settings.azure.blobEndpoint ?? azureBlobEndpoint(account) };
    },
    gcs() {
      if (gcs !== undefined) return gcs;
      const { endpoint, projectId, credentialsJson } = settings.gcs;
      const credentials = credentialsJson === undefined ? undefined : gcsCredentials(credentialsJson);
      if (credentials === null) return { problem: "EXHAUST_GCS_CREDENTIALS_JSON is not valid JSON" };
      gcs = new Storage({ apiEndpoint: endpoint, projectId, credentials });
      return gcs;
    },
  };
}

/** The service account key, or null when it is not JSON: a parse error quotes the start of the key, which must not reach status. */
function gcsCredentials(json: string): { client_email: string; private_key: string } | null {
  try {
    return JSON.parse(json) as { client_email: string; private_key: string };
  } catch {
    return null;
  }
}
