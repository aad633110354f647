import { AbortMultipartUploadCommand, DeleteObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { ContainerClient } from "@azure/storage-blob";
import type { StorageProvider } from "../../crds/exhaust-request.ts";
import type { StorageClients } from "./storage-clients.ts";

/** One folder to empty: its provider, bucket (Azure: container, with the account a wasb URI named) and key prefix. */
export interface FolderRef {
  provider: StorageProvider;
  bucket: string;
  account?: string;
  folder: string;
}

export interface Removed {
  /** Objects deleted (a key already gone counts as nothing, not as a failure). */
  deleted: number;
  /** S3 unfinished multipart uploads aborted. */
  aborted: number;
}

/**
 * Deletes every object under `folder` that `isOurs` accepts, and on S3 aborts the unfinished multipart uploads of
 * such keys (billed, invisible storage that may hold personal data). Only keys under the folder are ever listed.
 * Throws, with the provider and bucket in the message, when the store refuses or cannot be reached; a repeated
 * call after a partial run deletes the rest. Azure's uncommitted blocks and GCS's resumable sessions are not
 * listable objects: their stores drop them after 7 days.
 */
export type OutputRemover = (ref: FolderRef, isOurs: (key: string) => boolean) => Promise<Removed>;

export function newOutputRemover(clients: StorageClients): OutputRemover {
  return async (ref, isOurs) => {
    try {
      if (ref.provider === "s3") return await s3Remove(clients.s3(), ref.bucket, ref.folder, isOurs);
      if (ref.provider === "azure") {
        const azure = clients.azure(ref.account);
        if ("problem" in azure) throw new Error(azure.problem);
        const container = new ContainerClient(`${azure.endpoint.replace(/\/+$/, "")}/${ref.bucket}`, azure.credential);
        let deleted = 0;
        for await (const blob of container.listBlobsFlat({ prefix: ref.folder })) {
          if (isOurs(blob.name) && (await container.getBlobClient(blob.name).deleteIfExists({ deleteSnapshots: "include" })).succeeded) deleted++;
        }
        return { deleted, aborted: 0 };
      }
      const gcs = clients.gcs();
      if ("problem" in gcs) throw new Error(gcs.problem);
      const [files] = await gcs.bucket(ref.bucket).getFiles({ prefix: ref.folder, autoPaginate: true });
      let deleted = 0;
      for (const file of files) {
        if (!isOurs(file.name)) continue;
        await file.delete({ ignoreNotFound: true });
        deleted++;
      }
      return { deleted, aborted: 0 };
    } catch (err) {
      const e = err as { name?: string; message?: string };
      throw new Error(`${ref.provider} ${ref.provider === "azure" ? "container" : "bucket"} ${ref.bucket}: ${e.name !== undefined && e.name !== "Error" ? `${e.name}: ` : ""}${e.message ?? String(err)}`, { cause: err });
    }
  };
}

async function s3Remove(client: S3Client, bucket: string, folder: string, isOurs: (key: string) => boolean): Promise<Removed> {
  let deleted = 0;
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: folder, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      if (o.Key === undefined || !isOurs(o.Key)) continue;
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
      deleted++;
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  let aborted = 0;
  let markers: { KeyMarker?: string; UploadIdMarker?: string } = {};
  for (;;) {
    const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: folder, ...markers }));
    for (const u of page.Uploads ?? []) {
      if (u.Key === undefined || u.UploadId === undefined || !isOurs(u.Key)) continue;
      try {
        await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }));
        aborted++;
      } catch (err) {
        if ((err as { name?: string }).name !== "NoSuchUpload") throw err;
      }
    }
    const next = { KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker };
    // A truncated page whose markers do not move would list the same page forever.
    if (page.IsTruncated !== true || (next.KeyMarker === markers.KeyMarker && next.UploadIdMarker === markers.UploadIdMarker)) return { deleted, aborted };
    markers = next;
  }
}
