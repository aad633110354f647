/**
 * The unit a cloud sink uploads in (S3 part, Azure block, GCS resumable chunk) and how many are in flight. Upload
 * memory is about (queueSize + 1) x partSize per concurrent put; S3's minimum part is 5 MiB, and GCS chunks must be
 * multiples of 256 KiB.
 */
export interface UploadShape {
  partSize: number;
  queueSize: number;
}

/** One batch: two 8 MiB parts in flight keep the network busy. Several batches at once: one 5 MiB part each. */
export const uploadShapeFor = (concurrentPuts: number): UploadShape =>
  concurrentPuts <= 1 ? { partSize: 8 * 1024 * 1024, queueSize: 2 } : { partSize: 5 * 1024 * 1024, queueSize: 1 };
