import { S3Client } from "@aws-sdk/client-s3";
import { StorageSharedKeyCredential } from "@azure/storage-blob";
import { Storage } from "@google-cloud/storage";
import { DownloadReason } from "../../crds/exhaust-download.ts";
import type { SignOutcome } from "./sign-outcome.ts";
import { storedObjectOf } from "./object-location.ts";
import { azureSignedUrl, gcsSignedUrl, s3SignedUrl, type SignedUrlTerms } from "./signed-url.ts";
import type { SigningSettings } from "./signing-settings.ts";
import { azureBlobEndpoint } from "../../crds/azure-blob-endpoint.ts";

/** Signs a GET of one report object, named by the objectUri in a request's status. */
export type UrlSigner = (batchId: string, objectUri: string, terms: SignedUrlTerms) => Promise<SignOutcome>;

/**
 * The operator's signer: the provider is the objectUri's (a request's output.provider may differ from the default),
 * each provider's client is made on first use and kept, and every signature is computed locally with the
 * configured key. Failures come back as a reason and a message that says what to configure, never as a throw.
 */
export function newUrlSigner(settings: SigningSettings): UrlSigner {
  let s3: S3Client | undefined;
  let gcs: Storage | undefined;
  const azureEndpoint = settings.azure.blobEndpoint ?? (settings.azure.accountName === undefined ? undefined : azureBlobEndpoint(settings.azure.accountName));
  return async (batchId, objectUri, terms) => {
    const object = storedObjectOf(objectUri, azureEndpoint);
    if (object === undefined) return { batchId, reason: DownloadReason.UnknownObjectUri, message: `the operator cannot tell which storage holds ${objectUri}` };
    try {
      if (object.provider === "s3") {
        const { endpoint, region, forcePathStyle, accessKeyId, secretAccessKey } = settings.s3;
        s3 ??= new S3Client({ region, endpoint, forcePathStyle, credentials: accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined });
        return { batchId, url: await s3SignedUrl(s3, object.bucket, object.key, terms) };
      }
      if (object.provider === "azure") {
        const { accountKey } = settings.azure;
        const account = object.account ?? settings.azure.accountName;
        if (accountKey === undefined || account === undefined || azureEndpoint === undefined) {
          return { batchId, reason: DownloadReason.StorageNotConfigured, message: "signing Azure URLs needs the storage account name and key in the operator (AZURE_STORAGE_KEY from the storage Secret; a SAS token cannot sign another)" };
        }
        // A wasb URI names the account; the endpoint is the configured one (an emulator) or the account's own.
        const endpoint = settings.azure.blobEndpoint ?? azureBlobEndpoint(account);
        return { batchId, url: azureSignedUrl(new StorageSharedKeyCredential(account, accountKey), endpoint, object.bucket, object.key, terms) };
      }
      const { endpoint, projectId, credentialsJson } = settings.gcs;
      const credentials = credentialsJson === undefined ? undefined : gcsCredentials(credentialsJson);
      if (credentials === null) return { batchId, reason: DownloadReason.StorageNotConfigured, message: "EXHAUST_GCS_CREDENTIALS_JSON is not valid JSON" };
      gcs ??= new Storage({ apiEndpoint: endpoint, projectId, credentials });
      return { batchId, url: await gcsSignedUrl(gcs.bucket(object.bucket), object.key, terms, endpoint) };
    } catch (err) {
      return { batchId, reason: DownloadReason.SigningFailed, message: `${object.provider} signing failed: ${(err as Error).message}` };
    }
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
