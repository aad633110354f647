import type { Client } from "cassandra-driver";
import type { BatchCollections } from "../bridge/row-to-request.ts";
import { resolveBatches, type BatchReadOptions } from "../requests/store-reads/course-batches.ts";

/**
 * course_batch.courseid of each batch (null: no such batch), through the request controller's own read. With no
 * collection named, resolveBatches finds every batch by batchid alone, as it does for a batch of another collection.
 * A store error throws: the pass is retried with backoff and the rows stay SUBMITTED meanwhile.
 */
export async function batchCollections(cassandra: Client, batchIds: readonly string[], options: BatchReadOptions): Promise<BatchCollections> {
  if (batchIds.length === 0) return {};
  const resolution = await resolveBatches(cassandra, { collectionId: "", batches: { ids: [...batchIds] } }, options);
  if (resolution.kind === "unavailable") throw new Error(resolution.message);
  return Object.fromEntries([...resolution.found.map((b) => [b.batchId, b.collectionId] as const), ...resolution.notFound.map((id) => [id, null] as const)]);
}
