import type { Readable } from "node:stream";
import { AbortMultipartUploadCommand, ListMultipartUploadsCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { objectUri } from "./object-uri.ts";
import type { Sink } from "./sink.ts";
import { storageFailure } from "./storage-errors.ts";
import type { UploadShape } from "./upload-shape.ts";

/**
 * Streams a body into one S3 object by multipart upload. The object becomes visible only when the upload completes
 * after the body's last byte; a body that errors (a failed source, SIGTERM) aborts the upload, so no partial object
 * or dangling multipart upload remains. After SIGKILL the unfinished upload stays invisible until the batch's next
 * attempt aborts it (abortUnfinished) or, when no attempt follows, a bucket lifecycle rule
 * (AbortIncompleteMultipartUpload) removes it. No ACL is sent: objects keep the bucket's private default.
 */
export function s3Sink(client: S3Client, bucket: string, { partSize, queueSize }: UploadShape): Sink {
  return {
    async put(key: string, body: Readable, contentType: string) {
      const upload = new Upload({ client, params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType }, queueSize, partSize, leavePartsOnError: false });
      try {
        await upload.done();
      } catch (err) {
        // lib-storage aborts on a body error itself; repeat it in case its own abort was skipped or failed.
        if (upload.uploadId !== undefined) await abortQuietly(client, bucket, key, upload.uploadId);
        throw storageFailure("s3", err);
      }
      return { uri: objectUri({ provider: "s3", bucket }, key) };
    },
    async abortUnfinished(prefix: string, isOurs: (key: string) => boolean) {
      let aborted = 0;
      let markers: { KeyMarker?: string; UploadIdMarker?: string } = {};
      for (;;) {
        let page;
        try {
          page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix, ...markers }));
        } catch (err) {
          throw storageFailure("s3", err);
        }
        for (const u of page.Uploads ?? []) {
          if (u.Key === undefined || u.UploadId === undefined || !isOurs(u.Key)) continue;
          if (await abortQuietly(client, bucket, u.Key, u.UploadId)) aborted++;
        }
        const next = { KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker };
        // A truncated page whose markers do not move would list the same page forever.
        if (page.IsTruncated !== true || (next.KeyMarker === markers.KeyMarker && next.UploadIdMarker === markers.UploadIdMarker)) return aborted;
        markers = next;
      }
    },
  };
}

/** Whether the upload is gone: aborted now, or already (NoSuchUpload); false after three failed tries. */
async function abortQuietly(client: S3Client, bucket: string, key: string, uploadId: string): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
      return true;
    } catch (err) {
      if ((err as { name?: string }).name === "NoSuchUpload") return true;
    }
  }
  return false;
}
