import type { Readable } from "node:stream";
import { AbortMultipartUploadCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";

/** Upload memory is about (queueSize + 1) x partSize per concurrent put; S3's minimum part is 5 MiB. */
export interface UploadShape {
  partSize: number;
  queueSize: number;
}

/** One batch: two 8 MiB parts in flight keep the network busy. Several batches at once: one 5 MiB part each. */
export const uploadShapeFor = (concurrentPuts: number): UploadShape =>
  concurrentPuts <= 1 ? { partSize: 8 * 1024 * 1024, queueSize: 2 } : { partSize: 5 * 1024 * 1024, queueSize: 1 };

/**
 * Streams a body into one S3 object by multipart upload. The object becomes visible only when the upload completes
 * after the body's last byte; a body that errors (a failed source, SIGTERM) aborts the upload, so no partial object
 * or dangling multipart upload remains. Stop a put by destroying its body, never by abandoning the promise.
 */
export function s3Sink(client: S3Client, bucket: string, { partSize, queueSize }: UploadShape): { put(key: string, body: Readable, contentType: string): Promise<{ uri: string }> } {
  return {
    async put(key, body, contentType) {
      const upload = new Upload({ client, params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType }, queueSize, partSize, leavePartsOnError: false });
      try {
        await upload.done();
      } catch (err) {
        // lib-storage aborts on a body error itself; repeat it in case its own abort was skipped or failed.
        if (upload.uploadId !== undefined) await abortQuietly(client, bucket, key, upload.uploadId);
        throw err;
      }
      return { uri: `s3://${bucket}/${key}` };
    },
  };
}

async function abortQuietly(client: S3Client, bucket: string, key: string, uploadId: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
      return;
    } catch (err) {
      if ((err as { name?: string }).name === "NoSuchUpload") return;
    }
  }
}
