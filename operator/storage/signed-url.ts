import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { BlobSASPermissions, generateBlobSASQueryParameters, SASProtocol, type StorageSharedKeyCredential } from "@azure/storage-blob";
import type { Bucket } from "@google-cloud/storage";
import { DEFAULT_SIGNED_URL_EXPIRY_MINUTES } from "../../crds/exhaust-download.ts";

/** When the signature starts (`now`, never the wall clock) and how long it lasts. */
export interface SignedUrlTerms {
  now: Date;
  expiryMinutes?: number;
}

const expiryOf = ({ now, expiryMinutes = DEFAULT_SIGNED_URL_EXPIRY_MINUTES }: SignedUrlTerms): Date => new Date(now.getTime() + expiryMinutes * 60_000);

// Download URLs the operator hands out through an ExhaustDownload's status (operator/downloads/); the request's
// status keeps only the object URI. All three sign locally with the configured key: no request leaves the process.

/** An S3 presigned GET (SigV4 query string). */
export async function s3SignedUrl(client: S3Client, bucket: string, key: string, terms: SignedUrlTerms): Promise<string> {
  const expiresIn = Math.round((expiryOf(terms).getTime() - terms.now.getTime()) / 1000);
  return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn, signingDate: terms.now });
}

/**
 * An Azure service SAS with read permission on one blob, signed with the account key (a SAS token cannot sign
 * another). https only, unless the blob endpoint itself is plain http (an emulator on loopback).
 */
export function azureSignedUrl(credential: StorageSharedKeyCredential, endpoint: string, container: string, key: string, terms: SignedUrlTerms): string {
  const base = endpoint.replace(/\/+$/, "");
  const protocol = base.startsWith("http://") ? SASProtocol.HttpsAndHttp : SASProtocol.Https;
  const sas = generateBlobSASQueryParameters({ containerName: container, blobName: key, permissions: BlobSASPermissions.parse("r"), startsOn: terms.now, expiresOn: expiryOf(terms), protocol }, credential);
  return `${base}/${container}/${key.split("/").map(encodeURIComponent).join("/")}?${sas.toString()}`;
}

/** A GCS V4 signed GET, signed with the service account's private key; `host` is the emulator's URL in tests. */
export async function gcsSignedUrl(bucket: Bucket, key: string, terms: SignedUrlTerms, host?: string): Promise<string> {
  const [url] = await bucket.file(key).getSignedUrl({ version: "v4", action: "read", accessibleAt: terms.now, expires: expiryOf(terms), ...(host === undefined ? {} : { host }) });
  return url;
}
