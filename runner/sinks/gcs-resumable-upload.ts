import type { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import type { Bucket } from "@google-cloud/storage";
import { objectUri } from "./object-uri.ts";
import type { Sink } from "./sink.ts";
import { storageFailure } from "./storage-errors.ts";
import type { UploadShape } from "./upload-shape.ts";

/**
 * Streams a body into one GCS object by a resumable upload in chunks of partSize (one chunk buffered): the object
 * exists only once the last chunk, sent after the body's last byte with the total size, finalizes the session. A
 * body that errors, SIGTERM or SIGKILL leaves an unfinished session, which GCS discards after a week, and no object.
 * No predefined ACL is sent: the object gets the bucket's defaults (uniform access: private).
 */
export function gcsSink(bucket: Bucket, { partSize }: UploadShape): Sink {
  return {
    async put(key: string, body: Readable, contentType: string) {
      const upload = bucket.file(key).createWriteStream({ resumable: true, chunkSize: partSize, contentType, metadata: { contentType } });
      // Not stream.pipeline: it would destroy the body with the provider's error, which the runner would then take
      // for a failure of its sources. A body that errors (SIGTERM) stops the upload before its last chunk.
      const stop = (err: Error) => upload.destroy(err);
      body.once("error", stop);
      body.pipe(upload);
      try {
        await finished(upload);
      } catch (err) {
        body.unpipe(upload);
        throw storageFailure("gcs", err);
      } finally {
        body.off("error", stop);
      }
      return { uri: objectUri({ provider: "gcs", bucket: bucket.name }, key) };
    },
  };
}
