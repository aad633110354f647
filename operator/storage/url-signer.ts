import { DownloadReason } from "../../crds/exhaust-download.ts";
import type { SignOutcome } from "./sign-outcome.ts";
import { storedObjectOf } from "./object-location.ts";
import { azureSignedUrl, gcsSignedUrl, s3SignedUrl, type SignedUrlTerms } from "./signed-url.ts";
import type { StorageClients } from "./storage-clients.ts";

/** Signs a GET of one report object, named by the objectUri in a request's status. */
export type UrlSigner = (batchId: string, objectUri: string, terms: SignedUrlTerms) => Promise<SignOutcome>;

/**
 * The operator's signer: the provider is the objectUri's (a request's output.provider may differ from the default)
 * and every signature is computed locally with the configured key. Failures come back as a reason and a message
 * that says what to configure, never as a throw.
 */
export function newUrlSigner(clients: StorageClients): UrlSigner {
  return async (batchId, objectUri, terms) => {
    const object = storedObjectOf(objectUri, clients.azureEndpoint);
    if (object === undefined) return { batchId, reason: DownloadReason.UnknownObjectUri, message: `the operator cannot tell which storage holds ${objectUri}` };
    try {
      if (object.provider === "s3") return { batchId, url: await s3SignedUrl(clients.s3(), object.bucket, object.key, terms) };
      if (object.provider === "azure") {
        const azure = clients.azure(object.account);
        if ("problem" in azure) return { batchId, reason: DownloadReason.StorageNotConfigured, message: `signing Azure URLs: ${azure.problem}` };
        return { batchId, url: azureSignedUrl(azure.credential, azure.endpoint, object.bucket, object.key, terms) };
      }
      const gcs = clients.gcs();
      if ("problem" in gcs) return { batchId, reason: DownloadReason.StorageNotConfigured, message: gcs.problem };
      return { batchId, url: await gcsSignedUrl(gcs.bucket(object.bucket), object.key, terms, clients.gcsEndpoint) };
    } catch (err) {
      return { batchId, reason: DownloadReason.SigningFailed, message: `${object.provider} signing failed: ${(err as Error).message}` };
    }
  };
}
