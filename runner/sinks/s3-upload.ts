import type { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  ChecksumAlgorithm,
  CompleteMultipartUploadCommand,
  type CompletedPart,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { objectUri } from "./object-uri.ts";
import type { Sink } from "./sink.ts";
import { storageFailure } from "./storage-errors.ts";
import type { UploadShape } from "./upload-shape.ts";
import { uploadParts } from "./upload-parts.ts";

/**
 * Streams a body into one S3 object by multipart upload, queueSize parts in flight, from queueSize + 1 reused part
 * buffers (upload-parts.ts); a body of one part is one PutObject. The object becomes visible only when the upload
 * completes after the body's last byte; a body that errors (a failed source, SIGTERM) or a failed request aborts the
 * upload, so no partial object or dangling multipart upload remains. After SIGKILL the unfinished upload stays
 * invisible until the batch's next attempt aborts it (abortUnfinished) or, when no attempt follows, a bucket lifecycle
 * rule (AbortIncompleteMultipartUpload) removes it. No ACL is sent: objects keep the bucket's private default.
 */
export function s3Sink(client: S3Client, bucket: string, { partSize, queueSize }: UploadShape): Sink {
  return {
    async put(key: string, body: Readable, contentType: string) {
      const target = { Bucket: bucket, Key: key };
      let uploadId: string | undefined;
      const done: CompletedPart[] = [];
      const inFlight = new Set<Promise<void>>();
      let failed: { err: unknown } | undefined;
      try {
        // On a failed request the body is left to the caller, who destroys it (sink.ts); destroying it here would fail
        // the source with a premature close that hides the storage error.
        for await (const part of uploadParts(body.iterator({ destroyOnReturn: false }), partSize, queueSize + 1)) {
          if (part.number === 1 && part.last) {
            await client.send(new PutObjectCommand({ ...target, Body: part.bytes, ContentType: contentType }));
            part.release();
            break;
          }
          uploadId ??= await createUpload(client, target, contentType);
          while (inFlight.size >= queueSize && failed === undefined) await Promise.race(inFlight);
          if (failed !== undefined) throw failed.err;
          const sent: Promise<void> = client
            .send(new UploadPartCommand({ ...target, UploadId: uploadId, PartNumber: part.number, Body: part.bytes }))
            .then((r) => void done.push(completedPart(part.number, r)))
            .catch((err: unknown) => void (failed ??= { err }))
            .finally(() => {
              part.release();
              inFlight.delete(sent);
            });
          inFlight.add(sent);
        }
        await Promise.all(inFlight);
        if (failed !== undefined) throw failed.err;
        if (uploadId !== undefined) {
          done.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
          await client.send(new CompleteMultipartUploadCommand({ ...target, UploadId: uploadId, MultipartUpload: { Parts: done } }));
        }
      } catch (err) {
        // Parts still being sent could land after an abort and keep the upload alive.
        await Promise.allSettled(inFlight);
        if (uploadId !== undefined) await abortQuietly(client, bucket, key, uploadId);
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

/**
 * Starts the multipart upload. When the client computes checksums for every request (the SDK's default), the upload
 * declares CRC32 and CompleteMultipartUpload lists each part's, as S3 requires once a part carries one.
 */
async function createUpload(client: S3Client, target: { Bucket: string; Key: string }, contentType: string): Promise<string> {
  const checksums = await client.config.requestChecksumCalculation();
  const created = await client.send(new CreateMultipartUploadCommand({ ...target, ContentType: contentType, ...(checksums === "WHEN_SUPPORTED" ? { ChecksumAlgorithm: ChecksumAlgorithm.CRC32 } : {}) }));
  if (created.UploadId === undefined) throw new Error("CreateMultipartUpload returned no UploadId");
  return created.UploadId;
}

/** A sent part as CompleteMultipartUpload lists it: its ETag and whichever checksum S3 returned. */
function completedPart(partNumber: number, r: { ETag?: string; ChecksumCRC32?: string; ChecksumCRC32C?: string; ChecksumCRC64NVME?: string; ChecksumSHA1?: string; ChecksumSHA256?: string }): CompletedPart {
  if (r.ETag === undefined) throw new Error(`UploadPart ${partNumber} returned no ETag`);
  return {
    PartNumber: partNumber,
    ETag: r.ETag,
    ...(r.ChecksumCRC32 === undefined ? {} : { ChecksumCRC32: r.ChecksumCRC32 }),
    ...(r.ChecksumCRC32C === undefined ? {} : { ChecksumCRC32C: r.ChecksumCRC32C }),
    ...(r.ChecksumCRC64NVME === undefined ? {} : { ChecksumCRC64NVME: r.ChecksumCRC64NVME }),
    ...(r.ChecksumSHA1 === undefined ? {} : { ChecksumSHA1: r.ChecksumSHA1 }),
    ...(r.ChecksumSHA256 === undefined ? {} : { ChecksumSHA256: r.ChecksumSHA256 }),
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
