import type { Readable } from "node:stream";
import type { ContainerClient } from "@azure/storage-blob";
import { objectUri, type ObjectLocation } from "./object-uri.ts";
import type { Sink } from "./sink.ts";
import { storageFailure } from "./storage-errors.ts";
import type { UploadShape } from "./upload-shape.ts";

/**
 * Streams a body into one Azure block blob: blocks of partSize are staged (Put Block) with at most queueSize + 1
 * buffers held and in flight, and one Put Block List commits them after the body's last byte (the SDK's
 * uploadStream). Staged blocks are invisible until that commit, so a body that errors, SIGTERM or SIGKILL leaves no
 * blob, only uncommitted blocks, which Azure discards after a week (or when the next attempt commits the same key).
 * The container's access level is never set here: blobs stay as private as the container.
 */
export function azureBlobSink(container: ContainerClient, location: Extract<ObjectLocation, { provider: "azure" }>, { partSize, queueSize }: UploadShape): Sink {
  return {
    async put(key: string, body: Readable, contentType: string) {
      try {
        await container.getBlockBlobClient(key).uploadStream(body, partSize, queueSize + 1, { blobHTTPHeaders: { blobContentType: contentType } });
      } catch (err) {
        throw storageFailure("azure", err);
      }
      return { uri: objectUri(location, key) };
    },
  };
}
